/**
 * The sync engine's data model: connectors, connector-space objects, metaverse objects with
 * attribute provenance, runs and steps (spec §1, §7.1). Records are plain data and immutable once
 * stored in a journaled map: a change writes a new record.
 */
import type { AttributeBag, FlowValue, ObjectError } from '../expr/values.ts';
import type { AttributeChange } from './value-keys.ts';

export type ConnectorKind = 'AD' | 'AAD';

export interface ConnectorInfo {
  name: string;
  kind: ConnectorKind;
  /** `%Connector.ID%`: a stable GUID derived from the name. */
  id: string;
  /** Creation order (wizard order); breaks precedence ties across connectors (spec §2.6). */
  order: number;
  forest?: { name: string; netbios: string };
}

export type PendingImportType = 'Add' | 'Update' | 'Delete' | 'Delete-Add';
export type PendingExportType = 'Add' | 'Update' | 'Delete';

export interface PendingImport {
  type: PendingImportType;
  /** The values received (not applied until synchronization). Absent for Delete. */
  attributes?: AttributeBag;
  dn?: string;
  objectType?: string;
  changes: AttributeChange[];
}

export interface PendingExport {
  type: PendingExportType;
  /** The DN to export (a rename when it differs from the object's DN). */
  dn: string;
  set: AttributeBag;
  clear: string[];
  changes: AttributeChange[];
}

/** MIM connector states (spec §1.2). */
export type CsState = 'connector' | 'disconnector' | 'explicit-disconnector' | 'placeholder';

export type LineageAction = 'Join' | 'Provision' | 'StickyJoin';

export interface LineageEntry {
  ruleId: string;
  ruleName: string;
  direction: 'Inbound' | 'Outbound';
  action: LineageAction;
  /** How the link was made: joined, projected (inbound Provision) or provisioned (outbound). */
  link?: 'joined' | 'projected' | 'provisioned';
  passwordSync: boolean;
}

/** Which rule flow a contribution comes from (shared by every contribution of that flow). */
export interface FlowMeta {
  attribute: string;
  ruleId: string;
  ruleName: string;
  precedence: number;
  mergeType: 'Update' | 'Merge' | 'MergeCaseInsensitive';
  applyOnce: boolean;
}

/**
 * One inbound value offered by one rule of one connector-space object: a value, or the
 * AuthoritativeNull / IgnoreThisFlow symbols. NULL (nothing to contribute) is not stored, except
 * for Apply Once flows, whose first result is kept.
 */
export interface Contribution {
  flow: FlowMeta;
  value: FlowValue;
}

/**
 * The contributions of one connector-space object, packed: `values[i]` is what the flow
 * `flows[i]` gave (rule order). Two arrays per object instead of an object per contribution: at
 * 100,000 objects with ~50 contributions each, that is millions of objects fewer on the heap.
 */
export interface Contributions {
  readonly flows: readonly FlowMeta[];
  readonly values: readonly FlowValue[];
}

export const NO_CONTRIBUTIONS: Contributions = Object.freeze({
  flows: Object.freeze([]) as readonly FlowMeta[],
  values: Object.freeze([]) as readonly FlowValue[],
});

/**
 * The contribution of one rule's flow into `attribute`, if the object has one.
 *
 * @example
 * contributionOf(cs.contributions, ruleId, 'displayName')?.value // 'Ann Lee'
 */
export function contributionOf(
  c: Contributions,
  ruleId: string,
  attribute: string,
): Contribution | undefined {
  for (let i = 0; i < c.flows.length; i++) {
    const flow = c.flows[i] as FlowMeta;
    if (flow.ruleId === ruleId && flow.attribute === attribute)
      return { flow, value: c.values[i] as FlowValue };
  }
  return undefined;
}

export interface CsObject {
  /** Sync-engine GUID of the connector-space object. */
  id: string;
  connector: string;
  dn: string;
  /** Anchor key (hex of objectGUID in AD, cloud object id in Entra ID); absent on export objects. */
  anchor?: string;
  objectType: string;
  /** The confirmed (imported) hologram. */
  attributes: AttributeBag;
  /** Values exported but not yet confirmed by an import (export status memory, spec §1.5). */
  exportMemory?: AttributeBag;
  /** The contributions were computed with export memory (values exported, not yet imported). */
  memoryInFlows?: true;
  pendingImport?: PendingImport;
  pendingExport?: PendingExport;
  state: CsState;
  mvId?: string;
  /** The rule that linked the object and the direction it did so. */
  link?: LineageEntry;
  /** Inbound rules in scope at the last synchronization (Lineage tab). */
  lineage: LineageEntry[];
  /** Outbound rules in scope for this object at the last outbound evaluation. */
  outLineage: LineageEntry[];
  /** Attributes outbound rules managed at the last evaluation (values are recalled when none does). */
  managed: string[];
  /** Creation order; processing order of full synchronization. */
  seq: number;
  /** Inbound rules in scope at the last synchronization. */
  inScope: string[];
  /** Cached inbound contributions (inbound flows read only the CS object, so they can be reused). */
  contributions: Contributions;
  passwordSync: boolean;
  syncError?: ObjectError;
  exportError?: ObjectError;
  /** Incremented by each synchronization that touched the object (ordering for the UI). */
  version: number;
}

export type MvObjectType = 'person' | 'group' | 'device' | string;

export interface LosingContribution {
  csId: string;
  connector: string;
  ruleName: string;
  precedence: number;
  value: string;
  reason: string;
}

export interface Provenance {
  csId: string;
  connector: string;
  ruleId: string;
  ruleName: string;
  precedence: number;
  /** Merge types list every contributor; `contributors` holds them. */
  contributors?: { csId: string; connector: string; ruleName: string; precedence: number }[];
  losing: LosingContribution[];
}

/**
 * A metaverse object. The provenance of each value (contributing CS object, rule, precedence,
 * losing contributions) follows from the contributions its connectors record; the engine derives
 * it on request (`SyncEngine.provenance`) instead of storing it for every object.
 */
export interface MvObject {
  id: string;
  objectType: MvObjectType;
  attributes: AttributeBag;
  /** Connector-space object ids linked to this object, in link order. */
  connectors: string[];
  version: number;
  /**
   * The last computation met an error (mixed merge types) or a reference not yet resolved: the next
   * one computes every attribute again (and reports or retries it), not only the changed ones.
   */
  recomputeAll?: true;
}

/** Synchronization statistics (Operations tab). */
export interface RunCounts {
  // import
  adds: number;
  updates: number;
  renames: number;
  deletes: number;
  deleteAdds: number;
  // synchronization
  projections: number;
  joins: number;
  connectorsWithFlowUpdates: number;
  disconnectors: number;
  deleted: number;
  provisioned: number;
  deprovisioned: number;
  exportFlows: number;
}

export type RunProfileName =
  'Full Import' | 'Delta Import' | 'Full Synchronization' | 'Delta Synchronization' | 'Export';

export const RUN_PROFILES: readonly RunProfileName[] = [
  'Full Import',
  'Delta Import',
  'Full Synchronization',
  'Delta Synchronization',
  'Export',
];

export type RunStatus =
  | 'success'
  | 'completed-sync-errors'
  | 'completed-export-errors'
  | 'stopped-error-limit'
  | 'stopped-deletion-threshold-exceeded'
  | 'stopped-user-cancelled';

export interface RunError {
  csId: string;
  dn: string;
  type: string;
  message: string;
}

export interface RunRecord {
  index: number;
  connector: string;
  profile: RunProfileName;
  status: RunStatus;
  counts: RunCounts;
  errors: RunError[];
  /** Objects touched, per statistic, for the Operations tab's links (csIds). */
  changed: Record<string, string[]>;
  message?: string;
}

/** Runs stop after this many errors (`stopped-error-limit`, spec §1.5). */
export const ERROR_LIMIT = 5000;

export function emptyCounts(): RunCounts {
  return {
    adds: 0,
    updates: 0,
    renames: 0,
    deletes: 0,
    deleteAdds: 0,
    projections: 0,
    joins: 0,
    connectorsWithFlowUpdates: 0,
    disconnectors: 0,
    deleted: 0,
    provisioned: 0,
    deprovisioned: 0,
    exportFlows: 0,
  };
}

/** An object in a simulated AD forest (the connected directory behind an AD connector). */
export interface DirectoryObject {
  /** Hex of objectGUID: the AD connector's anchor. */
  guid: string;
  dn: string;
  objectClass: string;
  attributes: AttributeBag;
  /** Update sequence number of the last change (delta import reads changes after a watermark). */
  usn: number;
}

/**
 * A connector-space object with no data, links or history yet. Every field is present, the optional
 * ones `undefined`: records are copied with a spread and new values, and in V8 a spread that adds a
 * field the source lacks gives the copy a hidden class of its own (measured: 1,992 classes for
 * 2,000 copies), so every record had one, property reads on records missed V8's caches, and each
 * class with its descriptors cost memory. With every field present, copies share one class.
 */
export function blankCsObject(
  id: string,
  seq: number,
  connector: string,
  dn: string,
  objectType: string,
): CsObject {
  return {
    id,
    seq,
    connector,
    dn,
    objectType,
    attributes: {},
    state: 'disconnector',
    lineage: [],
    outLineage: [],
    managed: [],
    inScope: [],
    contributions: NO_CONTRIBUTIONS,
    passwordSync: false,
    version: 0,
    anchor: undefined,
    mvId: undefined,
    link: undefined,
    pendingImport: undefined,
    pendingExport: undefined,
    exportMemory: undefined,
    memoryInFlows: undefined,
    syncError: undefined,
    exportError: undefined,
  };
}

/** The same object, unlinked from the metaverse: a disconnector with no contributions. */
export function unlinked(cs: CsObject): CsObject {
  return {
    ...cs,
    mvId: undefined,
    link: undefined,
    state: 'disconnector',
    contributions: NO_CONTRIBUTIONS,
    outLineage: [],
    managed: [],
  };
}
