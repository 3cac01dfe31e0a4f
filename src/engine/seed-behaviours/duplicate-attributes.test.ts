/**
 * Duplicate attribute resiliency (spec §1.10; seed "When you have an existing tenant" for what a
 * match is): a duplicate userPrincipalName or SMTP proxy address does not fail the export; the value
 * is quarantined (the UPN replaced by `<prefix><4 digits>@<initial domain>`), the conflict is listed
 * on the object, and the value comes back automatically once the conflict is gone.
 */
import { describe, expect, it } from 'vitest';
import {
  aadOf,
  allErrors,
  loadDoc,
  runScenario,
  runsOf,
  tenantObject,
  withSteps,
} from './harness.ts';

const DOC = loadDoc('duplicate-upn');
const AAD = aadOf(DOC);
const FIRST = [{ cycle: 'initial' }];

describe('duplicate userPrincipalName and proxyAddresses', () => {
  for (const [order, first, second] of [
    [['contoso.com', 'fabrikam.com'], 'John Smith', 'John Doe'],
    [['fabrikam.com', 'contoso.com'], 'John Doe', 'John Smith'],
  ] as const) {
    it(`the object exported second is quarantined, not refused (${order[0]} first)`, () => {
      const r = runScenario(withSteps(DOC, FIRST), [...order]);
      const holder = tenantObject(r, first);
      const later = tenantObject(r, second);
      expect(holder.attributes.userPrincipalName).toBe('john@contoso.com');
      expect(holder.provisioningErrors).toEqual([]);
      expect(later.dirSyncEnabled).toBe(true);
      expect(later.attributes.userPrincipalName).toMatch(/^john\d{4}@contoso\.onmicrosoft\.com$/);
      expect(later.provisioningErrors).toContainEqual({
        attribute: 'userPrincipalName',
        value: 'john@contoso.com',
        conflictsWith: holder.id,
      });
      // The export itself succeeds: no sync-client error to retry.
      expect(runsOf(r, AAD, 'Export')[0]?.status).toBe('success');
      expect(allErrors(r)).toEqual([]);
    });
  }

  it('a duplicate SMTP address is left out of the later object and listed', () => {
    const r = runScenario(withSteps(DOC, FIRST));
    const doe = tenantObject(r, 'John Doe');
    const addresses = [doe.attributes.proxyAddresses ?? []].flat() as string[];
    expect(addresses).toEqual(['SMTP:john.doe@fabrikam.com']);
    expect(doe.provisioningErrors).toContainEqual({
      attribute: 'proxyAddresses',
      value: 'smtp:john@contoso.com',
      conflictsWith: tenantObject(r, 'John Smith').id,
    });
  });

  it('while the conflict lasts, later cycles keep the quarantine and report nothing new', () => {
    const r = runScenario(
      withSteps(DOC, [{ cycle: 'initial' }, { cycle: 'delta' }, { cycle: 'delta' }]),
    );
    const doe = tenantObject(r, 'John Doe');
    expect(doe.attributes.userPrincipalName).toMatch(/^john\d{4}@/);
    expect(doe.provisioningErrors.map((e) => e.attribute).sort()).toEqual([
      'proxyAddresses',
      'userPrincipalName',
    ]);
    expect(allErrors(r)).toEqual([]);
  });

  it('the connector imports the exported (shadow) values, so a quarantined value is not exported again', () => {
    // Shadow attributes (how-to-connect-syncservice-shadow-attributes): the sync engine reads the
    // on-premises values it exported, so the export stays confirmed while the cloud differs.
    const r = runScenario(
      withSteps(DOC, [{ cycle: 'initial' }, { cycle: 'delta' }, { cycle: 'delta' }]),
    );
    const exports = runsOf(r, AAD, 'Export');
    expect(exports).toHaveLength(3);
    expect(exports[2]?.counts.updates).toBe(0);
    expect(exports[1]?.counts.updates).toBe(0);
    expect(tenantObject(r, 'John Doe').attributes.userPrincipalName).toMatch(/^john\d{4}@/);
  });

  it('the values are restored automatically when the conflicting object is gone', () => {
    const r = runScenario(DOC);
    const doe = tenantObject(r, 'John Doe');
    expect(doe.attributes.userPrincipalName).toBe('john@contoso.com');
    expect([doe.attributes.proxyAddresses].flat()).toContain('smtp:john@contoso.com');
    expect(doe.provisioningErrors).toEqual([]);
    expect(r.tenant.some((t) => t.attributes.displayName === 'John Smith')).toBe(false);
  });

  it('the values are restored when the conflicting value changes instead', () => {
    const r = runScenario(
      withSteps(DOC, [
        { cycle: 'initial' },
        {
          modify: {
            forest: 'contoso.com',
            dn: 'CN=John Smith,OU=Contoso Users,DC=contoso,DC=com',
            set: {
              userPrincipalName: 'john.smith@contoso.com',
              proxyAddresses: ['SMTP:john.smith@contoso.com'],
            },
          },
        },
        { cycle: 'delta' },
      ]),
    );
    expect(tenantObject(r, 'John Smith').attributes.userPrincipalName).toBe(
      'john.smith@contoso.com',
    );
    const doe = tenantObject(r, 'John Doe');
    expect(doe.attributes.userPrincipalName).toBe('john@contoso.com');
    expect(doe.provisioningErrors).toEqual([]);
  });
});
