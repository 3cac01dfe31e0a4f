/**
 * Lesson 3: connecting to an existing tenant: soft match, hard match, the admin-role guard and
 * BlockSoftMatch (spec: "Microsoft Entra ID", soft and hard match).
 */
import type { SyncEngine } from '../sync/engine.ts';
import type { Lesson } from './model.ts';
import {
  aadConnector,
  deltaCycle,
  initialCycle,
  lastRun,
  result,
  see,
  tenantById,
  tenantNamed,
  text,
} from './state.ts';

const DIEGO_DN = 'CN=Diego Siciliani,OU=Contoso Users,DC=contoso,DC=com';

function adminConflict(e: SyncEngine): boolean {
  const exp = lastRun(e, aadConnector(e), 'Export');
  return exp?.errors.some((x) => x.type === 'ExistingAdminRoleConflict') ?? false;
}

function isSynced(e: SyncEngine, id: string): boolean {
  return tenantById(e, id)?.dirSyncEnabled === true;
}

export const existingTenant: Lesson = {
  id: 'existing-tenant',
  title: 'Connecting to an existing tenant: soft match, hard match, admin roles, BlockSoftMatch',
  goal: 'See which cloud users the first synchronization takes over, and how (soft match on the primary SMTP address or the UPN, hard match on immutableId), why an administrator is never matched, and what BlockSoftMatch changes.',
  scenario: 'existing-tenant',
  summary:
    'A new synchronized object is hard-matched when a cloud object has its sourceAnchor as immutableId, otherwise soft-matched on the primary SMTP address (and on the UPN with SoftMatchOnUpn); the match makes the cloud object on-premises-mastered and overwrites its values. An object that holds an administrator role is never matched (the documented workaround removes the role and hard-deletes the quarantined object). With BlockSoftMatch on, no soft match happens: the new object is created beside the cloud one and its duplicate values are quarantined.',
  steps: [
    {
      id: 'first-cycle',
      title: 'The first synchronization matches cloud users',
      explanation:
        "The tenant already holds cloud-only users. Lee Gu has the same primary SMTP address as his AD account (soft match); Nestor Wilke the same UPN (soft match on UPN is on); an administrator set Alex Wilber's immutableId to his sourceAnchor (hard match). A match takes the cloud object over: its values are overwritten from AD.",
      action: {
        text: 'Run an initial cycle, then look at the tenant in the Forests screen.',
        screen: 'sync',
      },
      hints: [
        "Lee's cloud UPN lee.gu@contoso.com becomes lgu@contoso.com, the value in AD.",
        'Matched objects keep their cloud object id (c-lee, c-nestor, c-alex) and become synchronized.',
      ],
      showMe: { text: 'Runs an initial cycle.', actions: () => [initialCycle()] },
      check: (e) =>
        result(
          see(
            isSynced(e, 'c-lee'),
            `Lee Gu (c-lee) is ${isSynced(e, 'c-lee') ? 'soft-matched' : 'cloud-only'}`,
          ),
          see(
            text(tenantById(e, 'c-lee')?.attributes.userPrincipalName) === 'lgu@contoso.com',
            `Lee's UPN: ${text(tenantById(e, 'c-lee')?.attributes.userPrincipalName) ?? 'none'}`,
          ),
          see(
            isSynced(e, 'c-nestor'),
            `Nestor Wilke (c-nestor) is ${isSynced(e, 'c-nestor') ? 'soft-matched on UPN' : 'cloud-only'}`,
          ),
          see(
            isSynced(e, 'c-alex'),
            `Alex Wilber (c-alex) is ${isSynced(e, 'c-alex') ? 'hard-matched' : 'cloud-only'}`,
          ),
        ),
    },
    {
      id: 'admin-role',
      title: 'The admin-role guard',
      explanation:
        "Megan Bowen is a Global Administrator in the cloud. Entra ID never soft-matches an object with an administrator role: the export reported ExistingAdminRoleConflict and created a second, quarantined Megan. Remove the role and synchronize again: the guard no longer fires, but the quarantined object now owns Megan's sourceAnchor, so it is hard-matched and the cloud Megan stays apart. That is why the documented workaround also hard-deletes the quarantined object before the next sync.",
      action: {
        text: 'In the Forests screen (tenant), remove the Global Administrator role from Megan Bowen (admin), then run a delta cycle.',
        screen: 'forests',
      },
      hints: [
        'The guard protects administrators from being taken over by whoever controls on-premises AD.',
        'The workaround: remove the roles, hard-delete the quarantined object (Remove-MgUser, then remove it from deleted items), run a delta cycle, give the roles back.',
      ],
      showMe: {
        text: 'Removes the role from the cloud Megan and runs a delta cycle.',
        actions: () => [
          { kind: 'tenant-modify', id: 'c-megan', set: {}, clear: [], roles: [] },
          deltaCycle(),
        ],
      },
      check: (e) => {
        const roles = tenantById(e, 'c-megan')?.roles ?? [];
        const quarantined = tenantNamed(e, 'Megan Bowen').filter((o) => o.dirSyncEnabled);
        return result(
          see(roles.length === 0, `the cloud Megan's roles: ${roles.join(', ') || 'none'}`),
          see(
            !adminConflict(e),
            `the last export ${adminConflict(e) ? 'reports' : 'no longer reports'} ExistingAdminRoleConflict`,
          ),
          see(
            quarantined.length === 1 && !isSynced(e, 'c-megan'),
            `the quarantined Megan ${quarantined.length === 1 ? 'is still there' : 'is gone'}, the cloud Megan is ${isSynced(e, 'c-megan') ? 'matched' : 'still cloud-only'}`,
          ),
        );
      },
    },
    {
      id: 'block-soft-match',
      title: 'BlockSoftMatch',
      explanation:
        'Diego Siciliani is cloud-only. Turn on BlockSoftMatch and create his account in AD with the same UPN and address: instead of taking the cloud Diego over, Entra ID creates a second Diego, quarantines the duplicate UPN and address (duplicate attribute resiliency) and lists the conflicts in provisioningErrors.',
      action: {
        text: `In the Forests screen, turn on BlockSoftMatch in the tenant features, add ${DIEGO_DN} (UPN and mail diego@contoso.com) in contoso.com, then run a delta cycle.`,
        screen: 'forests',
      },
      hints: [
        'Update-MgDirectoryOnPremiseSynchronization sets BlockSoftMatch: Microsoft recommends it once the initial matching is done.',
        'Hard match (immutableId) still works with BlockSoftMatch on.',
      ],
      showMe: {
        text: 'Turns on BlockSoftMatch, adds Diego in contoso.com and runs a delta cycle.',
        actions: () => [
          { kind: 'tenant-features', features: { blockSoftMatchEnabled: true } },
          {
            kind: 'object-add',
            forest: 'contoso.com',
            dn: DIEGO_DN,
            objectClass: 'user',
            attributes: {
              sAMAccountName: ['diego'],
              userPrincipalName: ['diego@contoso.com'],
              mail: ['diego@contoso.com'],
              proxyAddresses: ['SMTP:diego@contoso.com'],
              givenName: ['Diego'],
              sn: ['Siciliani'],
              displayName: ['Diego Siciliani'],
              userAccountControl: ['512'],
            },
          },
          deltaCycle(),
        ],
      },
      check: (e) => {
        const synced = tenantNamed(e, 'Diego Siciliani').filter((o) => o.dirSyncEnabled);
        const errors = synced[0]?.provisioningErrors.map((p) => p.attribute) ?? [];
        return result(
          see(
            e.tenant.features.blockSoftMatchEnabled,
            `BlockSoftMatch is ${e.tenant.features.blockSoftMatchEnabled ? 'on' : 'off'}`,
          ),
          see(
            !isSynced(e, 'c-diego'),
            `the cloud Diego is ${isSynced(e, 'c-diego') ? 'taken over' : 'still cloud-only'}`,
          ),
          see(synced.length === 1, `${synced.length} synchronized Diego in Entra ID`),
          see(
            errors.includes('userPrincipalName'),
            `its provisioningErrors: ${errors.join(', ') || 'none'}`,
          ),
        );
      },
    },
  ],
};
