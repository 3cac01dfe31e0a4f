/**
 * Seed "Understanding Users, Groups, and Contacts", section Contacts: contacts join on mail
 * ("In from AD - Contact Join"); sourceObjectType is Contact until a user joins, then User; the
 * outbound Contact Join or User Join rule makes an Entra ID contact or user accordingly; a contact
 * is promoted (Entra contact deleted, user created) when the forest with the real user is
 * synchronized later; with user matching not on mail, a contact imported before the user leaves two
 * metaverse objects with the same mail and the export to Entra ID shows the error, by design.
 */
import { describe, expect, it } from 'vitest';
import {
  aadOf,
  contributorOf,
  loadDoc,
  mv,
  mvAll,
  runScenario,
  runsOf,
  sessionAfter,
  tenantAll,
  tenantObject,
  variant,
  withSteps,
} from './harness.ts';

const GALSYNC = loadDoc('galsync-merger');
const PITFALL = loadDoc('user-matching-pitfall');
const AAD = aadOf(GALSYNC);
/** The built-in steps: contoso.com alone, exported; then a cycle with both forests. */
const CONTOSO_ALONE = (GALSYNC.steps ?? []).slice(0, 5);

describe('contacts join on mail', () => {
  it('GALSync contacts join the users of the other forest instead of becoming objects', async () => {
    const session = await sessionAfter(GALSYNC);
    const r = session.result();
    expect(r.metaverse).toHaveLength(4);
    for (const [name, contactForest, userForest] of [
      ['Ann Lee', 'fabrikam.com', 'contoso.com'],
      ['Carl Berg', 'contoso.com', 'fabrikam.com'],
    ] as const) {
      const m = mv(r, name);
      const byForest = new Map(m.connectors.map((c) => [c.connector, c.rule]));
      expect(byForest.get(contactForest)).toBe('In from AD - Contact Join');
      expect(byForest.get(userForest)).toBe('In from AD - User Join');
      expect(m.attributes.sourceObjectType).toBe('User');
      // "In from AD - User Common" (for mailbox users its "from Exchange" sibling) outranks Contact Common.
      const by = contributorOf(session, m.id, 'sourceObjectType');
      expect(by.connector).toBe(userForest);
      expect(by.ruleName).toMatch(/^In from AD - User Common( from Exchange)?$/);
    }
  });

  it('a contact imported after the user joins it, whatever the user matching option', () => {
    const r = runScenario(PITFALL, ['fabrikam.com', 'contoso.com']);
    const dana = mv(r, 'Dana Fox');
    expect(dana.connectors.map((c) => c.rule).sort()).toEqual([
      'In from AD - Contact Join',
      'In from AD - User Join',
      'Out to AAD - User Join',
    ]);
    expect(tenantAll(r, 'Dana Fox').map((t) => t.objectType)).toEqual(['user']);
  });
});

describe('sourceObjectType and the Entra ID object type', () => {
  it('Contact until a user joins: the first export creates Entra ID contacts', async () => {
    const session = await sessionAfter(withSteps(GALSYNC, CONTOSO_ALONE));
    const r = session.result();
    for (const name of ['Carl Berg', 'Dana Fox']) {
      const m = mv(r, name);
      expect(m.attributes.sourceObjectType).toBe('Contact');
      expect(contributorOf(session, m.id, 'sourceObjectType').ruleName).toBe(
        'In from AD - Contact Common',
      );
      expect(m.connectors.find((c) => c.connector === AAD)?.rule).toBe('Out to AAD - Contact Join');
      const t = tenantObject(r, name);
      expect(t.objectType).toBe('contact');
      expect(t.dirSyncEnabled).toBe(true);
    }
    for (const name of ['Ann Lee', 'Bob Kent']) {
      expect(tenantObject(r, name).objectType).toBe('user');
    }
  });

  it('a contact for somebody in no synchronized forest stays a contact', () => {
    const r = runScenario(loadDoc('fixtures/three-forest-merger'));
    expect(mv(r, 'Pat Quinn').attributes.sourceObjectType).toBe('Contact');
    expect(tenantObject(r, 'Pat Quinn').objectType).toBe('contact');
  });

  it('the forest with the real users synchronized later promotes the contacts', () => {
    const before = runScenario(withSteps(GALSYNC, CONTOSO_ALONE));
    const after = runScenario(GALSYNC);
    for (const name of ['Carl Berg', 'Dana Fox']) {
      const contact = tenantObject(before, name);
      expect(mv(after, name).attributes.sourceObjectType).toBe('User');
      // The Entra ID contact is deleted and a user created instead.
      const now = tenantAll(after, name);
      expect(now.map((t) => t.objectType)).toEqual(['user']);
      expect(now[0]?.id).not.toBe(contact.id);
      expect(after.tenant.some((t) => t.id === contact.id)).toBe(false);
      expect(mv(after, name).connectors.find((c) => c.connector === AAD)?.rule).toBe(
        'Out to AAD - User Join',
      );
    }
    const lastExport = runsOf(after, AAD, 'Export').at(-1);
    expect(lastExport?.status).toBe('success');
    expect(lastExport?.counts).toMatchObject({ adds: 2, deletes: 2 });
  });
});

describe('user matching not on mail: order dependent, by design', () => {
  it('a contact imported before the user leaves two metaverse objects with the same mail', () => {
    const r = runScenario(PITFALL, ['contoso.com', 'fabrikam.com']);
    const both = mvAll(r, 'Dana Fox');
    expect(both.map((m) => m.attributes.sourceObjectType).sort()).toEqual(['Contact', 'User']);
    expect(new Set(both.map((m) => m.attributes.mail))).toEqual(new Set(['dana.fox@fabrikam.com']));
    // The export shows the error: the address can belong to one Entra ID object only.
    const inTenant = tenantAll(r, 'Dana Fox');
    expect(inTenant.map((t) => t.objectType).sort()).toEqual(['contact', 'user']);
    const errors = inTenant.flatMap((t) => t.provisioningErrors);
    expect(errors).toEqual([
      expect.objectContaining({ attribute: 'proxyAddresses', value: 'SMTP:dana.fox@fabrikam.com' }),
    ]);
  });

  it('user matching on mail, as the document recommends, gives one object in either order', () => {
    const doc = variant(PITFALL, (d) => {
      d.installation.userMatching = 'mail';
    });
    for (const order of [
      ['contoso.com', 'fabrikam.com'],
      ['fabrikam.com', 'contoso.com'],
    ]) {
      const r = runScenario(doc, order);
      expect(mv(r, 'Dana Fox').attributes.sourceObjectType).toBe('User');
      const t = tenantObject(r, 'Dana Fox');
      expect(t.objectType).toBe('user');
      expect(t.provisioningErrors).toEqual([]);
    }
  });
});
