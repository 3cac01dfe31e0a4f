/**
 * Impact before save: what a changed rule set would do to the workspace's objects, computed on
 * copies (workspace-copy.ts) so that the open workspace never changes.
 *
 * The product's answer to a rule change is a Full Synchronization of the connectors concerned,
 * followed by an export. Here two copies synchronize the same objects, one with the current rules
 * (the baseline) and one with the changed rules; the differences between the two are the change's
 * own effect, even when the workspace has unsynchronized imports that a Full Synchronization would
 * also pick up. Only the objects a changed rule can reach are synchronized: the connector-space
 * objects of a changed inbound rule's connector and object type, and the metaverse objects of a
 * changed outbound rule's source type.
 */
import {
  checkDeletionThreshold,
  type DeletionThresholdCheck,
} from '../entra/deletion-threshold.ts';
import type { SyncEngine, RunContext } from '../sync/engine.ts';
import { emptyCounts, type CsObject, type PendingExport, type RunError } from '../sync/model.ts';
import { diffBags, displayValue, type AttributeChange } from '../sync/value-keys.ts';
import type { SyncRule } from './model.ts';
import { csScopeContext, mvLabel, mvScopeContext } from './object-context.ts';
import { isInScope } from './scoping.ts';
import { inboundDiffers, linksDiffer, outboundDiffers, type RulePair } from './rule-effect.ts';
import { copyForSynchronization } from './workspace-copy.ts';

/** A rule set expressed as changes to the current one. */
export interface RuleSetChange {
  /** Rules added or replaced (by id). */
  put?: readonly SyncRule[];
  /** Ids of rules removed. */
  delete?: readonly string[];
}

/**
 * The rule set after `change`.
 *
 * @example
 * applyRuleSetChange(rules, { put: [{ ...rule, precedence: 40 }] })
 */
export function applyRuleSetChange(rules: readonly SyncRule[], change: RuleSetChange): SyncRule[] {
  const out = new Map(rules.map((r) => [r.id, r]));
  for (const id of change.delete ?? []) out.delete(id);
  for (const r of change.put ?? []) out.set(r.id, r);
  return [...out.values()];
}

export interface MvImpact {
  mvId: string;
  objectType: string;
  kind: 'added' | 'deleted' | 'updated';
  /** A name to show: displayName, else the first connector's DN, else the id. */
  label: string;
  changes: AttributeChange[];
  /** Connectors joined (+) or disconnected (−) by the change, as `+contoso.com: CN=…`. */
  links: string[];
}

export type ExportKind = 'Add' | 'Update' | 'Delete' | 'None';

export interface ExportImpact {
  connector: string;
  csId: string;
  dn: string;
  /** The pending export after the change (`None`: the change cancels an export). */
  kind: ExportKind;
  /** The pending export the current rules would leave (`None` when there is none). */
  before: ExportKind;
  /** The attribute changes the export would carry after the change. */
  changes: AttributeChange[];
}

export interface ConnectorExportCounts {
  connector: string;
  kind: 'AD' | 'AAD';
  /** Objects the connected directory would get that it would not without the change. */
  add: number;
  /** Exports whose content the change alters (an Update, or an Add / Delete sent anyway). */
  update: number;
  /** Objects deleted that would not be without the change. */
  delete: number;
  /** Exports the current rules would make and the changed rules would not. */
  cancelled: number;
}

export interface ImpactReport {
  changedRules: { id: string; name: string; change: 'added' | 'removed' | 'modified' }[];
  /**
   * What the changed rules were compared with: `workspace` when synchronizing the objects with the
   * current rules would change nothing (the workspace is settled), else a `copy` on which the
   * unsettled objects were synchronized with the current rules.
   */
  baseline: 'workspace' | 'copy';
  /** Objects synchronized on the baseline copy (0 when the workspace is the baseline). */
  baselineSynchronized: number;
  /** Connector-space and metaverse objects synchronized on each copy. */
  synchronized: { connectorSpace: number; metaverse: number };
  metaverse: MvImpact[];
  exports: ExportImpact[];
  counts: {
    mvAdded: number;
    mvDeleted: number;
    mvUpdated: number;
    /** Objects whose value changes, per metaverse attribute, most first. */
    attributes: { attribute: string; objects: number }[];
    exports: ConnectorExportCounts[];
  };
  /** Synchronization errors the changed rules raise and the current ones do not. */
  newErrors: RunError[];
  /** Pending deletes to Entra ID after the change, against the deletion threshold. */
  deletionCheck: (DeletionThresholdCheck & { connector: string; before: number }) | null;
}

const key = (r: SyncRule) => JSON.stringify(r);

/** Which rules differ between two sets (by id; a rule that differs in any field is modified). */
export function changedRules(
  before: readonly SyncRule[],
  after: readonly SyncRule[],
): ImpactReport['changedRules'] {
  const a = new Map(before.map((r) => [r.id, r]));
  const b = new Map(after.map((r) => [r.id, r]));
  const out: ImpactReport['changedRules'] = [];
  for (const [id, r] of a) {
    const n = b.get(id);
    if (!n) out.push({ id, name: r.name, change: 'removed' });
    else if (n !== r && key(n) !== key(r)) out.push({ id, name: n.name, change: 'modified' });
  }
  for (const [id, r] of b) if (!a.has(id)) out.push({ id, name: r.name, change: 'added' });
  return out;
}

interface Reach {
  /** Changed inbound rules by `connector\0objecttype` (lower-case type). */
  inbound: Map<string, RulePair[]>;
  /** Changed outbound rules by lower-case metaverse object type. */
  outbound: Map<string, RulePair[]>;
}

function reachOf(ids: Set<string>, before: readonly SyncRule[], after: readonly SyncRule[]): Reach {
  const reach: Reach = { inbound: new Map(), outbound: new Map() };
  const pairs = new Map<string, RulePair>();
  for (const r of before) if (ids.has(r.id)) pairs.set(r.id, { before: r });
  for (const r of after) if (ids.has(r.id)) pairs.set(r.id, { ...pairs.get(r.id), after: r });
  const add = (m: Map<string, RulePair[]>, k: string, p: RulePair) => {
    const list = m.get(k);
    if (!list) m.set(k, [p]);
    else if (!list.includes(p)) list.push(p);
  };
  for (const p of pairs.values()) {
    for (const r of [p.before, p.after]) {
      if (!r) continue;
      if (r.direction === 'Inbound')
        add(reach.inbound, r.connector + '\0' + r.sourceObjectType.toLowerCase(), p);
      else add(reach.outbound, r.sourceObjectType.toLowerCase(), p);
    }
  }
  return reach;
}

/**
 * The objects a changed rule can affect: those of its connector and type on which its old and new
 * versions differ (in scope or not, the values of the flows), and every one of them when the
 * versions link objects differently.
 */
function objectsInReach(engine: SyncEngine, reach: Reach): { cs: string[]; mv: string[] } {
  const cs: string[] = [];
  for (const c of engine.connectors) {
    const list: CsObject[] = [];
    for (const id of engine.csIds(c.name)) {
      const o = engine.cs.get(id);
      if (!o) continue;
      const pairs = reach.inbound.get(c.name + '\0' + o.objectType.toLowerCase());
      if (!pairs) continue;
      const differs = pairs.some((p) => {
        const a = p.before?.direction === 'Inbound' ? p.before : undefined;
        const b = p.after?.direction === 'Inbound' ? p.after : undefined;
        if (linksDiffer({ ...(a ? { before: a } : {}), ...(b ? { after: b } : {}) })) {
          const ctx = csScopeContext(engine, o);
          return [a, b].some((r) => r && isInScope(r.scopingFilter, ctx));
        }
        return inboundDiffers(
          engine,
          { ...(a ? { before: a } : {}), ...(b ? { after: b } : {}) },
          o,
        );
      });
      if (differs) list.push(o);
    }
    list.sort((x, y) => x.seq - y.seq);
    for (const o of list) cs.push(o.id);
  }
  const mv: string[] = [];
  if (reach.outbound.size > 0) {
    for (const [id, o] of engine.mv.entries()) {
      const pairs = reach.outbound.get(o.objectType.toLowerCase());
      if (!pairs) continue;
      const differs = pairs.some((p) => {
        const a = p.before?.direction === 'Outbound' ? p.before : undefined;
        const b = p.after?.direction === 'Outbound' ? p.after : undefined;
        if (linksDiffer({ ...(a ? { before: a } : {}), ...(b ? { after: b } : {}) }))
          return [a, b].some(
            (r) => r && isInScope(r.scopingFilter, mvScopeContext(engine, o, r.connector)),
          );
        return outboundDiffers(
          engine,
          { ...(a ? { before: a } : {}), ...(b ? { after: b } : {}) },
          o,
        );
      });
      if (differs) mv.push(id);
    }
  }
  return { cs, mv };
}

/**
 * The objects in reach that synchronizing with the current rules could change, and that therefore
 * need a baseline copy: an unsynchronized import, a connector whose rules changed since its last
 * Full Synchronization, and for outbound re-evaluation an export still waiting for its confirming
 * import (or provisioning to retry). Every other object is settled: the workspace holds what a
 * synchronization with the current rules would leave, so the workspace itself is its baseline.
 */
function unsettled(
  engine: SyncEngine,
  objects: { cs: string[]; mv: string[] },
  stale: readonly string[],
): { cs: string[]; mv: string[] } {
  const staleSet = new Set(stale.map((s) => s.toLowerCase()));
  const cs = objects.cs.filter((id) => {
    const o = engine.cs.get(id);
    return !o || !!o.pendingImport || staleSet.has(o.connector.toLowerCase());
  });
  const mv = objects.mv.filter((id) => {
    if (staleSet.size > 0 || engine.retryProvisioning.has(id)) return true;
    const o = engine.mv.get(id);
    return (
      !o ||
      o.connectors.some((x) => {
        const c = engine.cs.get(x);
        return !c || !!c.exportMemory || !!c.pendingImport;
      })
    );
  });
  return { cs, mv };
}

function newRun(): RunContext {
  return {
    record: {
      index: 0,
      connector: '(impact)',
      profile: 'Full Synchronization',
      status: 'success',
      counts: emptyCounts(),
      errors: [],
      changed: {},
    },
    // Not `full`: an unchanged metaverse object needs no outbound pass, on either copy.
    full: false,
    pendingRefs: new Set(),
  };
}

/** Synchronizes the objects in reach on a copy, as a Full Synchronization would. */
/** Where an impact computation is, for a progress bar. */
export interface ImpactProgress {
  phase: 'baseline' | 'changed';
  done: number;
  total: number;
}

const PROGRESS_EVERY = 200;

/** Synchronizes the objects in reach on a copy, as a Full Synchronization would. */
function* synchronize(
  copy: SyncEngine,
  objects: { cs: string[]; mv: string[] },
  phase: ImpactProgress['phase'],
): Generator<ImpactProgress, RunError[]> {
  const run = newRun();
  const total = objects.cs.length + objects.mv.length;
  let done = 0;
  for (const id of objects.cs) {
    const o = copy.cs.get(id);
    if (o) copy.syncObject(o, run);
    if (++done % PROGRESS_EVERY === 0) yield { phase, done, total };
  }
  for (const id of objects.mv) {
    const mv = copy.mv.get(id);
    const first = mv?.connectors[0];
    const source = first ? copy.cs.get(first) : undefined;
    // Errors are reported on the connector-space object whose synchronization reached the
    // metaverse object; in a Full Synchronization that is one joined to it.
    if (source) run.source = source;
    else delete run.source;
    if (mv) copy.outbound(id, run);
    if (++done % PROGRESS_EVERY === 0) yield { phase, done, total };
  }
  // References to objects linked later in the pass, as the engine does at the end of a run.
  for (let pass = 0; pass < 2 && run.pendingRefs.size > 0; pass++) {
    const ids = [...run.pendingRefs];
    run.pendingRefs = new Set();
    for (const id of ids) if (copy.recomputeMv(id, run).length > 0) copy.outbound(id, run);
  }
  yield { phase, done, total };
  return run.record.errors;
}

function linkText(engine: SyncEngine, ids: readonly string[], sign: string): string[] {
  return ids.map((id) => {
    const cs = engine.cs.get(id);
    return cs ? `${sign}${cs.connector}: ${cs.dn}` : `${sign}${id}`;
  });
}

function diffMetaverse(base: SyncEngine, next: SyncEngine): MvImpact[] {
  const out: MvImpact[] = [];
  for (const [id, b] of base.mv.entries()) {
    const n = next.mv.get(id);
    if (n === b) continue;
    if (!n) {
      out.push({
        mvId: id,
        objectType: b.objectType,
        kind: 'deleted',
        label: mvLabel(base, b),
        changes: diffBags(b.attributes, {}),
        links: linkText(base, b.connectors, '−'),
      });
      continue;
    }
    const changes = diffBags(b.attributes, n.attributes);
    const bl = new Set(b.connectors);
    const nl = new Set(n.connectors);
    const links = [
      ...linkText(
        next,
        n.connectors.filter((x) => !bl.has(x)),
        '+',
      ),
      ...linkText(
        base,
        b.connectors.filter((x) => !nl.has(x)),
        '−',
      ),
    ];
    if (changes.length === 0 && links.length === 0) continue;
    out.push({
      mvId: id,
      objectType: n.objectType,
      kind: 'updated',
      // The name the object has now, so that the row can be found by what is on screen.
      label: mvLabel(base, b),
      changes,
      links,
    });
  }
  for (const [id, n] of next.mv.entries()) {
    if (base.mv.has(id)) continue;
    out.push({
      mvId: id,
      objectType: n.objectType,
      kind: 'added',
      label: mvLabel(next, n),
      changes: diffBags({}, n.attributes),
      links: linkText(next, n.connectors, '+'),
    });
  }
  return out;
}

function changeKey(c: AttributeChange): string {
  return `${c.attribute}\0${c.kind}\0${displayValue(c.oldValue)}\0${displayValue(c.newValue)}`;
}

function samePending(a: PendingExport | undefined, b: PendingExport | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.type !== b.type || a.dn !== b.dn) return false;
  if (a.changes.length !== b.changes.length) return false;
  return a.changes.every((c, i) => changeKey(c) === changeKey(b.changes[i] as AttributeChange));
}

function diffExports(base: SyncEngine, next: SyncEngine): ExportImpact[] {
  const out: ExportImpact[] = [];
  for (const c of next.connectors) {
    const ids = new Set([...base.csIds(c.name), ...next.csIds(c.name)]);
    const sorted: { seq: number; e: ExportImpact }[] = [];
    for (const id of ids) {
      const b = base.cs.get(id);
      const n = next.cs.get(id);
      if (b === n) continue;
      const bp = b?.pendingExport;
      const np = n?.pendingExport;
      if (samePending(bp, np)) continue;
      const o = (n ?? b) as CsObject;
      sorted.push({
        seq: o.seq,
        e: {
          connector: c.name,
          csId: id,
          dn: np?.dn ?? o.dn,
          kind: np?.type ?? 'None',
          before: bp?.type ?? 'None',
          changes: np?.changes ?? [],
        },
      });
    }
    sorted.sort((x, y) => x.seq - y.seq);
    for (const s of sorted) out.push(s.e);
  }
  return out;
}

function pendingDeletes(engine: SyncEngine, connector: string): number {
  let n = 0;
  for (const id of engine.pendingExportIds(connector))
    if (engine.cs.get(id)?.pendingExport?.type === 'Delete') n++;
  return n;
}

function errorKey(e: RunError): string {
  return `${e.csId}\0${e.type}\0${e.message}`;
}

export interface ImpactOptions {
  /** Connectors whose rules changed since their last Full Synchronization. */
  stale?: readonly string[];
  /**
   * `auto` (default): only unsettled objects are synchronized on a baseline copy, and none is made
   * when every object is settled (see {@link ImpactReport.baseline}); `copy`: every object in
   * reach is synchronized on a baseline copy.
   */
  baseline?: 'auto' | 'copy';
}

/**
 * What replacing the engine's rules with `after` would change: metaverse objects and attributes,
 * and the exports (adds, updates, deletes) each connector would then have pending. The engine is
 * not changed.
 *
 * @example
 * const report = ruleSetImpact(engine, applyRuleSetChange([...engine.rules.values()], { put: [rule] }));
 * report.counts.mvUpdated // 1204
 */
export function ruleSetImpact(
  engine: SyncEngine,
  after: readonly SyncRule[],
  options: ImpactOptions = {},
): ImpactReport {
  const steps = ruleSetImpactSteps(engine, after, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link ruleSetImpact} as steps: yields progress every few hundred objects (so that a worker can
 * report it and take a cancel request), returns the report.
 *
 * @example
 * for (const step = ruleSetImpactSteps(engine, rules); ; ) { const r = step.next(); if (r.done) break; }
 */
export function* ruleSetImpactSteps(
  engine: SyncEngine,
  after: readonly SyncRule[],
  options: ImpactOptions = {},
): Generator<ImpactProgress, ImpactReport> {
  const before = [...engine.rules.values()];
  const changed = changedRules(before, after);
  const reach = reachOf(new Set(changed.map((c) => c.id)), before, after);
  const objects = objectsInReach(engine, reach);
  let base: SyncEngine | undefined;
  let next: SyncEngine | undefined;
  let baseErrors: RunError[] = [];
  let nextErrors: RunError[] = [];
  const toSettle =
    options.baseline === 'copy' ? objects : unsettled(engine, objects, options.stale ?? []);
  const settled = toSettle.cs.length === 0 && toSettle.mv.length === 0;
  if (changed.length > 0) {
    if (settled) base = engine;
    else {
      base = copyForSynchronization(engine, before);
      baseErrors = yield* synchronize(base, toSettle, 'baseline');
    }
    next = copyForSynchronization(engine, after);
    nextErrors = yield* synchronize(next, objects, 'changed');
  }
  const metaverse = base && next ? diffMetaverse(base, next) : [];
  const exports = base && next ? diffExports(base, next) : [];
  const perAttribute = new Map<string, number>();
  for (const m of metaverse)
    for (const c of m.changes)
      perAttribute.set(c.attribute, (perAttribute.get(c.attribute) ?? 0) + 1);
  const exportCounts: ConnectorExportCounts[] = engine.connectors.map((c) => {
    const mine = exports.filter((e) => e.connector === c.name);
    return {
      connector: c.name,
      kind: c.kind,
      // An add or delete the current rules would export anyway is an update of what is sent.
      add: mine.filter((e) => e.kind === 'Add' && e.before !== 'Add').length,
      update: mine.filter((e) => e.kind === 'Update' || (e.kind !== 'None' && e.kind === e.before))
        .length,
      delete: mine.filter((e) => e.kind === 'Delete' && e.before !== 'Delete').length,
      cancelled: mine.filter((e) => e.kind === 'None').length,
    };
  });
  const seen = new Set(baseErrors.map(errorKey));
  const aad = engine.connectors.find((c) => c.kind === 'AAD');
  let deletionCheck: ImpactReport['deletionCheck'] = null;
  if (aad) {
    const afterDeletes = pendingDeletes(next ?? engine, aad.name);
    deletionCheck = {
      ...checkDeletionThreshold(afterDeletes, engine.deletionThreshold),
      connector: aad.name,
      before: pendingDeletes(base ?? engine, aad.name),
    };
  }
  return {
    changedRules: changed,
    baseline: settled ? 'workspace' : 'copy',
    baselineSynchronized: settled ? 0 : toSettle.cs.length + toSettle.mv.length,
    synchronized: { connectorSpace: objects.cs.length, metaverse: objects.mv.length },
    metaverse,
    exports,
    counts: {
      mvAdded: metaverse.filter((m) => m.kind === 'added').length,
      mvDeleted: metaverse.filter((m) => m.kind === 'deleted').length,
      mvUpdated: metaverse.filter((m) => m.kind === 'updated').length,
      attributes: [...perAttribute]
        .map(([attribute, objects]) => ({ attribute, objects }))
        .sort((a, b) => b.objects - a.objects || (a.attribute < b.attribute ? -1 : 1)),
      exports: exportCounts,
    },
    newErrors: nextErrors.filter((e) => !seen.has(errorKey(e))),
    deletionCheck,
  };
}

// ------------------------------------------------------------------------------------ pages

export interface ImpactPageRequest {
  list: 'metaverse' | 'exports';
  /** Metaverse: added/deleted/updated; exports: Add/Update/Delete/None. */
  kind?: string;
  connector?: string;
  /** Metaverse rows whose changes include this attribute. */
  attribute?: string;
  offset: number;
  limit: number;
}

/** An attribute change as text. */
export interface ChangeText {
  attribute: string;
  kind: AttributeChange['kind'];
  oldValue: string;
  newValue: string;
}

export interface ImpactRow {
  /** Metaverse object id, or connector-space object id. */
  id: string;
  kind: string;
  /** Exports: the pending export the current rules would leave. */
  before?: string;
  objectType?: string;
  connector?: string;
  /** displayName or DN. */
  label: string;
  /** The changed attribute names, e.g. `displayName, mailNickname`. */
  summary: string;
  changes: ChangeText[];
  links: string[];
}

function changeText(c: AttributeChange): ChangeText {
  return {
    attribute: c.attribute,
    kind: c.kind,
    oldValue: c.oldValue === undefined ? '' : displayValue(c.oldValue),
    newValue: c.newValue === undefined ? '' : displayValue(c.newValue),
  };
}

/**
 * One page of an impact report's metaverse or export list, as text.
 *
 * @example
 * impactPage(report, { list: 'exports', connector: 'contoso.onmicrosoft.com - AAD', offset: 0, limit: 50 })
 */
export function impactPage(
  report: ImpactReport,
  req: ImpactPageRequest,
): { total: number; rows: ImpactRow[] } {
  const offset = Math.max(0, Math.floor(req.offset));
  const limit = Math.max(0, Math.min(500, Math.floor(req.limit)));
  if (req.list === 'metaverse') {
    const all = report.metaverse.filter(
      (m) =>
        (!req.kind || m.kind === req.kind) &&
        (!req.attribute || m.changes.some((c) => c.attribute === req.attribute)),
    );
    return {
      total: all.length,
      rows: all.slice(offset, offset + limit).map((m) => ({
        id: m.mvId,
        kind: m.kind,
        objectType: m.objectType,
        label: m.label,
        summary: m.changes.map((c) => c.attribute).join(', '),
        changes: m.changes.map(changeText),
        links: m.links,
      })),
    };
  }
  const all = report.exports.filter(
    (e) =>
      (!req.kind || e.kind === req.kind) &&
      (!req.connector || e.connector.toLowerCase() === req.connector.toLowerCase()),
  );
  return {
    total: all.length,
    rows: all.slice(offset, offset + limit).map((e) => ({
      id: e.csId,
      kind: e.kind,
      before: e.before,
      connector: e.connector,
      label: e.dn,
      summary: e.changes.map((c) => c.attribute).join(', '),
      changes: e.changes.map(changeText),
      links: [],
    })),
  };
}
