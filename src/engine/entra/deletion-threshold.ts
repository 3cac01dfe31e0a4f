/**
 * Prevent accidental deletes (how-to-connect-sync-feature-prevent-accidental-deletes): before an
 * export to Entra ID, if more deletes are pending than the threshold, nothing at all is exported.
 */

/** `Enable-ADSyncExportDeletionThreshold` default. */
export const DEFAULT_DELETION_THRESHOLD = 500;

/** A number of objects; `null` or `false` for `Disable-ADSyncExportDeletionThreshold`. */
export type DeletionThresholdSetting = number | null | false;

export type DeletionThresholdCheck =
  | { exceeded: false; pendingDeletes: number; threshold: number | null }
  | {
      exceeded: true;
      pendingDeletes: number;
      threshold: number;
      /** The run status the Export run profile ends with. */
      status: 'stopped-deletion-threshold-exceeded';
      /** Application event 116 (source "Directory Synchronization", level Warning). */
      eventId: 116;
      message: string;
      /** The subject and description of the notification email. */
      notification: { title: string; description: string };
    };

/**
 * Decide whether an export to Entra ID may run. Pass the pending exports (only `Delete`s count) or
 * their number of deletes.
 *
 * @example
 * checkDeletionThreshold(100, 50).exceeded // true: nothing is exported
 * checkDeletionThreshold(100, null).exceeded // false: the protection is disabled
 */
export function checkDeletionThreshold(
  pending: number | readonly { kind: string }[],
  setting: DeletionThresholdSetting | undefined = DEFAULT_DELETION_THRESHOLD,
): DeletionThresholdCheck {
  const pendingDeletes =
    typeof pending === 'number' ? pending : pending.filter((op) => op.kind === 'Delete').length;
  const threshold = setting === null || setting === false ? null : setting;
  if (threshold === null || pendingDeletes <= threshold) {
    return { exceeded: false, pendingDeletes, threshold };
  }
  return {
    exceeded: true,
    pendingDeletes,
    threshold,
    status: 'stopped-deletion-threshold-exceeded',
    eventId: 116,
    message:
      `Prevent Accidental Deletes: The number of deletions for this sync cycle (${pendingDeletes} pending deletes) ` +
      `has exceeded the current threshold of ${threshold} objects. Deletions will be suppressed for this sync cycle. ` +
      'Please visit http://go.microsoft.com/fwlink/?LinkId=390655 for more information.',
    notification: {
      title: 'Export to Microsoft Entra ID was Stopped. Accidental delete threshold was reached.',
      description:
        'The export operation to Microsoft Entra ID has failed. There were more objects to be deleted than the configured threshold. As a result, no objects were exported.',
    },
  };
}
