/**
 * The Operations tab of the Synchronization Service Manager: a run's statistics grouped as the
 * product groups them, the objects behind each count, and errors explained with the objects they
 * involve. Also the size of a run before it starts, for a progress bar.
 */
import type { SyncEngine } from './engine.ts';
import { ERROR_TYPES } from './engine.ts';
import type { RunCounts, RunError, RunProfileName, RunRecord } from './model.ts';

export type RunKind = 'import' | 'sync' | 'export';

export interface StatisticRow {
  group: string;
  label: string;
  stat: keyof RunCounts;
  count: number;
}

/** Which kind of run a profile is. */
export function runKind(profile: RunProfileName): RunKind {
  if (profile === 'Export') return 'export';
  return profile.endsWith('Import') ? 'import' : 'sync';
}

const IMPORT_STATS: [keyof RunCounts, string][] = [
  ['adds', 'Adds'],
  ['updates', 'Updates'],
  ['renames', 'Renames'],
  ['deletes', 'Deletes'],
  ['deleteAdds', 'Delete-Adds'],
];
const INBOUND_STATS: [keyof RunCounts, string][] = [
  ['projections', 'Projections'],
  ['joins', 'Joins'],
  ['connectorsWithFlowUpdates', 'Connectors with Flow Updates'],
  ['disconnectors', 'Disconnectors'],
  ['deleted', 'Deleted'],
];
const OUTBOUND_STATS: [keyof RunCounts, string][] = [
  ['provisioned', 'Provisioning Adds'],
  ['deprovisioned', 'Provisioning Disconnects'],
  ['exportFlows', 'Export Attribute Flow'],
];
const EXPORT_STATS: [keyof RunCounts, string][] = [
  ['adds', 'Adds'],
  ['updates', 'Updates'],
  ['renames', 'Renames'],
  ['deletes', 'Deletes'],
];

/**
 * The statistics of one run, in the groups of the Operations tab (every row, zero or not).
 *
 * @example
 * runStatistics(run).filter((r) => r.count > 0) // [{ group: 'Inbound Synchronization', label: 'Projections', stat: 'projections', count: 4 }, ...]
 */
export function runStatistics(run: RunRecord): StatisticRow[] {
  const rows = (group: string, list: [keyof RunCounts, string][]) =>
    list.map(([stat, label]) => ({ group, label, stat, count: run.counts[stat] }));
  switch (runKind(run.profile)) {
    case 'import':
      return rows('Staging', IMPORT_STATS);
    case 'export':
      return rows('Export', EXPORT_STATS);
    case 'sync':
      return [
        ...rows('Inbound Synchronization', INBOUND_STATS),
        ...rows('Outbound Synchronization', OUTBOUND_STATS),
      ];
  }
}

export interface ObjectRef {
  csId: string;
  connector?: string;
  dn?: string;
  objectType?: string;
  /** False when the object no longer exists in the connector space (deleted since). */
  exists: boolean;
}

function refOf(e: SyncEngine, csId: string): ObjectRef {
  const cs = e.cs.get(csId);
  return cs
    ? { csId, connector: cs.connector, dn: cs.dn, objectType: cs.objectType, exists: true }
    : { csId, exists: false };
}

/**
 * One page of the objects behind a statistic of a run.
 *
 * @example
 * runObjects(engine, run, 'projections', 0, 50).rows[0].dn // 'CN=Ann Lee,OU=Users,DC=contoso,DC=com'
 */
export function runObjects(
  e: SyncEngine,
  run: RunRecord,
  stat: string,
  offset = 0,
  limit = 50,
): { total: number; rows: ObjectRef[] } {
  const ids = run.changed[stat] ?? [];
  return { total: ids.length, rows: ids.slice(offset, offset + limit).map((id) => refOf(e, id)) };
}

export interface ExplainedError {
  csId: string;
  dn: string;
  type: string;
  message: string;
  /** Plain sentences on what the error means and what to look at. */
  detail: string;
  /** Every object involved: the one in error first (a join conflict names the other too). */
  objects: ObjectRef[];
}

const DETAILS: Record<string, string> = {
  'sync-rule-error-function-triggered':
    'An Error() function in a sync rule expression was evaluated for this object; the message is the one the rule gives. The object is not synchronized until the condition that raises it changes.',
  [ERROR_TYPES.ambiguousJoin]:
    'The join rule matched a metaverse object that already has a connector in this connector space. A metaverse object can be joined to at most one object per connector space, so this object stays a disconnector.',
  [ERROR_TYPES.multipleJoinRules]:
    'More than one sync rule with join rules is in scope for the object; only one may be.',
  [ERROR_TYPES.mixedMergeTypes]:
    'Two rules flow the same metaverse attribute with different merge types.',
  [ERROR_TYPES.dnConflict]:
    'Provisioning tried to create an object whose DN is already taken by another object in the target connector space.',
  [ERROR_TYPES.noSuchObject]: 'The object to update no longer exists in the connected directory.',
};

/**
 * An error of a run, with a detail that explains it and the objects involved; a join conflict
 * names both the object in error and the one already joined.
 *
 * @example
 * explainRunError(engine, run.errors[0]).objects.map((o) => o.dn) // [this object, the object already joined]
 */
export function explainRunError(e: SyncEngine, err: RunError): ExplainedError {
  const objects: ObjectRef[] = [refOf(e, err.csId)];
  const self = e.cs.get(err.csId);
  if (err.type === ERROR_TYPES.ambiguousJoin && self) {
    const m = /already joined to '(.*)' in the same connector space/.exec(err.message);
    const otherDn = m?.[1];
    const otherId = otherDn ? (e.csIdByDn(self.connector, otherDn) ?? otherDn) : undefined;
    if (otherId) objects.push(refOf(e, otherId));
  }
  const detail =
    DETAILS[err.type] ??
    (err.type.startsWith('export')
      ? 'The connected directory refused the export; the message is its answer.'
      : 'The synchronization engine reported this error for the object.');
  return { csId: err.csId, dn: err.dn, type: err.type, message: err.message, detail, objects };
}

/**
 * How many objects a run profile will process (the progress bar's total; import staging is
 * counted as the directory's size).
 *
 * @example
 * profileWorkload(engine, 'contoso.com', 'Full Synchronization') // objects in the connector space
 */
export function profileWorkload(e: SyncEngine, connector: string, profile: RunProfileName): number {
  switch (profile) {
    case 'Full Synchronization':
      return e.csIds(connector).size;
    case 'Delta Synchronization':
      return e.pendingImportIds(connector).size;
    case 'Export':
      return e.pendingExportIds(connector).size;
    default: {
      const info = e.connector(connector);
      if (info?.kind === 'AD') return e.forests.get(info.forest?.name ?? connector)?.size ?? 0;
      return e.tenant.objects().length;
    }
  }
}
