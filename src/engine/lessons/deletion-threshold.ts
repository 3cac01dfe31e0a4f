/**
 * Lesson 6: prevent accidental deletes (Microsoft Learn: "Prevent accidental deletes"): an export
 * to Entra ID with more deletes than the threshold stops (event 116).
 */
import type { SyncEngine } from '../sync/engine.ts';
import type { Lesson } from './model.ts';
import {
  aadConnector,
  deltaCycle,
  forestObjectsUnder,
  initialCycle,
  lastRun,
  result,
  run,
  see,
  tenantNamed,
} from './state.ts';

const SALES = 'OU=Sales,DC=contoso,DC=com';

function salesInTenant(e: SyncEngine): number {
  return ['Adele Vance', 'Lynne Robbins', 'Grady Archie'].filter(
    (n) => tenantNamed(e, n).length > 0,
  ).length;
}

function salesInAd(e: SyncEngine): number {
  return forestObjectsUnder(e, 'contoso.com', ',' + SALES).length;
}

export const deletionThreshold: Lesson = {
  id: 'deletion-threshold',
  title: 'Prevent accidental deletes',
  goal: 'See the export deletion threshold stop a mass delete, and let the wanted deletes through the documented way.',
  scenario: 'deletion-threshold',
  summary:
    'When an export to Entra ID holds more deletes than the threshold (500 by default, 10 here), it stops with stopped-deletion-threshold-exceeded and exports nothing. If the deletes are wanted: Disable-ADSyncExportDeletionThreshold, run Export on the Entra ID connector, then Enable-ADSyncExportDeletionThreshold again.',
  steps: [
    {
      id: 'first-cycle',
      title: 'Synchronize the forest',
      explanation:
        'The deletion threshold was lowered to 10 (Enable-ADSyncExportDeletionThreshold -DeletionThreshold 10). The Sales OU holds 12 users.',
      action: { text: 'Run an initial cycle.', screen: 'sync' },
      hints: ['The tenant panel of the Forests screen shows the threshold.'],
      showMe: { text: 'Runs an initial cycle.', actions: () => [initialCycle()] },
      check: (e) =>
        result(
          see(
            salesInTenant(e) === 3,
            `Sales users in Entra ID: ${salesInTenant(e) === 3 ? 'yes' : 'no'}`,
          ),
        ),
    },
    {
      id: 'mass-delete',
      title: "Delete the Sales OU's users",
      explanation:
        'Somebody deletes all 12 users of the Sales OU. The delta cycle stages 12 deletes in the Entra ID connector space; the export counts them, finds more than 10, and stops without exporting anything (event 116).',
      action: {
        text: `In the Forests screen, delete the 12 users in ${SALES}, then run a delta cycle.`,
        screen: 'forests',
      },
      hints: [
        'Search Connector Space on the Entra ID connector, scope Pending Export, shows the 12 deletes.',
        'The Export run ends with status stopped-deletion-threshold-exceeded.',
      ],
      showMe: {
        text: 'Deletes the Sales users in contoso.com and runs a delta cycle.',
        actions: (e) => [
          ...forestObjectsUnder(e, 'contoso.com', ',' + SALES).map((o) => ({
            kind: 'object-delete' as const,
            forest: 'contoso.com',
            dn: o.dn,
          })),
          deltaCycle(),
        ],
      },
      check: (e) => {
        const exp = lastRun(e, aadConnector(e), 'Export');
        return result(
          see(salesInAd(e) === 0, `Sales users left in AD: ${salesInAd(e)}`),
          see(
            exp?.status === 'stopped-deletion-threshold-exceeded',
            `the last export's status: ${exp?.status ?? 'no export yet'}`,
          ),
          see(
            salesInTenant(e) === 3,
            `the Sales users are ${salesInTenant(e) === 3 ? 'still' : 'no longer'} in Entra ID`,
          ),
        );
      },
    },
    {
      id: 'let-through',
      title: 'Let the wanted deletes through',
      explanation:
        'The deletes are wanted. The documented way: disable the threshold, run Export on the Entra ID connector, then enable it again.',
      action: {
        text: 'In the Forests screen, disable the deletion threshold; in the Sync screen, run Export on the Entra ID connector.',
        screen: 'forests',
      },
      hints: ['Disable-ADSyncExportDeletionThreshold; then Export only, no new cycle is needed.'],
      showMe: {
        text: 'Disables the threshold and runs Export on the Entra ID connector.',
        actions: (e) => [
          { kind: 'tenant-threshold', threshold: null },
          run({ run: 'Export', connector: aadConnector(e) }),
        ],
      },
      check: (e) =>
        result(
          see(
            salesInTenant(e) === 0,
            `Sales users in Entra ID: ${salesInTenant(e) === 0 ? 'deleted' : 'still there'}`,
          ),
        ),
    },
    {
      id: 'enable-again',
      title: 'Turn the protection back on',
      explanation: 'Leave the protection on for the next accident.',
      action: {
        text: 'In the Forests screen, set the deletion threshold back to 10.',
        screen: 'forests',
      },
      hints: ['Enable-ADSyncExportDeletionThreshold -DeletionThreshold 10'],
      showMe: {
        text: 'Sets the deletion threshold to 10.',
        actions: () => [{ kind: 'tenant-threshold', threshold: 10 }],
      },
      check: (e) =>
        result(
          see(
            e.deletionThreshold === 10,
            `deletion threshold: ${e.deletionThreshold ?? 'disabled'}`,
          ),
        ),
    },
  ],
};
