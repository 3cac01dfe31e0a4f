/**
 * Two questions a cautious administrator asks before anything runs: what the pending exports are
 * (the `csexport` / CSExportAnalyzer review of a staging server, spec §1.8), and how many cloud
 * objects a connector-configuration change would delete, compared with the deletion threshold
 * (spec §1.9). The second is answered on a copy of the workspace (rules/workspace-copy.ts), so the
 * open workspace never changes.
 */
import {
  checkDeletionThreshold,
  type DeletionThresholdCheck,
} from '../entra/deletion-threshold.ts';
import { copyForSynchronization } from '../rules/workspace-copy.ts';
import {
  connectorConfiguration,
  importScopeOf,
  type ConnectorConfiguration,
} from './connector-config.ts';
import type { RunContext, SyncEngine } from './engine.ts';
import { emptyCounts, type CsObject, type PendingExportType } from './model.ts';
import type { AttributeChange } from './value-keys.ts';

/** AMODT: the attribute modification type of CSExportAnalyzer. */
export type AttributeModificationType = 'add' | 'replace' | 'delete' | 'update';

export interface ExportReviewAttribute {
  attribute: string;
  amodt: AttributeModificationType;
  change: AttributeChange;
}

/** One pending export, as a CSExportAnalyzer row group: the object and its attribute changes. */
export interface ExportReviewRow {
  connector: string;
  csId: string;
  dn: string;
  objectType: string;
  /** OMODT: the object modification type. */
  omodt: PendingExportType;
  attributes: ExportReviewAttribute[];
}

function amodtOf(c: AttributeChange): AttributeModificationType {
  // A multi-valued attribute whose values changed is exported as value adds and deletes.
  if (c.kind === 'replace' && (Array.isArray(c.oldValue) || Array.isArray(c.newValue)))
    return 'update';
  return c.kind;
}

/**
 * The pending exports of one connector, in export order, with OMODT and each attribute's AMODT.
 *
 * @example
 * pendingExportReview(engine, 'contoso.onmicrosoft.com - AAD').filter((r) => r.omodt === 'Delete').length
 */
export function pendingExportReview(e: SyncEngine, connector: string): ExportReviewRow[] {
  return [...e.pendingExportIds(connector)]
    .map((id) => e.cs.get(id))
    .filter((c): c is CsObject => c?.pendingExport !== undefined)
    .sort((a, b) => a.seq - b.seq)
    .map((cs) => {
      const pe = cs.pendingExport;
      const changes = pe?.changes ?? [];
      return {
        connector,
        csId: cs.id,
        dn: pe?.dn ?? cs.dn,
        objectType: cs.objectType,
        omodt: pe?.type ?? 'Update',
        attributes: changes.map((c) => ({ attribute: c.attribute, amodt: amodtOf(c), change: c })),
      };
    });
}

export interface ConfigurationImpact {
  connector: string;
  /** Connector-space objects the change takes out of scope (pending import Delete at the next import). */
  outOfScope: { csId: string; dn: string }[];
  /** Directory objects the change brings into scope (pending import Add). */
  intoScope: { dn: string }[];
  /** Entra ID objects the next export would delete because of the change. */
  tenantDeletes: { csId: string; dn: string }[];
  /** Pending deletes to Entra ID after the change (those already pending included). */
  pendingDeletes: number;
  threshold: DeletionThresholdCheck;
}

function newRun(): RunContext {
  return {
    record: {
      index: 0,
      connector: '(configuration impact)',
      profile: 'Delta Synchronization',
      status: 'success',
      counts: emptyCounts(),
      errors: [],
      changed: {},
    },
    full: false,
    pendingRefs: new Set(),
  };
}

function aadDeletes(e: SyncEngine): Set<string> {
  const out = new Set<string>();
  for (const c of e.connectors) {
    if (c.kind !== 'AAD') continue;
    for (const id of e.pendingExportIds(c.name))
      if (e.cs.get(id)?.pendingExport?.type === 'Delete') out.add(id);
  }
  return out;
}

/**
 * What changing an AD connector's configuration would do at the next Full Import, Synchronization
 * and Export to Entra ID: the objects going out of and into scope, and the tenant deletes compared
 * with the deletion threshold. Computed on a copy: the workspace is not changed.
 *
 * @example
 * const impact = configurationImpact(engine, 'contoso.com', { containers: { include: [], exclude: ['OU=Sales,DC=contoso,DC=com'] } });
 * impact.threshold.exceeded // true when the export would stop
 */
export function configurationImpact(
  e: SyncEngine,
  connector: string,
  change: ConnectorConfiguration,
): ConfigurationImpact {
  const info = e.connector(connector);
  const forest = info?.forest?.name ?? connector;
  const store = e.forests.get(forest);
  const config = { ...connectorConfiguration(e, connector), ...change };
  for (const k of Object.keys(config) as (keyof ConnectorConfiguration)[])
    if (config[k] === null) delete config[k];
  const scope = importScopeOf(
    config,
    (dn) => {
      const guid = e.forestDnIndex(forest)?.get(dn.toLowerCase());
      return guid ? store?.get(guid) : undefined;
    },
    Number.MAX_SAFE_INTEGER,
  );
  const outOfScope: { csId: string; dn: string }[] = [];
  const known = new Set<string>();
  for (const id of e.csIds(connector)) {
    const cs = e.cs.get(id);
    if (!cs || cs.anchor === undefined || cs.state === 'placeholder') continue;
    known.add(cs.anchor);
    const obj = store?.get(cs.anchor);
    if (obj && scope.inScope(obj)) continue;
    if (cs.pendingImport?.type === 'Delete') continue;
    outOfScope.push({ csId: id, dn: cs.dn });
  }
  const intoScope: { dn: string }[] = [];
  for (const o of store?.values() ?? []) {
    if (!known.has(o.guid) && scope.inScope(o)) intoScope.push({ dn: o.dn });
  }
  const before = aadDeletes(e);
  const copy = copyForSynchronization(e, [...e.rules.values()]);
  const run = newRun();
  for (const { csId } of outOfScope) {
    const cs = copy.cs.get(csId);
    if (!cs) continue;
    const staged: CsObject = { ...cs, pendingImport: { type: 'Delete', changes: [] } };
    copy.cs.set(csId, staged);
    copy.syncObject(staged, run);
  }
  const after = aadDeletes(copy);
  const tenantDeletes = [...after]
    .filter((id) => !before.has(id))
    .map((id) => ({ csId: id, dn: copy.cs.get(id)?.dn ?? id }));
  return {
    connector,
    outOfScope,
    intoScope,
    tenantDeletes,
    pendingDeletes: after.size,
    threshold: checkDeletionThreshold(after.size, e.deletionThreshold),
  };
}
