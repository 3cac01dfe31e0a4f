/**
 * Export (spec §1.5, §1.9): pending exports go to the simulated forest or to the tenant; exported
 * values stay in export memory until an import confirms them. The Entra ID export first checks the
 * deletion threshold and exports nothing when it is exceeded.
 */
import { checkDeletionThreshold } from '../entra/deletion-threshold.ts';
import type { CloudObjectType, TenantExport } from '../entra/types.ts';
import { Ref, type AttributeBag, type Scalar, type Value } from '../expr/values.ts';
import { bytesToHex } from '../io/binary.ts';
import { ERROR_TYPES, type RunContext, type SyncEngine } from './engine.ts';
import { deleteDirectoryObject, moveDirectoryObject } from './directory.ts';
import { guidBytes } from './ids.ts';
import {
  ERROR_LIMIT,
  type ConnectorInfo,
  type CsObject,
  type DirectoryObject,
  type RunStatus,
} from './model.ts';
import type { ExportOperation, ExportResult, ExportTrace, ObjectStep, StepEvent } from './trace.ts';
import { hasRef, valuesOf, type AttributeChange } from './value-keys.ts';

const NS_AD_GUID = 21;

function sortedPending(e: SyncEngine, connector: string): CsObject[] {
  return [...e.pendingExportIds(connector)]
    .map((id) => e.cs.get(id))
    .filter((c): c is CsObject => c !== undefined)
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Exports every pending export of one connector, one step per object, then (Entra ID) one step per
 * object whose references to objects added later in the run are sent again. With `trace`, each
 * step carries an {@link ExportTrace}: what was exported and what the connected directory answered.
 */
export function* exportConnector(
  e: SyncEngine,
  run: RunContext,
  info: ConnectorInfo,
  options: { trace?: boolean; isCancelled?: () => boolean },
): Generator<StepEvent, RunStatus | undefined> {
  const pending = sortedPending(e, info.name);
  if (info.kind === 'AAD') {
    const deletes = pending.filter((c) => c.pendingExport?.type === 'Delete').length;
    const check = checkDeletionThreshold(deletes, e.deletionThreshold);
    if (check.exceeded) {
      run.record.message = check.message;
      return check.status;
    }
  }
  let stopped: RunStatus | undefined;
  /** Objects exported with references to objects whose add comes later in this run. */
  const deferred = new Map<string, string[]>();
  const refs = new CloudRefs();
  const connector = info.name;
  const profile = 'Export';
  for (const cs of pending) {
    if (options.isCancelled?.()) {
      stopped = 'stopped-user-cancelled';
      break;
    }
    if (run.record.errors.length >= ERROR_LIMIT) {
      stopped = 'stopped-error-limit';
      break;
    }
    const cur = e.cs.get(cs.id);
    if (!cur?.pendingExport) continue;
    const before = options.trace ? observe(run) : undefined;
    let later: string[] = [];
    if (info.kind === 'AD') exportToForest(e, run, info, cur);
    else {
      later = exportToTenant(e, run, info, cur, refs);
      if (later.length > 0) deferred.set(cur.id, later);
    }
    const step: ObjectStep = { kind: 'object', connector, profile, csId: cur.id, dn: cur.dn };
    if (before) step.exportTrace = traceExport(e, run, info, cur, before, later);
    yield step;
  }
  for (const [id, attributes] of deferred) {
    const before = options.trace ? observe(run) : undefined;
    const sent = exportDeferredReferences(e, run, info, id, attributes, refs);
    const cs = e.cs.get(id);
    if (!sent || !cs) continue;
    const step: ObjectStep = { kind: 'object', connector, profile, csId: id, dn: cs.dn };
    if (before) step.exportTrace = traceDeferred(run, info, cs, sent, before);
    yield step;
  }
  if (info.kind === 'AAD' && e.tenant.runBackgroundTasks) {
    // Stands in for the service's hourly task: a value quarantined because of a conflict that this
    // export removed (a deleted or renamed holder) comes back before the next import reads it.
    e.journal.saveSide('tenant', () => e.tenant.clone());
    e.tenant.runBackgroundTasks();
  }
  return stopped;
}

// ------------------------------------------------------------------------------ traces

/** The run's export counts and errors before one object, to tell what exporting it did. */
interface Observed {
  adds: number;
  updates: number;
  renames: number;
  deletes: number;
  errors: number;
}

function observe(run: RunContext): Observed {
  const { adds, updates, renames, deletes } = run.record.counts;
  return { adds, updates, renames, deletes, errors: run.record.errors.length };
}

/** The attribute changes of a set of values and cleared attributes, against the confirmed ones. */
function changesOf(cs: CsObject, set: AttributeBag, clear: readonly string[]): AttributeChange[] {
  const out: AttributeChange[] = [];
  for (const attribute of Object.keys(set).sort()) {
    const oldValue = cs.attributes[attribute];
    const newValue = set[attribute];
    out.push(
      oldValue === undefined
        ? { attribute, kind: 'add', newValue }
        : { attribute, kind: 'replace', oldValue, newValue },
    );
  }
  for (const attribute of clear)
    out.push({ attribute, kind: 'delete', oldValue: cs.attributes[attribute] });
  return out;
}

/** What the export of one object meant to do, before the directory answered. */
function intendedOperation(info: ConnectorInfo, cs: CsObject): ExportOperation {
  const pe = cs.pendingExport;
  if (pe?.type === 'Delete') return 'Delete';
  if (pe?.type === 'Add' || (info.kind === 'AAD' && !cs.anchor)) return 'Add';
  return pe && pe.dn !== cs.dn ? 'Rename' : 'Update';
}

/** The export statistic one object added to the run, if any. */
function countedOperation(run: RunContext, before: Observed): ExportOperation | undefined {
  const counts = run.record.counts;
  if (counts.adds > before.adds) return 'Add';
  if (counts.deletes > before.deletes) return 'Delete';
  if (counts.renames > before.renames) return 'Rename';
  if (counts.updates > before.updates) return 'Update';
  return undefined;
}

/** The error one object added to the run, if any. */
function newError(run: RunContext, before: Observed): ExportResult | undefined {
  const error = run.record.errors.length > before.errors ? run.record.errors.at(-1) : undefined;
  return error && { status: 'error', type: error.type, message: error.message };
}

/** The trace of one exported object, from the run's counts and errors before and after it. */
function traceExport(
  e: SyncEngine,
  run: RunContext,
  info: ConnectorInfo,
  cs: CsObject,
  before: Observed,
  deferred: string[],
): ExportTrace {
  const pe = cs.pendingExport;
  const counted = countedOperation(run, before);
  const operation = counted ?? intendedOperation(info, cs);
  const dn = pe?.dn ?? cs.dn;
  const anchor = info.kind === 'AAD' ? e.cs.get(cs.id)?.anchor : undefined;
  const result: ExportResult =
    newError(run, before) ??
    (counted
      ? {
          status: 'success',
          ...(anchor !== undefined && operation !== 'Delete' ? { anchor } : {}),
          ...(deferred.length > 0 ? { deferred } : {}),
        }
      : {
          status: 'not-sent',
          reason: `Never exported to ${info.name}: the object leaves the connector space without an export.`,
        });
  return {
    connector: info.name,
    csId: cs.id,
    dn,
    ...(dn !== cs.dn ? { oldDn: cs.dn } : {}),
    objectType: cs.objectType,
    operation,
    changes:
      operation === 'Delete' || !pe
        ? []
        : pe.changes.length > 0
          ? pe.changes
          : changesOf(cs, pe.set, pe.clear),
    result,
  };
}

/** The trace of a second-pass export of reference attributes. */
function traceDeferred(
  run: RunContext,
  info: ConnectorInfo,
  cs: CsObject,
  sent: { values: AttributeBag; deferred: string[] },
  before: Observed,
): ExportTrace {
  return {
    connector: info.name,
    csId: cs.id,
    dn: cs.dn,
    objectType: cs.objectType,
    operation: 'Update',
    deferredReferences: true,
    changes: changesOf(cs, sent.values, []),
    result: newError(run, before) ?? {
      status: 'success',
      ...(sent.deferred.length > 0 ? { deferred: sent.deferred } : {}),
    },
  };
}

function exportToForest(e: SyncEngine, run: RunContext, info: ConnectorInfo, cs: CsObject): void {
  const forest = info.forest?.name ?? info.name;
  const store = e.forests.get(forest);
  const pe = cs.pendingExport;
  if (!store || !pe) return;
  const byDn = e.forestDnIndex(forest);
  const fail = (type: string, message: string): void => {
    e.cs.set(cs.id, { ...cs, exportError: { type, message } });
    e.error(run, cs, { type, message });
  };
  const usn = (): number => e.nextSeq('usn:' + forest);
  if (pe.type === 'Add') {
    if (byDn?.has(pe.dn.toLowerCase())) {
      fail(
        'export-error-object-already-exists',
        `An object named '${pe.dn}' already exists in ${forest}.`,
      );
      return;
    }
    const bytes = guidBytes(NS_AD_GUID, e.nextSeq('seq:adguid'));
    const guid = bytesToHex(bytes);
    const obj: DirectoryObject = {
      guid,
      dn: pe.dn,
      objectClass: cs.objectType,
      attributes: { ...pe.set, objectGUID: bytes },
      usn: usn(),
    };
    store.set(guid, obj);
    e.cs.set(cs.id, {
      ...cs,
      dn: pe.dn,
      pendingExport: undefined,
      exportError: undefined,
      exportMemory: { ...pe.set },
    });
    e.count(run, 'adds', cs.id);
    return;
  }
  const guid = cs.anchor ?? byDn?.get(cs.dn.toLowerCase());
  const obj = guid ? store.get(guid) : undefined;
  if (!obj || !guid) {
    fail(ERROR_TYPES.noSuchObject, `The object '${cs.dn}' does not exist in ${forest}.`);
    return;
  }
  if (pe.type === 'Delete') {
    // As AD does, the object's DN leaves other objects' linked attributes (member, manager ...).
    deleteDirectoryObject(e, forest, obj.dn);
    e.cs.delete(cs.id);
    e.count(run, 'deletes', cs.id);
    return;
  }
  const renamed = pe.dn !== obj.dn;
  const taken = renamed ? byDn?.get(pe.dn.toLowerCase()) : undefined;
  if (taken !== undefined && taken !== guid) {
    fail(
      'export-error-object-already-exists',
      `An object named '${pe.dn}' already exists in ${forest}.`,
    );
    return;
  }
  const attributes: AttributeBag = { ...obj.attributes, ...pe.set };
  for (const a of pe.clear) delete attributes[a];
  store.set(guid, { ...obj, attributes, usn: usn() });
  if (renamed) {
    // A rename or move takes the objects below along, and references to them follow (AD keeps
    // linked attributes pointing at the object, whatever its DN).
    const moved = moveDirectoryObject(e, forest, obj.dn, pe.dn);
    if (!moved.ok) {
      fail('export-error-rename', `Renaming '${obj.dn}' to '${pe.dn}': ${moved.message}.`);
      return;
    }
  }
  e.cs.set(cs.id, {
    ...cs,
    dn: pe.dn,
    pendingExport: undefined,
    exportError: undefined,
    exportMemory: { ...(cs.exportMemory ?? {}), ...pe.set },
  });
  e.count(run, renamed ? 'renames' : 'updates', cs.id);
}

/**
 * How one export run names its references: one reference value per cloud id (the tenant keeps the
 * values it is sent, and a group's members and a manager name the same objects again and again;
 * values are immutable), and the reference each DN resolved to. A DN resolves to the cloud id of
 * the connector-space object it names; that changes only when an export of this run deletes,
 * renames or re-anchors an object, which forgets what was resolved ({@link CloudRefs.forget}).
 */
class CloudRefs {
  private readonly byId = new Map<string, Ref>();
  private readonly byDn = new Map<string, Ref>();

  /** The reference to the cloud object `id`. */
  ref(id: string): Ref {
    let ref = this.byId.get(id);
    if (ref === undefined) this.byId.set(id, (ref = new Ref(id)));
    return ref;
  }

  /** What `dn` resolved to, if it resolved to an exported object since the last {@link forget}. */
  resolved(dn: string): Ref | undefined {
    return this.byDn.get(dn);
  }

  /** Remembers that `dn` resolves to the cloud object `id`; returns its reference. */
  resolve(dn: string, id: string): Ref {
    const ref = this.ref(id);
    this.byDn.set(dn, ref);
    return ref;
  }

  /** A DN may resolve otherwise now (an object left, moved or got another cloud id). */
  forget(): void {
    this.byDn.clear();
  }
}

/**
 * References leave the engine as the target's cloud id. A reference to an object that has not been
 * exported yet (its add is pending) is left out and named in `deferred`, to be sent once it exists.
 * A bag without references is sent as it is (the tenant copies what it keeps); otherwise the copy
 * is made by spread, then its references replaced: same attributes in the same order, and an
 * object whose shape V8 knows (a bag built one computed name at a time becomes a hash table).
 */
function toTenantBag(
  e: SyncEngine,
  connector: string,
  bag: AttributeBag,
  refs: CloudRefs,
): { bag: AttributeBag; deferred: string[] } {
  const deferred: string[] = [];
  let out: AttributeBag | undefined;
  for (const k in bag) {
    const v = bag[k] as Value;
    if (!hasRef(v)) continue;
    out ??= { ...bag };
    const vals = valuesOf(v);
    const mapped: Scalar[] = [];
    for (const x of vals) {
      if (!(x instanceof Ref)) mapped.push(x);
      else {
        const known = refs.resolved(x.dn);
        if (known !== undefined) {
          mapped.push(known);
          continue;
        }
        const id = e.csIdByDn(connector, x.dn);
        const target = id ? e.cs.get(id) : undefined;
        if (target?.anchor) mapped.push(refs.resolve(x.dn, target.anchor));
        else if (target?.pendingExport?.type === 'Add' && !deferred.includes(k)) deferred.push(k);
      }
    }
    out[k] = Array.isArray(v) ? mapped : (mapped[0] ?? []);
  }
  return { bag: out ?? bag, deferred };
}

/**
 * Second pass of an Entra ID export: reference attributes that named objects added later in the
 * same run are sent again now that those objects have cloud ids (a group exported before a new
 * member keeps that member). What still cannot be resolved (the member's add failed) stays a
 * pending export, retried by the next export run. Returns what was sent (undefined: nothing) and
 * what is still held back.
 */
function exportDeferredReferences(
  e: SyncEngine,
  run: RunContext,
  info: ConnectorInfo,
  csId: string,
  attributes: string[],
  refs: CloudRefs,
): { values: AttributeBag; deferred: string[] } | undefined {
  const cs = e.cs.get(csId);
  if (!cs?.anchor || cs.pendingExport) return undefined;
  const values: AttributeBag = {};
  for (const a of attributes) {
    const v = cs.exportMemory?.[a];
    if (v !== undefined) values[a] = v;
  }
  const { bag, deferred } = toTenantBag(e, info.name, values, refs);
  const res = e.tenant.exportObject({
    kind: 'Update',
    id: cs.anchor,
    objectType: cs.objectType as CloudObjectType,
    set: bag,
    clear: [],
  });
  if (!res.ok) {
    e.cs.set(cs.id, { ...cs, exportError: res.error });
    e.error(run, cs, res.error);
    return { values, deferred: [] };
  }
  if (deferred.length === 0) return { values, deferred };
  const set: AttributeBag = {};
  for (const a of deferred) set[a] = values[a] as Value;
  e.cs.set(cs.id, {
    ...cs,
    pendingExport: { type: 'Update', dn: cs.dn, set, clear: [], changes: [] },
  });
  return { values, deferred };
}

/** Exports one object to the tenant; returns the reference attributes to send again (deferred). */
function exportToTenant(
  e: SyncEngine,
  run: RunContext,
  info: ConnectorInfo,
  cs: CsObject,
  refs: CloudRefs,
): string[] {
  const pe = cs.pendingExport;
  if (!pe) return [];
  e.journal.saveSide('tenant', () => e.tenant.clone());
  const objectType = cs.objectType as CloudObjectType;
  let op: TenantExport;
  let deferred: string[] = [];
  if (pe.type === 'Delete') {
    if (!cs.anchor) {
      e.cs.delete(cs.id);
      refs.forget();
      return [];
    }
    op = { kind: 'Delete', id: cs.anchor, objectType };
  } else if (pe.type === 'Add' || !cs.anchor) {
    const mapped = toTenantBag(
      e,
      info.name,
      pe.type === 'Add' ? pe.set : { ...cs.attributes, ...(cs.exportMemory ?? {}), ...pe.set },
      refs,
    );
    deferred = mapped.deferred;
    op = { kind: 'Add', objectType, attributes: mapped.bag };
  } else {
    const mapped = toTenantBag(e, info.name, pe.set, refs);
    deferred = mapped.deferred;
    op = { kind: 'Update', id: cs.anchor, objectType, set: mapped.bag, clear: [...pe.clear] };
  }
  const res = e.tenant.exportObject(op);
  if (!res.ok) {
    e.cs.set(cs.id, { ...cs, exportError: res.error });
    e.error(run, cs, res.error);
    return [];
  }
  if (op.kind === 'Delete') {
    e.cs.delete(cs.id);
    refs.forget();
    e.count(run, 'deletes', cs.id);
    return [];
  }
  if (op.kind === 'Add') {
    // A hard or soft match takes over a cloud object that may sit in the connector space as a disconnector.
    const otherId = e.csIdByAnchor(info.name, res.id);
    if (otherId && otherId !== cs.id) {
      const other = e.cs.get(otherId);
      if (other && !other.mvId) {
        e.cs.delete(otherId);
        refs.forget();
      }
    }
  }
  const cur = e.cs.get(cs.id) ?? cs;
  // The connector space finds the object by its new DN and anchor from now on: a DN resolved to
  // another object (a rename, a new anchor, a DN another object held) may resolve otherwise.
  if (
    pe.dn !== cur.dn ||
    (cur.anchor === undefined ? e.csIdByDn(info.name, pe.dn) !== cs.id : cur.anchor !== res.id)
  )
    refs.forget();
  const exported: CsObject = {
    ...cur,
    anchor: res.id,
    dn: pe.dn,
    pendingExport: undefined,
    exportError: undefined,
    // The exported values are immutable: the first export's set is the memory as it is.
    exportMemory: cur.exportMemory ? { ...cur.exportMemory, ...pe.set } : pe.set,
  };
  e.cs.set(cs.id, exported);
  if (deferred.length === 0 && pe.dn === cur.dn) e.noteExported(cur, exported);
  e.count(run, op.kind === 'Add' ? 'adds' : pe.dn !== cs.dn ? 'renames' : 'updates', cs.id);
  return deferred;
}
