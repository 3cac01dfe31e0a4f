/**
 * Import (spec §1.3): stage what the connected directory holds as pending imports, matching
 * connector-space objects by anchor, then by DN. A full import also detects deletions.
 *
 * An import is a generator of step events: one per object the run counts (Add, Update, Rename,
 * Delete, Delete-Add), and now and then a progress event for the objects read without a change, so
 * that a driver can show progress and look for a cancel request on a large import.
 */
import { cloudAnchorOf } from '../entra/tenant.ts';
import type { CloudObject, TenantService } from '../entra/types.ts';
import { Ref, type AttributeBag, type Scalar, type Value } from '../expr/values.ts';
import { bytesToUpperHex, utf8Bytes } from '../io/binary.ts';
import { flat } from '../io/flat-text.ts';
import type { RunContext, SyncEngine } from './engine.ts';
import { importScope } from './connector-config.ts';
import {
  blankCsObject,
  type ConnectorInfo,
  type CsObject,
  type PendingImport,
  type RunStatus,
} from './model.ts';
import type { ImportOperation, ImportTrace, ObjectStep, StepEvent } from './trace.ts';
import { diffBags, hasRef, valueEquals, type AttributeChange } from './value-keys.ts';

export interface Incoming {
  anchor: string;
  dn: string;
  objectType: string;
  attributes: AttributeBag;
}

/** The Entra ID connector's DN for a cloud object (`CN={hex(sourceAnchor)}` for synced objects). */
export function aadDn(o: CloudObject): string {
  const sa = o.attributes.sourceAnchor;
  // In one piece (io/flat-text.ts): every Entra ID connector-space object keeps its DN.
  if (typeof sa === 'string' && sa.length > 0) return flat`CN={${bytesToUpperHex(utf8Bytes(sa))}}`;
  return flat`CN=Object_${o.id}`;
}

function newCsObject(e: SyncEngine, connector: string, dn: string, objectType: string): CsObject {
  const { id, seq } = e.newCsId();
  return blankCsObject(id, seq, connector, dn, objectType);
}

/**
 * A pending import carrying every incoming value. Its attribute changes are worked out when first
 * read (pending-import view, traces, rules impact), from the hologram it replaces and the incoming
 * values, both immutable: synchronization does not read them, and the import confirming an export
 * to Entra ID stages ~25 changes an object (~1.4 KB) that lived until the next synchronization.
 * An accessor of the object itself, so that a spread, `structuredClone` or JSON see the value.
 */
function pending(
  type: 'Add' | 'Update' | 'Delete-Add',
  inc: Incoming,
  before: AttributeBag,
): PendingImport {
  const after = inc.attributes;
  let changes: AttributeChange[] | undefined;
  return {
    type,
    attributes: after,
    dn: inc.dn,
    objectType: inc.objectType,
    get changes(): AttributeChange[] {
      return (changes ??= diffBags(before, after));
    },
  };
}

/** Whether {@link diffBags} would find a change, without building the changes. */
function bagsDiffer(before: AttributeBag, after: AttributeBag): boolean {
  for (const k in after) {
    const ov = before[k];
    if (ov === undefined || !valueEquals(ov, after[k])) return true;
  }
  for (const k in before) if (after[k] === undefined) return true;
  return false;
}

/** Which import statistic staging counted for an object; undefined when it changed nothing. */
type ImportStat = 'adds' | 'updates' | 'renames' | 'deletes' | 'deleteAdds';

/** The object staging last touched and what it counted: one per run, reused for every object. */
interface Staged {
  id: string;
  stat: ImportStat | undefined;
}

function counted(e: SyncEngine, run: RunContext, out: Staged, stat: ImportStat, id: string): void {
  e.count(run, stat, id);
  out.id = id;
  out.stat = stat;
}

function unchanged(out: Staged, id: string): void {
  out.id = id;
  out.stat = undefined;
}

/** Stages one incoming object; `out` receives its CS object id and what the run counted. */
function stageImport(
  e: SyncEngine,
  run: RunContext,
  connector: string,
  inc: Incoming,
  out: Staged,
): void {
  let cs: CsObject | undefined;
  const byAnchor = e.csIdByAnchor(connector, inc.anchor);
  if (byAnchor) cs = e.cs.get(byAnchor);
  if (!cs) {
    const byDn = e.csIdByDn(connector, inc.dn);
    const other = byDn ? e.cs.get(byDn) : undefined;
    if (other) {
      if (other.state === 'placeholder') {
        // An imported object overwrites the placeholder with its DN.
        e.cs.set(other.id, {
          ...other,
          anchor: inc.anchor,
          state: 'disconnector',
          objectType: inc.objectType,
          version: 0,
          pendingImport: pending('Add', inc, {}),
        });
        counted(e, run, out, 'adds', other.id);
        return;
      } else if (other.anchor === undefined) {
        if (other.pendingExport?.type === 'Add') {
          // Never exported: removed, and its metaverse object retries provisioning (reverse join on DN).
          e.cs.delete(other.id);
          if (other.mvId) {
            const mv = e.mv.get(other.mvId);
            if (mv)
              e.mv.set(mv.id, { ...mv, connectors: mv.connectors.filter((x) => x !== other.id) });
            e.retryProvisioning.set(other.mvId, 1);
          }
        } else {
          // Export confirmation: the exported object comes back with its anchor.
          cs = { ...other, anchor: inc.anchor };
        }
      } else {
        // Same DN, another anchor: the old object becomes transient until its rename/delete arrives.
        e.cs.set(other.id, { ...other, dn: `${other.dn}\u0000transient` });
      }
    }
  }
  if (!cs) {
    // A new object, not yet in the connector space: completed as it is, not copied.
    const fresh = newCsObject(e, connector, inc.dn, inc.objectType);
    fresh.anchor = inc.anchor;
    fresh.pendingImport = pending('Add', inc, {});
    e.cs.set(fresh.id, fresh);
    counted(e, run, out, 'adds', fresh.id);
    return;
  }
  // Renamed or moved: a placeholder holding the new DN gives way to the real object at once (as an
  // added object overwrites it), so that the synchronization that applies the new DN leaves one
  // object with it, which references then resolve to. addPlaceholders does not make it again.
  if (inc.dn !== cs.dn) dropPlaceholder(e, connector, inc.dn, cs.id);
  const exportMemory = undefined;
  if (cs.pendingImport?.type === 'Add' && cs.version === 0) {
    // Never synchronized: the Add simply carries the newest values.
    e.cs.set(cs.id, {
      ...cs,
      exportMemory,
      pendingImport: pending('Add', inc, {}),
    });
    unchanged(out, cs.id);
    return;
  }
  if (inc.objectType !== cs.objectType) {
    e.cs.set(cs.id, {
      ...cs,
      exportMemory,
      pendingImport: pending('Delete-Add', inc, cs.attributes),
    });
    counted(e, run, out, 'deleteAdds', cs.id);
    return;
  }
  const renamed = inc.dn !== cs.dn;
  if (renamed || bagsDiffer(cs.attributes, inc.attributes)) {
    const staged = { ...cs, exportMemory, pendingImport: pending('Update', inc, cs.attributes) };
    e.cs.set(cs.id, staged);
    if (!renamed) e.noteImported(cs, staged, inc.attributes);
    counted(e, run, out, renamed ? 'renames' : 'updates', cs.id);
    return;
  } else if (cs.pendingImport || cs.exportMemory || byAnchor === undefined) {
    e.cs.set(cs.id, { ...cs, exportMemory, pendingImport: undefined });
  }
  unchanged(out, cs.id);
}

/** Removes the placeholder holding `dn` (case-insensitively), if any, unless it is `keep`. */
function dropPlaceholder(e: SyncEngine, connector: string, dn: string, keep: string): void {
  const id = e.csIdByDn(connector, dn);
  if (id === undefined || id === keep) return;
  if (e.cs.get(id)?.state === 'placeholder') e.cs.delete(id);
}

function stageDelete(e: SyncEngine, run: RunContext, cs: CsObject, out: Staged): void {
  if (cs.pendingImport?.type === 'Delete') return unchanged(out, cs.id);
  if (cs.pendingImport?.type === 'Add' && cs.version === 0 && !cs.mvId) {
    // Appeared and disappeared between two synchronizations.
    e.cs.delete(cs.id);
  } else {
    e.cs.set(cs.id, { ...cs, pendingImport: { type: 'Delete', changes: [] } });
  }
  counted(e, run, out, 'deletes', cs.id);
}

export interface ImportOptions {
  /** Each step carries an {@link ImportTrace} (for the step-by-step view). */
  trace?: boolean;
  isCancelled?: () => boolean;
}

/** Objects read without a change between two progress events. */
const PROGRESS_EVERY = 500;

const OPERATIONS: Record<ImportStat, ImportOperation> = {
  adds: 'Add',
  updates: 'Update',
  renames: 'Rename',
  deletes: 'Delete',
  deleteAdds: 'Delete-Add',
};

/** The step events of one import run: a step per object it counts, progress for the others. */
class ImportSteps {
  readonly out: Staged = { id: '', stat: undefined };
  stopped: RunStatus | undefined;
  private quiet = 0;

  constructor(
    private readonly e: SyncEngine,
    private readonly run: RunContext,
    private readonly info: ConnectorInfo,
    private readonly options: ImportOptions,
  ) {}

  /** True, and the run stopped, when a cancel was requested. */
  cancelled(): boolean {
    if (!this.options.isCancelled?.()) return false;
    this.stopped = 'stopped-user-cancelled';
    return true;
  }

  /**
   * After staging one object (`out`): its step when the run counted it, else now and then a
   * progress event. `dn` is the DN read (the new one of a rename); `gone` is the object as it was
   * when a delete removed it from the connector space.
   */
  staged(dn: string, gone?: CsObject): StepEvent | undefined {
    const { id, stat } = this.out;
    if (stat === undefined) return this.skipped();
    const connector = this.info.name;
    const profile = this.run.record.profile;
    const step: ObjectStep = { kind: 'object', connector, profile, csId: id, dn };
    if (this.options.trace) step.importTrace = this.trace(dn, OPERATIONS[stat], gone);
    return step;
  }

  /** An object read that staged nothing: a progress event every {@link PROGRESS_EVERY}. */
  skipped(): StepEvent | undefined {
    return ++this.quiet < PROGRESS_EVERY ? undefined : this.flush();
  }

  /** The objects read without a change not yet reported, if any. */
  flush(): StepEvent | undefined {
    const objects = this.quiet;
    if (objects === 0) return undefined;
    this.quiet = 0;
    return {
      kind: 'progress',
      connector: this.info.name,
      profile: this.run.record.profile,
      objects,
    };
  }

  private trace(dn: string, operation: ImportOperation, gone?: CsObject): ImportTrace {
    const id = this.out.id;
    const cs = this.e.cs.get(id) ?? gone;
    const pi = operation === 'Delete' ? undefined : cs?.pendingImport;
    return {
      connector: this.info.name,
      csId: id,
      dn,
      ...(operation === 'Rename' && cs ? { oldDn: cs.dn } : {}),
      objectType: pi?.objectType ?? cs?.objectType ?? '',
      ...(cs?.anchor !== undefined ? { anchor: cs.anchor } : {}),
      operation,
      changes: pi?.changes ?? [],
    };
  }
}

/** Placeholders for references to objects not (yet) in the connector space. */
function addPlaceholders(e: SyncEngine, connector: string, referenced: Set<string>): void {
  const missing: string[] = [];
  for (const dn of referenced) if (!e.csIdByDn(connector, dn)) missing.push(dn);
  if (missing.length === 0) return;
  // An object renamed or moved by this import still has its old DN until it is synchronized: the
  // DN it is moving to is not a missing object.
  const renamedTo = new Set<string>();
  for (const id of e.pendingImportIds(connector)) {
    const to = e.cs.get(id)?.pendingImport?.dn;
    if (to) renamedTo.add(to.toLowerCase());
  }
  for (const dn of missing) {
    // Again: a placeholder made just now may hold the DN in another case.
    if (renamedTo.has(dn.toLowerCase()) || e.csIdByDn(connector, dn)) continue;
    const p = newCsObject(e, connector, dn, '');
    e.cs.set(p.id, { ...p, state: 'placeholder' });
  }
}

function collectRefs(attributes: AttributeBag, into: Set<string>): void {
  for (const k in attributes) {
    const v = attributes[k];
    if (v instanceof Ref) into.add(v.dn);
    else if (Array.isArray(v))
      for (const s of v as readonly Scalar[]) if (s instanceof Ref) into.add(s.dn);
  }
}

/**
 * Full or delta import from a simulated AD forest. Returns `stopped-user-cancelled` when cancelled:
 * what was staged stays, deletions are not detected and the watermark does not move.
 */
export function* importForest(
  e: SyncEngine,
  run: RunContext,
  info: ConnectorInfo,
  options: ImportOptions = {},
): Generator<StepEvent, RunStatus | undefined> {
  const forest = info.forest?.name ?? info.name;
  const store = e.forests.get(forest);
  if (!store) return undefined;
  const wmKey = 'wm:' + info.name;
  const watermark = run.full ? -1 : (e.meta.get(wmKey) ?? -1);
  const seen = new Set<string>();
  const referenced = new Set<string>();
  const steps = new ImportSteps(e, run, info, options);
  const out = steps.out;
  let ev: StepEvent | undefined;
  // Connector configuration (connector-config.ts): OU, group, object-type and attribute filters.
  const scope = importScope(e, info.name, forest, watermark);
  for (const o of store.values()) {
    if (!run.full && o.usn <= watermark && !scope?.rescanAll) continue;
    if (steps.cancelled()) break;
    if (scope && !scope.inScope(o)) {
      // Moved out of scope: the connector no longer sees it, so it is a delete.
      const id = run.full ? undefined : e.csIdByAnchor(info.name, o.guid);
      const cs = id ? e.cs.get(id) : undefined;
      if (cs && cs.state !== 'placeholder') {
        stageDelete(e, run, cs, out);
        ev = steps.staged(cs.dn, cs);
      } else ev = steps.skipped();
      if (ev) yield ev;
      continue;
    }
    const attributes = scope ? scope.attributes(o) : o.attributes;
    stageImport(
      e,
      run,
      info.name,
      { anchor: o.guid, dn: o.dn, objectType: o.objectClass, attributes },
      out,
    );
    seen.add(out.id);
    collectRefs(attributes, referenced);
    ev = steps.staged(o.dn);
    if (ev) yield ev;
  }
  if (!steps.stopped && run.full) {
    yield* stageDeletes(e, run, info, steps, (id) => !seen.has(id));
  } else if (!steps.stopped) {
    for (const [guid, t] of e.tombstones.get(forest)?.entries() ?? []) {
      if (t.usn <= watermark) continue;
      const id = e.csIdByAnchor(info.name, guid);
      const cs = id ? e.cs.get(id) : undefined;
      if (!cs) continue;
      if (steps.cancelled()) break;
      stageDelete(e, run, cs, out);
      ev = steps.staged(cs.dn, cs);
      if (ev) yield ev;
    }
  }
  addPlaceholders(e, info.name, referenced);
  ev = steps.flush();
  if (ev) yield ev;
  if (!steps.stopped) e.meta.set(wmKey, e.meta.get('usn:' + forest) ?? 0);
  return steps.stopped;
}

/** The tenant instance each engine's last Entra ID import read, to trust a stored version. */
const tenantStamps = new WeakMap<object, number>();
let nextStamp = 1;
function stampOf(tenant: object): number {
  let stamp = tenantStamps.get(tenant);
  if (stamp === undefined) tenantStamps.set(tenant, (stamp = nextStamp++));
  return stamp;
}

/** How one Entra ID import names cloud objects: by DN, in references too. */
class CloudNames {
  /** One reference value per target, shared by every object that names it (values are immutable). */
  private readonly refs = new Map<string, Ref>();

  constructor(readonly dnOf: (id: string) => string | undefined) {}

  /** A reference to the cloud object `id`: its DN, or the id when it has none. */
  refTo(id: string): Ref {
    let ref = this.refs.get(id);
    if (ref === undefined) this.refs.set(id, (ref = new Ref(this.dnOf(id) ?? id)));
    return ref;
  }
}

/** The Entra ID connector's view of one cloud object: references as DNs, plus its anchors. */
function tenantIncoming(o: CloudObject, names: CloudNames, tenant: TenantService): Incoming {
  // Shadow attributes: the connector reads the on-premises values it exported (spec, shadow
  // attributes), not the values Entra ID calculated (quarantine, unverified domain).
  const shadow = o.dirSyncEnabled ? tenant.shadowValues?.(o.id) : undefined;
  const upn = shadow?.userPrincipalName;
  const proxies = shadow?.proxyAddresses;
  let source = o.attributes;
  if (
    (upn !== undefined && source.userPrincipalName === undefined) ||
    (proxies !== undefined && source.proxyAddresses === undefined)
  ) {
    // A shadow attribute the object lacks comes before the anchors, as when it was assigned.
    source = { ...source };
    if (upn !== undefined) source.userPrincipalName = upn;
    if (proxies !== undefined) source.proxyAddresses = proxies;
  }
  // One object literal, the two anchors first and the tenant's values spread after them (its own
  // cloudMastered or cloudAnchor, when it has one, replaces the default). In V8 a spread followed by
  // fields the source lacks gives each copy a hidden class of its own (1,088 classes for 4,843
  // holograms at 5,000 objects); fields before the spread keep one class per set of attributes.
  // Adding them afterwards by assignment can turn the copy into a hash table, several times the size.
  const attributes: AttributeBag = {
    cloudMastered: !o.dirSyncEnabled,
    cloudAnchor: source.cloudAnchor ?? cloudAnchorOf(o),
    ...source,
  };
  // References and shadow values replace attributes the copy has: no new property.
  const mapRef = (s: Scalar): Scalar => (s instanceof Ref ? names.refTo(s.dn) : s);
  for (const k in attributes) {
    const v = attributes[k] as Value;
    if (hasRef(v))
      attributes[k] = Array.isArray(v) ? (v as readonly Scalar[]).map(mapRef) : mapRef(v as Scalar);
  }
  if (upn !== undefined) attributes.userPrincipalName = upn;
  // The tenant never changes the list in place: shared, not copied.
  if (proxies !== undefined) attributes.proxyAddresses = proxies;
  return { anchor: o.id, dn: names.dnOf(o.id) ?? o.id, objectType: o.objectType, attributes };
}

/**
 * Import from Entra ID: the tenant's current state. A Full Import reads and compares every object
 * (and sees deletions by absence). A Delta Import reads the tenant's change log since the last
 * import of this connector (the changed objects, the deleted ids) when the tenant keeps one and
 * the stored version belongs to this very tenant instance (a rewind or a copy swaps the tenant for
 * a clone, so the next import reads everything); otherwise it compares everything too. A cancelled
 * import keeps what it staged, detects no deletion and keeps the previous version.
 */
export function* importTenant(
  e: SyncEngine,
  run: RunContext,
  info: ConnectorInfo,
  options: ImportOptions = {},
): Generator<StepEvent, RunStatus | undefined> {
  const wmKey = 'wm:' + info.name;
  const stampKey = 'wmt:' + info.name;
  const stamp = stampOf(e.tenant);
  const since = e.meta.get(wmKey);
  const steps = new ImportSteps(e, run, info, options);
  const out = steps.out;
  let ev: StepEvent | undefined;
  const delta =
    !run.full && since !== undefined && e.meta.get(stampKey) === stamp
      ? e.tenant.changesSince?.(since)
      : undefined;
  if (delta) {
    const dnCache = new Map<string, string | undefined>();
    const names = new CloudNames((id) => {
      if (dnCache.has(id)) return dnCache.get(id);
      const o = delta.peek(id);
      const dn = o && aadDn(o);
      dnCache.set(id, dn);
      return dn;
    });
    for (const o of delta.changed) {
      if (steps.cancelled()) break;
      const inc = tenantIncoming(o, names, e.tenant);
      stageImport(e, run, info.name, inc, out);
      ev = steps.staged(inc.dn);
      if (ev) yield ev;
    }
    // Deletes in connector-space order, as the comparison of a full read stages them.
    const gone = new Set<string>();
    if (!steps.stopped) {
      for (const id of delta.removed) {
        const csId = e.csIdByAnchor(info.name, id);
        if (csId !== undefined) gone.add(csId);
      }
    }
    if (gone.size > 0) yield* stageDeletes(e, run, info, steps, (id) => gone.has(id));
    ev = steps.flush();
    if (ev) yield ev;
    if (!steps.stopped) e.meta.set(wmKey, delta.version);
    return steps.stopped;
  }
  const version = e.tenant.changeVersion;
  const objects = e.tenant.readObjects?.() ?? e.tenant.objects();
  const dnById = new Map<string, string>();
  for (const o of objects) dnById.set(o.id, aadDn(o));
  const seen = new Set<string>();
  const names = new CloudNames((id) => dnById.get(id));
  for (const o of objects) {
    if (steps.cancelled()) break;
    const inc = tenantIncoming(o, names, e.tenant);
    stageImport(e, run, info.name, inc, out);
    seen.add(out.id);
    ev = steps.staged(inc.dn);
    if (ev) yield ev;
  }
  if (!steps.stopped) yield* stageDeletes(e, run, info, steps, (id) => !seen.has(id));
  ev = steps.flush();
  if (ev) yield ev;
  if (version !== undefined && !steps.stopped) {
    e.meta.set(wmKey, version);
    e.meta.set(stampKey, stamp);
  }
  return steps.stopped;
}

/** Stages the deletion of the connector's imported objects that `gone` names, in connector-space order. */
function* stageDeletes(
  e: SyncEngine,
  run: RunContext,
  info: ConnectorInfo,
  steps: ImportSteps,
  gone: (id: string) => boolean,
): Generator<StepEvent> {
  // In creation order, as Full Synchronization and Export read: the connector's id set can be in
  // another order after a journal restore, which would reorder the run's Deletes list.
  const doomed: CsObject[] = [];
  for (const id of e.csIds(info.name)) {
    if (!gone(id)) continue;
    const cs = e.cs.get(id);
    if (cs && cs.anchor !== undefined && cs.state !== 'placeholder') doomed.push(cs);
  }
  doomed.sort((a, b) => a.seq - b.seq);
  for (const d of doomed) {
    const cs = e.cs.get(d.id);
    if (!cs) continue;
    if (steps.cancelled()) return;
    stageDelete(e, run, cs, steps.out);
    const ev = steps.staged(cs.dn, cs);
    if (ev) yield ev;
  }
}
