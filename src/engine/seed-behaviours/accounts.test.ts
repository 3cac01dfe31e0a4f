/**
 * Seed "Understanding Users, Groups, and Contacts", general rules and "Disabled accounts":
 * - an active account always contributes userPrincipalName and sourceAnchor;
 * - a disabled account contributes them only if no active account is found;
 * - an account with a linked mailbox (msExchRecipientTypeDetails = 2) is never used for them and
 *   never provisions an account on its own;
 * - disabled accounts (conference rooms, resources) are synchronized.
 */
import { describe, expect, it } from 'vitest';
import {
  aadOf,
  adObject,
  allErrors,
  connectorsOf,
  contributorOf,
  forestAloneSteps,
  immutableIdOf,
  loadDoc,
  mv,
  mvAll,
  runScenario,
  sessionAfter,
  tenantAll,
  tenantObject,
  withSteps,
} from './harness.ts';

const AR = loadDoc('account-resource-forest');
const ACCOUNTS = 'fabrikam.com';
const RESOURCES = 'resources.fabrikam.net';
const AR_ORDERS = [
  [ACCOUNTS, RESOURCES],
  [RESOURCES, ACCOUNTS],
];

const MERGER = loadDoc('fixtures/three-forest-merger');
const MERGER_ORDERS = [
  ['contoso.com', 'fabrikam.com', 'tailspintoys.com'],
  ['tailspintoys.com', 'fabrikam.com', 'contoso.com'],
  ['fabrikam.com', 'tailspintoys.com', 'contoso.com'],
];

describe('an enabled account always contributes userPrincipalName and sourceAnchor', () => {
  for (const order of AR_ORDERS) {
    it(`account and resource forests, ${order.join(' then ')}`, async () => {
      const session = await sessionAfter(AR, order);
      const r = session.result();
      for (const name of ['Ann Lee', 'Bob Kent']) {
        const account = adObject(AR, ACCOUNTS, `CN=${name},`);
        const m = mv(r, name);
        // One person: the enabled account and the linked mailbox are joined to one object.
        expect(connectorsOf(m)).toEqual([ACCOUNTS, aadOf(AR), RESOURCES].sort());
        expect(m.attributes.userPrincipalName).toBe(account.userPrincipalName);
        expect(m.attributes.sourceAnchor).toBe(immutableIdOf(String(account.objectGUID)));
        for (const attribute of ['userPrincipalName', 'sourceAnchor']) {
          expect(contributorOf(session, m.id, attribute)).toEqual({
            connector: ACCOUNTS,
            ruleName: 'In from AD - User AccountEnabled',
          });
        }
        // The mailbox's GAL attributes still come from the resource forest.
        expect(m.attributes.mail).toBe(adObject(AR, RESOURCES, `CN=${name},`).mail);
        const t = tenantObject(r, name);
        expect(t.dirSyncEnabled).toBe(true);
        expect(t.attributes.userPrincipalName).toBe(account.userPrincipalName);
        expect(t.attributes.sourceAnchor).toBe(immutableIdOf(String(account.objectGUID)));
        expect(t.attributes.accountEnabled).toBe(true);
      }
    });
  }

  for (const order of MERGER_ORDERS) {
    it(`three forests with mail matching, ${order.join(' then ')}: not the disabled account's`, async () => {
      const session = await sessionAfter(MERGER, order);
      const r = session.result();
      const enabled = adObject(MERGER, 'contoso.com', 'CN=Ann Lee,');
      const disabled = adObject(MERGER, 'fabrikam.com', 'CN=Ann Lee,');
      const ann = mv(r, 'Ann Lee');
      expect(connectorsOf(ann)).toContain('fabrikam.com');
      expect(ann.attributes.userPrincipalName).toBe(enabled.userPrincipalName);
      expect(ann.attributes.userPrincipalName).not.toBe(disabled.userPrincipalName);
      expect(ann.attributes.sourceAnchor).toBe(immutableIdOf(String(enabled.objectGUID)));
      expect(contributorOf(session, ann.id, 'sourceAnchor').connector).toBe('contoso.com');
      expect(tenantObject(r, 'Ann Lee').attributes.accountEnabled).toBe(true);
    });
  }
});

describe('a disabled account contributes them only when no enabled account joins', () => {
  for (const order of MERGER_ORDERS) {
    it(`a leaver with only a disabled account is provisioned with its values (${order[0]} first)`, () => {
      const r = runScenario(MERGER, order);
      const account = adObject(MERGER, 'tailspintoys.com', 'CN=Dan Ruiz,');
      const dan = mv(r, 'Dan Ruiz');
      // Joined with the GALSync contact on mail, but a user: the disabled account supplies sign-in.
      expect(dan.attributes.sourceObjectType).toBe('User');
      expect(dan.attributes.userPrincipalName).toBe(account.userPrincipalName);
      expect(dan.attributes.sourceAnchor).toBe(immutableIdOf(String(account.objectGUID)));
      const t = tenantObject(r, 'Dan Ruiz');
      expect(t.objectType).toBe('user');
      expect(t.attributes.accountEnabled).toBe(false);
      expect(t.attributes.userPrincipalName).toBe(account.userPrincipalName);
    });
  }

  it('found first, the disabled account is provisioned; an enabled account joining later wins', () => {
    const disabled = adObject(MERGER, 'fabrikam.com', 'CN=Ann Lee,');
    const enabled = adObject(MERGER, 'contoso.com', 'CN=Ann Lee,');
    // fabrikam.com alone: the disabled account is all there is.
    const first = runScenario(withSteps(MERGER, forestAloneSteps(MERGER, 'fabrikam.com')));
    expect(mv(first, 'Ann Lee').attributes.userPrincipalName).toBe(disabled.userPrincipalName);
    const exported = tenantObject(first, 'Ann Lee');
    expect(exported.attributes.sourceAnchor).toBe(immutableIdOf(String(disabled.objectGUID)));
    expect(exported.attributes.accountEnabled).toBe(false);

    // Then every forest: the enabled account's userPrincipalName and sourceAnchor are used. Entra
    // ID already holds the disabled account's sourceAnchor, which cannot change: the sourceAnchor
    // guard reports it, which is why the document assumes no active account is found later.
    const later = runScenario(
      withSteps(MERGER, [
        ...forestAloneSteps(MERGER, 'fabrikam.com'),
        { cycle: 'initial' },
        { cycle: 'delta' },
      ]),
    );
    const ann = mv(later, 'Ann Lee');
    expect(ann.attributes.userPrincipalName).toBe(enabled.userPrincipalName);
    expect(ann.attributes.sourceAnchor).toBe(immutableIdOf(String(enabled.objectGUID)));
    expect(ann.attributes.cloudSourceAnchor).toBe(immutableIdOf(String(disabled.objectGUID)));
    expect(allErrors(later).map((e) => e.message)).toContain('SourceAnchor attribute has changed.');
    expect(tenantObject(later, 'Ann Lee').attributes.sourceAnchor).toBe(
      immutableIdOf(String(disabled.objectGUID)),
    );
  });
});

describe('a linked mailbox never contributes them and is never provisioned on its own', () => {
  it('a linked mailbox whose account forest is not synced stays in the metaverse only', () => {
    const r = runScenario(AR);
    const gil = mv(r, 'Gil Moreno');
    expect(gil.attributes.sourceAnchor).toBeUndefined();
    expect(gil.attributes.sourceObjectType).toBeUndefined();
    expect(connectorsOf(gil)).toEqual([RESOURCES]);
    expect(tenantAll(r, 'Gil Moreno')).toEqual([]);
  });

  it('the resource forest exported alone provisions no linked mailbox, only the resources', () => {
    const r = runScenario(withSteps(AR, forestAloneSteps(AR, RESOURCES)));
    for (const name of ['Ann Lee', 'Bob Kent', 'Gil Moreno']) {
      expect(mv(r, name).attributes.sourceAnchor).toBeUndefined();
      expect(tenantAll(r, name)).toEqual([]);
    }
    expect(tenantAll(r, 'Conference Room Harbor')).toHaveLength(1);
    expect(tenantAll(r, 'Projector 7')).toHaveLength(1);
  });

  for (const order of MERGER_ORDERS) {
    it(`a linked mailbox in a third forest does not take over (${order[0]} first)`, () => {
      const r = runScenario(MERGER, order);
      const account = adObject(MERGER, 'fabrikam.com', 'CN=Carl Berg,');
      const carl = mv(r, 'Carl Berg');
      expect(connectorsOf(carl)).toContain('tailspintoys.com');
      expect(carl.attributes.userPrincipalName).toBe(account.userPrincipalName);
      expect(carl.attributes.sourceAnchor).toBe(immutableIdOf(String(account.objectGUID)));
      expect(tenantAll(r, 'Carl Berg')).toHaveLength(1);
    });
  }
});

describe('disabled accounts are synchronized', () => {
  it('rooms and equipment of the resource forest become disabled users in Entra ID', () => {
    const r = runScenario(AR);
    for (const [name, cn] of [
      ['Conference Room Harbor', 'CN=Conference Room Harbor,'],
      ['Projector 7', 'CN=Projector 7,'],
    ] as const) {
      const source = adObject(AR, RESOURCES, cn);
      expect(source.userAccountControl).toBe(514);
      expect(mv(r, name).attributes.accountEnabled).toBe(false);
      const t = tenantObject(r, name);
      expect(t.objectType).toBe('user');
      expect(t.attributes.accountEnabled).toBe(false);
      expect(t.attributes.sourceAnchor).toBe(immutableIdOf(String(source.objectGUID)));
      // resources.fabrikam.net is not a verified domain: Entra ID gives the MOERA suffix.
      expect(t.attributes.userPrincipalName).toBe(
        `${String(source.mailNickname)}@fabrikam.onmicrosoft.com`,
      );
    }
  });

  it('a room in a merged forest is synced too', () => {
    const r = runScenario(MERGER);
    expect(mvAll(r, 'Room Atlas')).toHaveLength(1);
    expect(tenantObject(r, 'Room Atlas').attributes.accountEnabled).toBe(false);
  });
});
