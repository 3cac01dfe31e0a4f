/**
 * Seed "Microsoft Entra Connect: When you have an existing tenant": new objects from Connect are
 * matched to cloud objects by hard match (sourceAnchor / immutableId) or soft match
 * (userPrincipalName, only with SoftMatchOnUpn, or the primary SMTP address); a match takes the
 * cloud object over (on-premises-mastered, every attribute with an on-premises value overwritten,
 * the password too with password hash sync); a soft-matched object gets the sourceAnchor so later
 * matches are hard; BlockSoftMatch; mail-enabled groups soft-match on proxyAddresses, other groups
 * never match; a cloud user with an admin role is never matched, and the documented workaround.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../io/scenario.ts';
import { createEngine, runScenarioSteps, toResultDocument } from '../index.ts';
import type { Tenant } from '../entra/tenant.ts';
import {
  aadOf,
  adObject,
  allErrors,
  immutableIdOf,
  loadDoc,
  runScenario,
  runsOf,
  sessionAfter,
  tenantAll,
  tenantById,
  tenantObject,
  variant,
  withSteps,
  type ScenarioDoc,
} from './harness.ts';

const DOC = loadDoc('existing-tenant');
const AAD = aadOf(DOC);

function features(doc: ScenarioDoc, f: Record<string, boolean>): ScenarioDoc {
  return variant(doc, (d) => {
    d.tenant.features = { ...(d.tenant.features as Record<string, boolean>), ...f };
  });
}

function anchorOf(name: string): string {
  return immutableIdOf(String(adObject(DOC, 'contoso.com', `CN=${name},`).objectGUID));
}

describe('matching new objects to cloud objects', () => {
  const r = runScenario(DOC);

  it('soft match on the primary SMTP address takes the cloud user over and overwrites it', () => {
    const lee = tenantById(r, 'c-lee');
    expect(lee?.dirSyncEnabled).toBe(true);
    // Every attribute with an on-premises value is overwritten, the UPN and the job title too.
    expect(lee?.attributes.userPrincipalName).toBe('lgu@contoso.com');
    expect(lee?.attributes.title).toBe('Director');
    // Stamped: the sourceAnchor is added so that a hard match can be used later.
    expect(lee?.attributes.sourceAnchor).toBe(anchorOf('Lee Gu'));
    expect(tenantAll(r, 'Lee Gu')).toHaveLength(1);
  });

  it('soft match on userPrincipalName (SoftMatchOnUpn on)', () => {
    const nestor = tenantById(r, 'c-nestor');
    expect(nestor?.dirSyncEnabled).toBe(true);
    expect(nestor?.attributes.displayName).toBe('Nestor Wilke');
    expect(nestor?.attributes.sourceAnchor).toBe(anchorOf('Nestor Wilke'));
  });

  it('hard match on the immutableId an administrator set', () => {
    const alex = tenantById(r, 'c-alex');
    expect(alex?.dirSyncEnabled).toBe(true);
    expect(alex?.attributes.sourceAnchor).toBe(anchorOf('Alex Wilber'));
    expect(alex?.attributes.userPrincipalName).toBe('alex@contoso.com');
    expect(alex?.attributes.title).toBe('Marketing Assistant');
  });

  it('a user without a counterpart is created; a cloud-only user stays cloud-only', () => {
    expect(tenantObject(r, 'Isaiah Langer').dirSyncEnabled).toBe(true);
    expect(tenantById(r, 'c-diego')?.dirSyncEnabled).toBe(false);
  });

  it('a mail-enabled group soft-matches on proxyAddresses; a security group never matches', () => {
    const marketing = tenantById(r, 'c-marketing');
    expect(marketing?.dirSyncEnabled).toBe(true);
    expect(marketing?.attributes.displayName).toBe('Marketing');
    const projectX = tenantAll(r, 'Project X');
    expect(projectX.map((g) => g.dirSyncEnabled).sort()).toEqual([false, true]);
    expect(tenantById(r, 'c-projectx')?.dirSyncEnabled).toBe(false);
  });

  it('with password hash sync the matched users get the on-premises password', async () => {
    const session = await sessionAfter(DOC);
    const tenant = session.engineState()?.tenant as Tenant;
    const overwritten = tenant
      .events()
      .filter((e) => e.kind === 'password-overwritten')
      .map((e) => e.objectId)
      .sort();
    expect(overwritten).toEqual(['c-alex', 'c-lee', 'c-nestor']);
  });

  it('SoftMatchOnUpn off: no UPN match; the new user gets its UPN quarantined', () => {
    const out = runScenario(features(DOC, { softMatchOnUpnEnabled: false }));
    expect(tenantById(out, 'c-nestor')?.dirSyncEnabled).toBe(false);
    const synced = tenantAll(out, 'Nestor Wilke');
    expect(synced).toHaveLength(1);
    expect(synced[0]?.attributes.userPrincipalName).toMatch(
      /^nestor\d{4}@contoso\.onmicrosoft\.com$/,
    );
    expect(synced[0]?.provisioningErrors).toEqual([
      { attribute: 'userPrincipalName', value: 'nestor@contoso.com', conflictsWith: 'c-nestor' },
    ]);
    // Lee still matches on the primary SMTP address.
    expect(tenantById(out, 'c-lee')?.dirSyncEnabled).toBe(true);
  });

  it('BlockSoftMatch: no soft match at all; hard match still works', () => {
    const out = runScenario(features(DOC, { blockSoftMatchEnabled: true }));
    for (const id of ['c-lee', 'c-nestor', 'c-marketing']) {
      expect(tenantById(out, id)?.dirSyncEnabled, id).toBe(false);
    }
    expect(tenantById(out, 'c-lee')?.attributes.title).toBe('Head of Sales');
    expect(tenantById(out, 'c-alex')?.dirSyncEnabled).toBe(true);
    const lee = tenantAll(out, 'Lee Gu').find((t) => t.dirSyncEnabled);
    expect(lee?.provisioningErrors.map((e) => e.attribute)).toContain('proxyAddresses');
  });

  it('BlockCloudObjectTakeoverThroughHardMatch: the hard match is refused', () => {
    const out = runScenario(
      features(DOC, { blockCloudObjectTakeoverThroughHardMatchEnabled: true }),
    );
    expect(tenantById(out, 'c-alex')?.dirSyncEnabled).toBe(false);
    expect(allErrors(out).map((e) => e.type)).toContain('InvalidHardMatch');
  });

  it('only new objects are matched: a later collision is an error, not a match', () => {
    // Isaiah was created; then his on-premises UPN is changed to Diego's (a cloud-only user).
    const out = runScenario(
      withSteps(DOC, [
        { cycle: 'initial' },
        {
          modify: {
            forest: 'contoso.com',
            dn: 'CN=Isaiah Langer,OU=Contoso Users,DC=contoso,DC=com',
            set: { userPrincipalName: 'diego@contoso.com' },
          },
        },
        { cycle: 'delta' },
      ]),
    );
    expect(tenantById(out, 'c-diego')?.dirSyncEnabled).toBe(false);
    const isaiah = tenantObject(out, 'Isaiah Langer');
    expect(isaiah.attributes.userPrincipalName).not.toBe('diego@contoso.com');
    expect(isaiah.provisioningErrors).toEqual([
      { attribute: 'userPrincipalName', value: 'diego@contoso.com', conflictsWith: 'c-diego' },
    ]);
  });
});

describe('a soft-matched object is stamped so that later matches are hard', () => {
  it('a reinstalled server (new metaverse, same tenant, soft match now blocked) finds it again', () => {
    const parsed = parseScenario(JSON.stringify(DOC));
    if (!parsed.ok) throw new Error('scenario does not parse');
    const first = createEngine(parsed.scenario, { journal: false });
    runScenarioSteps(first, parsed.scenario.steps);
    const tenant = (first.tenant as Tenant).clone();
    expect(tenant.setFeatures({ blockSoftMatchEnabled: true })).toEqual({ ok: true });
    const before = tenant.objects().length;

    const second = createEngine(parsed.scenario, { journal: false });
    second.tenant = tenant;
    runScenarioSteps(second, [{ cycle: 'initial' }, { cycle: 'delta' }]);
    const r = toResultDocument(second);
    for (const id of ['c-lee', 'c-nestor']) {
      expect(tenantById(r, id)?.dirSyncEnabled).toBe(true);
    }
    expect(tenantAll(r, 'Lee Gu')).toHaveLength(1);
    expect(tenantAll(r, 'Nestor Wilke')).toHaveLength(1);
    expect(tenantById(r, 'c-lee')?.provisioningErrors).toEqual([]);
    expect(r.tenant.length).toBe(before);
  });
});

describe('admin roles', () => {
  it('a cloud user with an admin role is never matched: error and a quarantined second user', () => {
    const r = runScenario(DOC);
    expect(tenantById(r, 'c-megan')?.dirSyncEnabled).toBe(false);
    const exp = runsOf(r, AAD, 'Export')[0];
    expect(exp?.status).toBe('completed-export-errors');
    expect(exp?.errors.map((e) => e.type)).toEqual(['ExistingAdminRoleConflict']);
    const synced = tenantAll(r, 'Megan Bowen');
    expect(synced).toHaveLength(1);
    expect(synced[0]?.attributes.userPrincipalName).toMatch(
      /^megan\d{4}@contoso\.onmicrosoft\.com$/,
    );
    expect(synced[0]?.provisioningErrors).toEqual([
      { attribute: 'userPrincipalName', value: 'megan@contoso.com', conflictsWith: 'c-megan' },
    ]);
  });

  const WORKAROUND = [
    { cycle: 'initial' },
    // 1. Remove the directory roles. 2. Hard-delete the quarantined object (named by its address).
    {
      tenant: {
        modify: [{ id: 'c-megan', roles: [] }],
        hardDelete: ['megan.bowen@contoso.com'],
      },
    },
    // 3. Trigger a sync.
    { cycle: 'delta' },
    // 4. Optionally give the roles back.
    { tenant: { modify: [{ id: 'c-megan', roles: ['Global Administrator'] }] } },
    { cycle: 'delta' },
  ];

  it('the documented workaround: remove roles, hard-delete the quarantined object, sync', async () => {
    const session = await sessionAfter(withSteps(DOC, WORKAROUND));
    const r = session.result();
    const megan = tenantById(r, 'c-megan');
    expect(megan?.dirSyncEnabled).toBe(true);
    expect(megan?.attributes.userPrincipalName).toBe('megan@contoso.com');
    expect(megan?.attributes.sourceAnchor).toBe(anchorOf('Megan Bowen'));
    expect(megan?.provisioningErrors).toEqual([]);
    expect(
      r.tenant.filter((t) => String(t.attributes.displayName).startsWith('Megan')),
    ).toHaveLength(1);
    expect(allErrors(r).slice(1)).toEqual([]);
    const tenant = session.engineState()?.tenant as Tenant;
    expect(tenant.get('c-megan')?.roles).toEqual(['Global Administrator']);
  });

  it('removing the roles without the hard delete matches the quarantined object instead', () => {
    const r = runScenario(
      withSteps(DOC, [
        { cycle: 'initial' },
        { tenant: { modify: [{ id: 'c-megan', roles: [] }] } },
        { cycle: 'delta' },
      ]),
    );
    expect(tenantById(r, 'c-megan')?.dirSyncEnabled).toBe(false);
    const synced = tenantAll(r, 'Megan Bowen');
    expect(synced).toHaveLength(1);
    expect(synced[0]?.attributes.userPrincipalName).toMatch(/^megan\d{4}@/);
    expect(synced[0]?.provisioningErrors.map((e) => e.attribute)).toEqual(['userPrincipalName']);
  });
});
