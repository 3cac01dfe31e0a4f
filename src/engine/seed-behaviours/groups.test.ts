/**
 * Seed "Understanding Users, Groups, and Contacts", section Groups: built-in security groups are
 * excluded; primary group membership and dynamic distribution group membership are not synced;
 * the mail-enabled rules (empty proxyAddresses needs mail; otherwise at least one SMTP address,
 * `SMTP:` or `smtp:`; X500 alone is not enough); a member from another forest is a foreign security
 * principal, which resolves when the ForeignSecurityPrincipals container is synced and is removed
 * from the membership when it is not.
 */
import { describe, expect, it } from 'vitest';
import { isMailEnabled } from '../entra/tenant.ts';
import type { AttributeBag } from '../expr/values.ts';
import {
  adObject,
  loadDoc,
  mv,
  mvAll,
  mvRefNames,
  runScenario,
  tenantAll,
  tenantObject,
  tenantRefNames,
  variant,
  withSteps,
  type ScenarioDoc,
} from './harness.ts';

const GROUPS = loadDoc('group-mail-enabled');
const CONTOSO = 'contoso.com';
const FSP_DN =
  'CN=S-1-5-21-1454471165-1004335555-1606980848-1105,CN=ForeignSecurityPrincipals,DC=contoso,DC=com';

function contoso(doc: ScenarioDoc): ScenarioDoc['forests'][number] {
  const f = doc.forests.find((x) => x.name === CONTOSO);
  if (!f) throw new Error('no contoso.com');
  return f;
}

describe('built-in security groups are excluded', () => {
  const r = runScenario(GROUPS);
  for (const name of ['Domain Admins', 'Domain Users', 'Administrators']) {
    it(name, () => {
      const cn = name === 'Administrators' ? 'CN=Administrators,CN=Builtin' : `CN=${name},CN=Users`;
      expect(adObject(GROUPS, CONTOSO, cn).isCriticalSystemObject).toBe(true);
      expect(mvAll(r, name)).toEqual([]);
      expect(tenantAll(r, name)).toEqual([]);
    });
  }
});

describe('memberships that are not synced', () => {
  it('primary group membership (primaryGroupID) is not synced, only the member attribute', () => {
    // A custom group that is Bob's primary group: he is its member through primaryGroupID only.
    const doc = variant(GROUPS, (d) => {
      const f = contoso(d);
      f.objects.push({
        dn: 'CN=Contractors,OU=Groups,DC=contoso,DC=com',
        objectClass: 'group',
        attributes: {
          objectGUID: '0e3b9a51-7c2d-4f6e-9a1b-2c3d4e5f6a7b',
          objectSid: 'S-1-5-21-3623811015-3361044348-30300820-1120',
          cn: 'Contractors',
          sAMAccountName: 'Contractors',
          displayName: 'Contractors',
          groupType: -2147483646,
          member: ['CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com'],
        },
      });
      const bob = f.objects.find((o) => o.dn.startsWith('CN=Bob Kent,'));
      if (bob) bob.attributes.primaryGroupID = 1120;
    });
    const r = runScenario(doc);
    expect(mvRefNames(r, mv(r, 'Contractors'), 'member')).toEqual(['Ann Lee']);
    expect(tenantRefNames(r, tenantObject(r, 'Contractors'), 'member')).toEqual(['Ann Lee']);
  });

  it('a dynamic distribution group is not synced (its membership is a query, not members)', () => {
    const r = runScenario(GROUPS);
    expect(adObject(GROUPS, CONTOSO, 'CN=All Contoso Dynamic,').mail).toBe('all@contoso.com');
    expect(mvAll(r, 'All Contoso Dynamic')).toEqual([]);
    expect(tenantAll(r, 'All Contoso Dynamic')).toEqual([]);
    expect(r.tenant.some((t) => JSON.stringify(t.attributes).includes('all@contoso.com'))).toBe(
      false,
    );
  });
});

describe('mail-enabled groups', () => {
  const r = runScenario(GROUPS);
  const expected: [string, boolean][] = [
    ['Legacy Project', false], // X500 only
    ['Sales', true], // SMTP:
    ['Support', true], // smtp: only
    ['Finance Notices', true], // empty proxyAddresses, mail set
    ['Building 4 Access', false], // neither
  ];
  for (const [name, mailEnabled] of expected) {
    it(`${name}: ${mailEnabled ? 'mail-enabled' : 'not mail-enabled'}`, () => {
      expect(mv(r, name).attributes.mailEnabled).toBe(mailEnabled);
      const t = tenantObject(r, name);
      expect(t.objectType).toBe('group');
      expect(isMailEnabled(t.attributes as AttributeBag)).toBe(mailEnabled);
    });
  }

  // The document's own examples, applied to one group.
  const X500 = 'X500:/0=contoso.com/ou=users/cn=testgroup';
  const cases: [string, Record<string, unknown>, boolean][] = [
    ['{X500} only', { proxyAddresses: [X500] }, false],
    ['{X500, SMTP:}', { proxyAddresses: [X500, 'SMTP:johndoe@contoso.com'] }, true],
    ['{X500, smtp:}', { proxyAddresses: [X500, 'smtp:johndoe@contoso.com'] }, true],
    ['empty proxyAddresses with mail', { mail: 'johndoe@contoso.com' }, true],
    ['empty proxyAddresses without mail', {}, false],
    // "If the group's proxyAddress attribute is non-empty, it must contain at least one SMTP
    // proxy address value": mail does not make up for it.
    ['{X500} with mail', { proxyAddresses: [X500], mail: 'johndoe@contoso.com' }, false],
  ];
  for (const [label, attributes, mailEnabled] of cases) {
    it(`the documented example ${label}: ${mailEnabled}`, () => {
      const doc = variant(GROUPS, (d) => {
        const g = contoso(d).objects.find((o) => o.dn.startsWith('CN=Legacy Project,'));
        if (!g) throw new Error('no Legacy Project');
        delete g.attributes.proxyAddresses;
        delete g.attributes.mail;
        Object.assign(g.attributes, attributes);
      });
      const out = runScenario(doc);
      expect(mv(out, 'Legacy Project').attributes.mailEnabled).toBe(mailEnabled);
      expect(isMailEnabled(tenantObject(out, 'Legacy Project').attributes as AttributeBag)).toBe(
        mailEnabled,
      );
    });
  }
});

describe('members from another forest: foreign security principals', () => {
  it('the FSP joins the user it stands for and the membership resolves', () => {
    const r = runScenario(GROUPS);
    const carl = mv(r, 'Carl Berg');
    expect(carl.connectors).toContainEqual({
      connector: CONTOSO,
      dn: FSP_DN,
      rule: 'In from AD - ForeignSecurityPrincipal Join User',
    });
    const team = mv(r, 'Partner Project Team');
    expect(mvRefNames(r, team, 'member')).toEqual(['Ann Lee', 'Carl Berg']);
    expect(tenantRefNames(r, tenantObject(r, 'Partner Project Team'), 'member')).toEqual([
      'Ann Lee',
      'Carl Berg',
    ]);
  });

  it('without the ForeignSecurityPrincipals container the member is removed', () => {
    // The container is not selected: the connector space never holds the FSP, while the group's
    // member attribute in Active Directory still names it.
    const doc = variant(GROUPS, (d) => {
      const f = contoso(d);
      f.objects = f.objects.filter((o) => o.objectClass !== 'foreignSecurityPrincipal');
    });
    const team = adObject(doc, CONTOSO, 'CN=Partner Project Team,');
    expect(team.member).toContain(FSP_DN);
    const r = runScenario(doc);
    expect(mvRefNames(r, mv(r, 'Partner Project Team'), 'member')).toEqual(['Ann Lee']);
    expect(tenantRefNames(r, tenantObject(r, 'Partner Project Team'), 'member')).toEqual([
      'Ann Lee',
    ]);
    expect(tenantObject(r, 'Carl Berg').dirSyncEnabled).toBe(true);
  });

  it('an FSP synchronized before its user is projected joins at the next full synchronization', () => {
    const groupsFirst = [CONTOSO, 'fabrikam.com'];
    const once = runScenario(GROUPS, groupsFirst);
    expect(mvRefNames(once, mv(once, 'Partner Project Team'), 'member')).toEqual(['Ann Lee']);
    const twice = runScenario(
      withSteps(GROUPS, [{ cycle: 'initial' }, { cycle: 'initial' }]),
      groupsFirst,
    );
    expect(tenantRefNames(twice, tenantObject(twice, 'Partner Project Team'), 'member')).toEqual([
      'Ann Lee',
      'Carl Berg',
    ]);
  });
});
