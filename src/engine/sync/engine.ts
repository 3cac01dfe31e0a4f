/**
 * The sync engine: connector spaces, the metaverse, import / synchronization / export and run
 * profiles (spec §1–2). State lives in journaled maps so that any earlier step can be restored;
 * indexes are kept in step through map hooks, including when a snapshot is restored.
 */
import { nthRandom, SeededRandom } from '../entra/seeded-random.ts';
import type { TenantService } from '../entra/types.ts';
import type { EvalContext } from '../expr/runtime.ts';
import {
  AUTHORITATIVE_NULL,
  IGNORE_THIS_FLOW,
  Ref,
  type AttributeBag,
  type FlowValue,
  type ObjectError,
  type Scalar,
  type Value,
} from '../expr/values.ts';
import { byPrecedence, compileRule, type CompiledRule } from '../rules/compiled.ts';
import type { JoinCondition, ScopeCondition, SyncRule } from '../rules/model.ts';
import { resolveAttribute, type Candidate } from '../rules/precedence.ts';
import { evaluateCondition, isInScope, type ScopeContext } from '../rules/scoping.ts';
import {
  ABSENT,
  buildOutboundPlan,
  evaluatePlan,
  KEEP,
  planInputs,
  resolveUpdate,
  type AttributePlan,
  type FlowPlan,
} from './flow-plan.ts';
import { sequentialGuid } from './ids.ts';
import { JMap, Journal } from './journal.ts';
import {
  blankCsObject,
  emptyCounts,
  unlinked,
  ERROR_LIMIT,
  type ConnectorInfo,
  contributionOf,
  NO_CONTRIBUTIONS,
  type Contribution,
  type Contributions,
  type FlowMeta,
  type CsObject,
  type DirectoryObject,
  type LineageEntry,
  type MvObject,
  type PendingExport,
  type Provenance,
  type RunCounts,
  type RunError,
  type RunProfileName,
  type RunRecord,
  type RunStatus,
} from './model.ts';
import type { FlowTrace, ObjectTrace, OutboundTrace, RuleRef, StepEvent } from './trace.ts';
import {
  diffBags,
  displayValue,
  hasRef,
  joinKey,
  scalarKey,
  valueEquals,
  valuesOf,
  type AttributeChange,
} from './value-keys.ts';

/** Error types reported on objects. */
export const ERROR_TYPES = {
  multipleJoinRules: 'sync-rule-multiple-join-rules-in-scope',
  ambiguousJoin: 'ambiguous-join-same-connector-space',
  mixedMergeTypes: 'sync-rule-mixed-merge-types',
  dnConflict: 'provisioning-dn-already-connected',
  noSuchObject: 'export-error-no-such-object',
} as const;

const NS_CS = 11;
const NS_MV = 12;

/** Mutable bookkeeping of the run in progress (not journaled: a run is one step). */
export interface RunContext {
  record: RunRecord;
  full: boolean;
  /** MV objects whose reference values could not be resolved yet (retried at the end of the run). */
  pendingRefs: Set<string>;
  trace?: ObjectTrace;
  /** CS object that triggered the current processing (errors are reported on it). */
  source?: CsObject;
}

export interface EngineInit {
  connectors: ConnectorInfo[];
  rules: SyncRule[];
  tenant: TenantService;
  /** Entra export deletion threshold; `null` disables prevent-accidental-deletes. */
  deletionThreshold: number | null;
  forests: { name: string; objects: DirectoryObject[] }[];
  clock?: () => bigint;
  random?: () => number;
  /** Journal writes so that snapshots can be restored (default true). */
  journal?: boolean;
}

/**
 * Join indexes: value key -> object id, or the ids when several objects share the value. Most
 * values are unique, and a Set per value cost ~100 bytes more per indexed value.
 */
type IndexMap = Map<string, string | Set<string>>;

function addIdx(idx: IndexMap, key: string, id: string): void {
  const s = idx.get(key);
  if (s === undefined) idx.set(key, id);
  else if (typeof s === 'string') {
    if (s !== id) idx.set(key, new Set([s, id]));
  } else s.add(id);
}
function delIdx(idx: IndexMap, key: string, id: string): void {
  const s = idx.get(key);
  if (s === undefined) return;
  if (typeof s === 'string') {
    if (s === id) idx.delete(key);
    return;
  }
  s.delete(id);
  if (s.size === 1) idx.set(key, s.values().next().value as string);
}
/** 2^i for i < 53: bit masks of up to 52 positions are exact in a number. */
const POW2 = Array.from({ length: 53 }, (_, i) => 2 ** i);

/**
 * A key for a subset of a list (the rules in scope among a type's rules): a bit mask while the
 * list is short enough for one (no string to build), the positions as text beyond.
 */
class SubsetKey {
  private mask = 0;
  private text = '';
  private readonly small: boolean;
  constructor(size: number) {
    this.small = size <= 52;
  }
  add(i: number): void {
    if (this.small) this.mask += POW2[i] as number;
    else this.text += i + ',';
  }
  get value(): number | string {
    return this.small ? this.mask : this.text;
  }
}

/** What a subset of a rule list gives, made the first time the subset is seen. */
function internSubset<T>(
  cache: WeakMap<CompiledRule[], Map<number | string, T>>,
  rules: CompiledRule[],
  key: SubsetKey,
  make: () => T,
): T {
  let bySubset = cache.get(rules);
  if (!bySubset) cache.set(rules, (bySubset = new Map()));
  let hit = bySubset.get(key.value);
  if (hit === undefined) bySubset.set(key.value, (hit = make()));
  return hit;
}

const NO_IDS: readonly string[] = [];
/** The (shared, never written) list of no rules. */
const NO_RULES: CompiledRule[] = [];
const EMPTY_STRINGS = Object.freeze([]) as unknown as string[];

/**
 * The ids that match every condition of a join group: each condition's values looked up in its
 * index. Allocates nothing when a condition finds nothing (most outbound join attempts).
 */
function groupMatches(
  group: readonly JoinCondition[],
  indexOf: (cond: JoinCondition) => IndexMap,
  valueOf: (cond: JoinCondition) => Value | undefined,
): readonly string[] {
  let candidates: string[] | undefined;
  for (const cond of group) {
    const values = valuesOf(valueOf(cond));
    if (values.length === 0) return NO_IDS;
    const idx = indexOf(cond);
    let found: Set<string> | undefined;
    for (const v of values) {
      const hit = idx.get(lastJoinKey(v, cond.caseSensitive));
      if (hit === undefined) continue;
      found ??= new Set();
      if (typeof hit === 'string') found.add(hit);
      else for (const id of hit) found.add(id);
    }
    if (!found) return NO_IDS;
    const matched = found;
    candidates = candidates ? candidates.filter((x) => matched.has(x)) : [...matched];
    if (candidates.length === 0) return NO_IDS;
  }
  return candidates ?? NO_IDS;
}

/**
 * {@link joinKey}, remembering the last value: the outbound join rules into each other forest ask
 * for the same anchor (a binary value, written out in hex for its key) several times per object.
 */
function lastJoinKey(v: Scalar, caseSensitive: boolean): string {
  if (v !== lastKeyed.value || caseSensitive !== lastKeyed.caseSensitive) {
    lastKeyed.value = v;
    lastKeyed.caseSensitive = caseSensitive;
    lastKeyed.key = joinKey(v, caseSensitive);
  }
  return lastKeyed.key;
}
const lastKeyed: { value: Scalar | undefined; caseSensitive: boolean; key: string } = {
  value: undefined,
  caseSensitive: false,
  key: '',
};

function dnKey(dn: string): string {
  return dn.toLowerCase();
}

/** `DC=sales,DC=contoso,DC=com` part of a DN. */
export function domainLdapOf(dn: string): string {
  const i = dn.search(/(^|,)\s*DC=/i);
  if (i < 0) return '';
  return dn.slice(dn[i] === ',' ? i + 1 : i).trim();
}

function ldapToFqdn(ldap: string): string {
  return ldap
    .split(',')
    .map((p) => p.trim().replace(/^DC=/i, ''))
    .filter((p) => p.length > 0)
    .join('.');
}

export class SyncEngine {
  readonly journal = new Journal();
  readonly connectors: ConnectorInfo[];
  private readonly connectorByName = new Map<string, ConnectorInfo>();
  readonly cs: JMap<string, CsObject>;
  readonly mv: JMap<string, MvObject>;
  readonly rules: JMap<string, SyncRule>;
  readonly runs: JMap<number, RunRecord>;
  readonly meta: JMap<string, number>;
  /** Metaverse objects whose provisioning is retried at the next synchronization (spec §1.3). */
  readonly retryProvisioning: JMap<string, number>;
  readonly forests = new Map<string, JMap<string, DirectoryObject>>();
  readonly tombstones = new Map<string, JMap<string, { dn: string; usn: number }>>();
  tenant: TenantService;
  deletionThreshold: number | null;
  readonly clock: () => bigint;
  readonly random: () => number;

  // Indexes, maintained by map hooks.
  private readonly csByConnector = new Map<string, Set<string>>();
  private readonly csByAnchor = new Map<string, Map<string, string>>();
  private readonly csByDn = new Map<string, Map<string, string>>();
  private readonly pendingImports = new Map<string, Set<string>>();
  private readonly pendingExports = new Map<string, Set<string>>();
  /** `connector\0attr\0cs` → value key → CS ids (outbound join candidates). */
  private readonly csAttrIndexes = new Map<string, IndexMap>();
  /** The same indexes with their key parsed, for the write hook. */
  private csAttrIndexList: {
    connector: string;
    attribute: string;
    caseSensitive: boolean;
    idx: IndexMap;
  }[] = [];
  /** `attr\0cs` → value key → MV ids (inbound join candidates). */
  private readonly mvAttrIndexes = new Map<string, IndexMap>();
  private mvAttrIndexList: { attribute: string; caseSensitive: boolean; idx: IndexMap }[] = [];
  private readonly forestByDn = new Map<string, Map<string, string>>();
  private rulesVersion = 0;
  private ruleIndexVersion = -1;
  private inboundIndex = new Map<string, CompiledRule[]>();
  private outboundIndex = new Map<string, CompiledRule[]>();
  private readonly paramCache = new Map<string, Record<string, string>>();
  /**
   * Keep the results of inbound flows an imported update did not touch, and recompute only the
   * metaverse attributes those flows feed (off: evaluate every flow, recompute every attribute).
   */
  reuseFlowResults = true;
  private readonly ruleSetCache = new Map<string, { ids: string[]; lineage: LineageEntry[] }>();
  /** The distinct clauses of the outbound scoping filters (see outboundInScope). */
  private outboundClauses: ScopeCondition[] = [];
  /** Outbound rule -> its scoping groups as ids into {@link outboundClauses}. */
  private outboundFilters = new Map<CompiledRule, number[][]>();
  private readonly outboundPlans = new WeakMap<CompiledRule[], Map<string, FlowPlan>>();
  /** The plans for objects being created (Apply Once flows count). */
  private readonly creatingPlans = new WeakMap<CompiledRule[], Map<string, FlowPlan>>();

  constructor(init: EngineInit) {
    this.journal.enabled = init.journal ?? true;
    this.connectors = [...init.connectors].sort((a, b) => a.order - b.order);
    for (const c of this.connectors) {
      this.connectorByName.set(c.name, c);
      this.csByConnector.set(c.name, new Set());
      this.csByAnchor.set(c.name, new Map());
      this.csByDn.set(c.name, new Map());
      this.pendingImports.set(c.name, new Set());
      this.pendingExports.set(c.name, new Set());
    }
    this.tenant = init.tenant;
    this.deletionThreshold = init.deletionThreshold;
    this.clock = init.clock ?? (() => 133_500_000_000_000_000n);
    // The draw count lives in the journaled meta map, so a restore rewinds RandomNum() and Guid().
    this.random = init.random ?? (() => nthRandom(1, this.nextSeq('seq:random')));
    this.cs = new JMap(this.journal, (k, o, n) => this.onCs(k, o, n));
    this.mv = new JMap(this.journal, (k, o, n) => this.onMv(k, o, n));
    this.rules = new JMap(this.journal, () => {
      this.rulesVersion++;
    });
    this.runs = new JMap(this.journal);
    this.meta = new JMap(this.journal);
    this.retryProvisioning = new JMap(this.journal);
    for (const r of init.rules) this.rules.set(r.id, r);
    for (const f of init.forests) {
      const byDn = new Map<string, string>();
      this.forestByDn.set(f.name, byDn);
      const store = new JMap<string, DirectoryObject>(this.journal, (k, o, n) => {
        if (o) byDn.delete(dnKey(o.dn));
        if (n) byDn.set(dnKey(n.dn), k);
      });
      let usn = 0;
      for (const o of f.objects) {
        store.set(o.guid, o);
        usn = Math.max(usn, o.usn);
      }
      this.forests.set(f.name, store);
      this.tombstones.set(f.name, new JMap(this.journal));
      this.meta.set('usn:' + f.name, usn);
    }
  }

  // ---------------------------------------------------------------- indexes

  private onCs(id: string, o: CsObject | undefined, n: CsObject | undefined): void {
    if (o) {
      if (!n || n.connector !== o.connector) this.csByConnector.get(o.connector)?.delete(id);
      if (o.anchor !== undefined && (!n || n.anchor !== o.anchor)) {
        const m = this.csByAnchor.get(o.connector);
        if (m?.get(o.anchor) === id) m.delete(o.anchor);
      }
      if (!n || n.dn !== o.dn) {
        const m = this.csByDn.get(o.connector);
        if (m?.get(dnKey(o.dn)) === id) m.delete(dnKey(o.dn));
      }
      if (o.pendingImport && !n?.pendingImport) this.pendingImports.get(o.connector)?.delete(id);
      if (o.pendingExport && !n?.pendingExport) this.pendingExports.get(o.connector)?.delete(id);
    }
    if (n) {
      // Most writes change links, lineage or pending operations, not where the object is indexed.
      // An object that stays in its connector is already in that connector's sets.
      const sameConnector = o !== undefined && o.connector === n.connector;
      const moved = !sameConnector || o.dn !== n.dn || o.anchor !== n.anchor;
      if (moved) {
        if (!sameConnector) this.csByConnector.get(n.connector)?.add(id);
        if (n.anchor !== undefined) this.csByAnchor.get(n.connector)?.set(n.anchor, id);
        // A new anchor under the same DN (an export confirmed): the DN index holds it already.
        const m = this.csByDn.get(n.connector);
        if (m) {
          const key = dnKey(n.dn);
          if (!sameConnector || o.dn !== n.dn || m.get(key) !== id) m.set(key, id);
        }
      }
      if (n.pendingImport && (!sameConnector || !o.pendingImport))
        this.pendingImports.get(n.connector)?.add(id);
      if (n.pendingExport && (!sameConnector || !o.pendingExport))
        this.pendingExports.get(n.connector)?.add(id);
    }
    if (this.csAttrIndexes.size === 0) return;
    // Only the indexes of the connectors involved; the attributes did not change when the bags are
    // the same object (most writes change links, lineage or pending operations).
    const oa = o?.attributes;
    const na = n?.attributes;
    if (oa === na) return;
    for (const ix of this.csAttrIndexList) {
      const { connector: conn, attribute: attr, caseSensitive, idx } = ix;
      const ov = oa?.[attr];
      const nv = na?.[attr];
      if (o && o.connector === conn && (!n || nv !== ov)) {
        for (const v of valuesOf(ov)) delIdx(idx, joinKey(v, caseSensitive), id);
      }
      if (n && n.connector === conn && (!o || nv !== ov)) {
        for (const v of valuesOf(nv)) addIdx(idx, joinKey(v, caseSensitive), id);
      }
    }
  }

  private onMv(id: string, o: MvObject | undefined, n: MvObject | undefined): void {
    if (o?.attributes === n?.attributes) return;
    for (const { attribute: attr, caseSensitive, idx } of this.mvAttrIndexList) {
      const ov = o?.attributes[attr];
      const nv = n?.attributes[attr];
      if (ov === nv) continue;
      for (const v of valuesOf(ov)) delIdx(idx, joinKey(v, caseSensitive), id);
      for (const v of valuesOf(nv)) addIdx(idx, joinKey(v, caseSensitive), id);
    }
  }

  private mvIndex(attr: string, caseSensitive: boolean): IndexMap {
    const key = attr + '\0' + (caseSensitive ? '1' : '0');
    let idx = this.mvAttrIndexes.get(key);
    if (!idx) {
      idx = new Map();
      for (const [id, mv] of this.mv.entries()) {
        for (const v of valuesOf(mv.attributes[attr])) addIdx(idx, joinKey(v, caseSensitive), id);
      }
      this.mvAttrIndexes.set(key, idx);
      this.mvAttrIndexList.push({ attribute: attr, caseSensitive, idx });
    }
    return idx;
  }

  /** {@link mvIndex} of a join condition's target, found without a key. */
  private mvIndexOf(cond: JoinCondition): IndexMap {
    let idx = this.mvIndexByCond.get(cond);
    if (!idx) this.mvIndexByCond.set(cond, (idx = this.mvIndex(cond.target, cond.caseSensitive)));
    return idx;
  }
  private mvIndexByCond = new WeakMap<JoinCondition, IndexMap>();

  private csIndex(connector: string, attr: string, caseSensitive: boolean): IndexMap {
    const key = connector + '\0' + attr + '\0' + (caseSensitive ? '1' : '0');
    let idx = this.csAttrIndexes.get(key);
    if (!idx) {
      idx = new Map();
      for (const id of this.csByConnector.get(connector) ?? []) {
        const cs = this.cs.get(id);
        if (!cs) continue;
        for (const v of valuesOf(cs.attributes[attr])) addIdx(idx, joinKey(v, caseSensitive), id);
      }
      this.csAttrIndexes.set(key, idx);
      this.csAttrIndexList.push({ connector, attribute: attr, caseSensitive, idx });
    }
    return idx;
  }

  /** {@link csIndex} of a join condition's source in one connector, found without a key. */
  private csIndexOf(connector: string, cond: JoinCondition): IndexMap {
    let byCond = this.csIndexByCond.get(connector);
    if (!byCond) this.csIndexByCond.set(connector, (byCond = new WeakMap()));
    let idx = byCond.get(cond);
    if (!idx) byCond.set(cond, (idx = this.csIndex(connector, cond.source, cond.caseSensitive)));
    return idx;
  }
  private readonly csIndexByCond = new Map<string, WeakMap<JoinCondition, IndexMap>>();

  /** CS object ids of one connector. */
  csIds(connector: string): ReadonlySet<string> {
    return this.csByConnector.get(connector) ?? new Set();
  }
  csIdByDn(connector: string, dn: string): string | undefined {
    return this.csByDn.get(connector)?.get(dnKey(dn));
  }
  csIdByAnchor(connector: string, anchor: string): string | undefined {
    return this.csByAnchor.get(connector)?.get(anchor);
  }
  pendingExportIds(connector: string): ReadonlySet<string> {
    return this.pendingExports.get(connector) ?? new Set();
  }
  pendingImportIds(connector: string): ReadonlySet<string> {
    return this.pendingImports.get(connector) ?? new Set();
  }
  connector(name: string): ConnectorInfo | undefined {
    return this.connectorByName.get(name);
  }
  forestDnIndex(forest: string): Map<string, string> | undefined {
    return this.forestByDn.get(forest);
  }

  // ---------------------------------------------------------------- counters and rules

  nextSeq(name: string): number {
    const n = (this.meta.get(name) ?? 0) + 1;
    this.meta.set(name, n);
    return n;
  }

  private connectorOrder = (name: string): number => this.connectorByName.get(name)?.order ?? 1e9;

  private ensureRuleIndex(): void {
    if (this.ruleIndexVersion === this.rulesVersion) return;
    const inbound = new Map<string, CompiledRule[]>();
    const outbound = new Map<string, CompiledRule[]>();
    const sorted = [...this.rules.values()]
      .filter((r) => !r.disabled)
      .sort(byPrecedence(this.connectorOrder));
    for (const r of sorted) {
      const c = compileRule(r);
      if (r.direction === 'Inbound') {
        const key = r.connector + '\0' + r.sourceObjectType.toLowerCase();
        let list = inbound.get(key);
        if (!list) inbound.set(key, (list = []));
        list.push(c);
      } else {
        const key = r.sourceObjectType.toLowerCase();
        let list = outbound.get(key);
        if (!list) outbound.set(key, (list = []));
        list.push(c);
      }
    }
    this.inboundIndex = inbound;
    this.outboundIndex = outbound;
    this.ruleSetCache.clear();
    this.inboundSets = new WeakMap();
    this.outboundSets = new WeakMap();
    // Outbound scoping clauses, interned (a clause with a parameter differs per connector).
    const clauseIds = new Map<string, number>();
    this.outboundClauses = [];
    this.outboundFilters = new Map();
    for (const list of outbound.values()) {
      for (const c of list) {
        const groups = c.rule.scopingFilter.map((g) =>
          g.map((cond) => {
            const text = JSON.stringify(cond);
            const k = text.includes('%') ? c.rule.connector + '\0' + text : text;
            let id = clauseIds.get(k);
            if (id === undefined) {
              clauseIds.set(k, (id = this.outboundClauses.length));
              this.outboundClauses.push(cond);
            }
            return id;
          }),
        );
        this.outboundFilters.set(c, groups);
      }
    }
    this.ruleIndexVersion = this.rulesVersion;
  }

  /** Enabled inbound rules for a connector and object type, in precedence order. */
  inboundRules(connector: string, objectType: string): CompiledRule[] {
    this.ensureRuleIndex();
    return this.inboundIndex.get(connector + '\0' + objectType.toLowerCase()) ?? [];
  }

  /** Enabled outbound rules whose source is this metaverse object type, in precedence order. */
  outboundRules(mvType: string): CompiledRule[] {
    this.ensureRuleIndex();
    return this.outboundIndex.get(mvType.toLowerCase()) ?? [];
  }

  /** `%Domain.FQDN%` and friends for an object of an AD connector; `%Connector.ID%` everywhere. */
  parameters(connector: string, dn: string): Record<string, string> {
    // Scoping and flows ask for the same object's parameters one after the other.
    const last = this.lastParameters;
    if (last !== undefined && last.dn === dn && last.connector === connector) return last.p;
    if (dn === '') {
      // A metaverse object's scoping, per target connector.
      let p = this.connectorParameters.get(connector);
      if (!p) this.connectorParameters.set(connector, (p = this.parametersOf(connector, '')));
      return p;
    }
    const p = this.parametersOf(connector, dn);
    this.lastParameters = { connector, dn, p };
    return p;
  }
  private lastParameters: { connector: string; dn: string; p: Record<string, string> } | undefined;
  private readonly connectorParameters = new Map<string, Record<string, string>>();

  private parametersOf(connector: string, dn: string): Record<string, string> {
    const info = this.connectorByName.get(connector);
    if (!info) return {};
    const ldap = info.kind === 'AD' ? domainLdapOf(dn) : '';
    const key = connector + '\0' + ldap.toLowerCase();
    let p = this.paramCache.get(key);
    if (!p) {
      p = { 'Connector.ID': info.id, 'Connector.Name': info.name };
      if (info.forest) {
        const fqdn = ldapToFqdn(ldap) || info.forest.name;
        const forestLdap = info.forest.name
          .split('.')
          .map((x) => 'DC=' + x)
          .join(',');
        const isRoot = fqdn.toLowerCase() === info.forest.name.toLowerCase();
        p['Domain.FQDN'] = fqdn;
        p['Domain.Netbios'] = isRoot
          ? info.forest.netbios
          : (fqdn.split('.')[0] ?? fqdn).toUpperCase();
        p['Domain.LDAP'] = ldap || forestLdap;
        p['Forest.FQDN'] = info.forest.name;
        p['Forest.Netbios'] = info.forest.netbios;
        p['Forest.LDAP'] = forestLdap;
      }
      this.paramCache.set(key, p);
    }
    return p;
  }

  // ---------------------------------------------------------------- runs

  private newRun(connector: string, profile: RunProfileName, full: boolean): RunContext {
    const index = this.runs.size + 1;
    const record: RunRecord = {
      index,
      connector,
      profile,
      status: 'success',
      counts: emptyCounts(),
      errors: [],
      changed: {},
    };
    return { record, full, pendingRefs: new Set() };
  }

  count(run: RunContext, stat: keyof RunCounts, csId: string): void {
    run.record.counts[stat]++;
    let list = run.record.changed[stat];
    if (!list) run.record.changed[stat] = list = [];
    if (list.length < 10000) list.push(csId);
  }

  error(run: RunContext, cs: CsObject, err: ObjectError): void {
    const e: RunError = { csId: cs.id, dn: cs.dn, type: err.type, message: err.message };
    run.record.errors.push(e);
    if (run.trace && !run.trace.error) run.trace.error = err;
  }

  private finishRun(
    run: RunContext,
    kind: 'import' | 'sync' | 'export',
    stopped?: RunStatus,
  ): RunRecord {
    let status: RunStatus = 'success';
    if (stopped) status = stopped;
    else if (run.record.errors.length >= ERROR_LIMIT) status = 'stopped-error-limit';
    else if (run.record.errors.length > 0)
      status = kind === 'export' ? 'completed-export-errors' : 'completed-sync-errors';
    run.record.status = status;
    this.runs.set(run.record.index, run.record);
    return run.record;
  }

  /**
   * Runs one run profile of one connector as a sequence of steps (one per object processed).
   * The generator's return value is the run record.
   */
  *runProfileSteps(
    connector: string,
    profile: RunProfileName,
    options: { trace?: boolean; isCancelled?: () => boolean } = {},
  ): Generator<StepEvent, RunRecord> {
    const info = this.connectorByName.get(connector);
    if (!info) throw new Error(`Unknown connector '${connector}'.`);
    const full = profile === 'Full Import' || profile === 'Full Synchronization';
    const run = this.newRun(connector, profile, full);
    yield { kind: 'run-start', connector, profile, runIndex: run.record.index };
    let stopped: RunStatus | undefined;
    const kind = profile === 'Export' ? 'export' : profile.endsWith('Import') ? 'import' : 'sync';
    if (kind === 'import') {
      const read = info.kind === 'AD' ? importForest : importTenant;
      stopped = yield* read(this, run, info, options);
    } else if (kind === 'export') {
      stopped = yield* exportConnector(this, run, info, options);
    } else {
      const ids = full
        ? [...(this.csByConnector.get(connector) ?? [])]
        : [...(this.pendingImports.get(connector) ?? [])];
      const objs = ids.map((id) => this.cs.get(id)).filter((c): c is CsObject => c !== undefined);
      objs.sort((a, b) => a.seq - b.seq);
      for (const mvId of [...this.retryProvisioning.keys()]) {
        this.retryProvisioning.delete(mvId);
        this.outbound(mvId, run);
      }
      for (const o of objs) {
        if (options.isCancelled?.()) {
          stopped = 'stopped-user-cancelled';
          break;
        }
        if (run.record.errors.length >= ERROR_LIMIT) {
          stopped = 'stopped-error-limit';
          break;
        }
        const cur = this.cs.get(o.id);
        if (!cur) continue;
        if (options.trace) run.trace = newTrace(cur);
        this.syncObject(cur, run);
        yield { kind: 'object', connector, profile, csId: cur.id, dn: cur.dn, trace: run.trace };
        run.trace = undefined;
      }
      this.resolvePendingRefs(run);
    }
    const record = this.finishRun(run, kind, stopped);
    yield { kind: 'run-end', connector, profile, runIndex: record.index, status: record.status };
    return record;
  }

  /** Runs a run profile to completion. */
  runProfile(connector: string, profile: RunProfileName): RunRecord {
    const gen = this.runProfileSteps(connector, profile);
    for (;;) {
      const r = gen.next();
      if (r.done) return r.value;
    }
  }

  /** The scheduler's order (spec §1.7): AD imports, Entra import, AD syncs, Entra sync, Entra export, AD exports. */
  cycleProfiles(
    kind: 'initial' | 'delta',
    adOrder?: string[],
  ): { connector: string; profile: RunProfileName }[] {
    const ad = this.connectors.filter((c) => c.kind === 'AD').map((c) => c.name);
    const ordered = adOrder
      ? [...adOrder.filter((n) => ad.includes(n)), ...ad.filter((n) => !adOrder.includes(n))]
      : ad;
    const aad = this.connectors.filter((c) => c.kind === 'AAD').map((c) => c.name);
    const imp: RunProfileName = kind === 'initial' ? 'Full Import' : 'Delta Import';
    const syn: RunProfileName =
      kind === 'initial' ? 'Full Synchronization' : 'Delta Synchronization';
    return [
      ...ordered.map((connector) => ({ connector, profile: imp })),
      ...aad.map((connector) => ({ connector, profile: imp })),
      ...ordered.map((connector) => ({ connector, profile: syn })),
      ...aad.map((connector) => ({ connector, profile: syn })),
      ...aad.map((connector) => ({ connector, profile: 'Export' as const })),
      ...ordered.map((connector) => ({ connector, profile: 'Export' as const })),
    ];
  }

  // ---------------------------------------------------------------- inbound synchronization

  private evalAttributes(cs: CsObject): AttributeBag {
    const base = cs.exportMemory ? { ...cs.attributes, ...cs.exportMemory } : { ...cs.attributes };
    if (base.dn === undefined) base.dn = cs.dn;
    return base;
  }

  private scopeContext(cs: CsObject, attributes: AttributeBag): ScopeContext {
    return {
      attributes,
      parameters: this.parameters(cs.connector, cs.dn),
      isMemberOf: (groupDn) => {
        const gid = this.csIdByDn(cs.connector, groupDn);
        const g = gid ? this.cs.get(gid) : undefined;
        if (!g) return false;
        const key = dnKey(cs.dn);
        return valuesOf(g.attributes.member).some((m) => m instanceof Ref && dnKey(m.dn) === key);
      },
    };
  }

  /** Inbound rules whose scoping filter holds for the object. */
  inboundInScope(cs: CsObject, attributes = this.evalAttributes(cs)): CompiledRule[] {
    const rules = this.inboundRules(cs.connector, cs.objectType);
    if (rules.length === 0) return rules;
    const ctx = this.scopeContext(cs, attributes);
    const picked: CompiledRule[] = [];
    const key = new SubsetKey(rules.length);
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i] as CompiledRule;
      if (!isInScope(r.rule.scopingFilter, ctx)) continue;
      picked.push(r);
      key.add(i);
    }
    // One list per set of rules in scope, so that what is derived from it is cached by identity.
    return internSubset(this.inboundLists, rules, key, () => picked);
  }
  private readonly inboundLists = new WeakMap<
    CompiledRule[],
    Map<number | string, CompiledRule[]>
  >();

  /** Evaluates the import flows of the rules in scope; apply-once values are kept from before. */
  private contributions(
    cs: CsObject,
    rules: CompiledRule[],
    attributes: AttributeBag,
    changed?: ReadonlySet<string>,
  ):
    | { ok: true; list: Contributions; touched: Set<string> | undefined }
    | { ok: false; error: ObjectError } {
    const ctx: EvalContext = {
      attributes,
      importedAttributes: cs.attributes,
      parameters: this.parameters(cs.connector, cs.dn),
      clock: this.clock,
      random: this.random,
    };
    const flows: FlowMeta[] = [];
    const values: FlowValue[] = [];
    // With `changed`, the previous contributions were computed by the same rules from the object
    // as it was: a flow none of whose inputs changed keeps its previous result. Both lists follow
    // the rules' order, so one cursor walks the previous one (NULL results are not in it).
    const old = cs.contributions;
    // With `changed`, the metaverse attributes whose contributions may differ from before.
    const touched = changed ? new Set<string>() : undefined;
    let cursor = 0;
    // Rules in scope often repeat a flow (In from AD - User Common and User Common from Exchange
    // share ~80 of a mailbox user's 210 flows): a repeat takes the value its first copy computed
    // in this call. Every flow still contributes (provenance lists each rule).
    const same = this.repeatedFlows(rules);
    const call = ++this.scratchCall;
    let at = -1;
    for (const r of rules) {
      for (const f of r.flows) {
        at++;
        let value: FlowValue;
        const had = old.flows[cursor] === f.meta;
        const prev = f.applyOnce
          ? contributionOf(cs.contributions, r.rule.id, f.target)
          : undefined;
        if (prev) value = prev.value;
        else if (changed && f.inputs !== null && !f.inputs.some((a) => changed.has(a)))
          value = had ? (old.values[cursor] as FlowValue) : null;
        else {
          const first = same === undefined ? -1 : (same[at] as number);
          if (first >= 0 && this.scratchStamp[first] === call)
            value = this.scratchValues[first] as FlowValue;
          else if (f.direct !== undefined) value = attributes[f.direct] ?? null;
          else {
            const res = f.evaluate(ctx);
            if (!res.ok) return { ok: false, error: res.error };
            value = res.value;
          }
          if (same !== undefined && first === -2) {
            this.scratchStamp[at] = call;
            this.scratchValues[at] = value;
          }
          if (touched && (had ? old.values[cursor] !== value : value !== null))
            touched.add(f.target);
        }
        if (had) cursor++;
        // NULL contributes nothing; only an Apply Once result is kept whatever it is.
        if (value !== null || f.applyOnce) {
          flows.push(f.meta);
          values.push(value);
        }
      }
    }
    return {
      ok: true,
      list: flows.length === 0 ? NO_CONTRIBUTIONS : { flows: this.internFlows(flows), values },
      touched,
    };
  }

  /**
   * Per flow of a list of rules (interned), in order: the position of the first flow with the
   * same {@link CompiledFlow.sameAs} key when it is a repeat, -2 for a first copy that has
   * repeats, -1 otherwise. `undefined` when no flow repeats another.
   */
  private repeatedFlows(rules: CompiledRule[]): Int32Array | undefined {
    const known = this.repeats.get(rules);
    if (known !== undefined) return known ?? undefined;
    const firstOf = new Map<string, number>();
    const all = rules.flatMap((r) => r.flows);
    const same = new Int32Array(all.length).fill(-1);
    let any = false;
    all.forEach((f, i) => {
      if (f.sameAs === null) return;
      const first = firstOf.get(f.sameAs);
      if (first === undefined) firstOf.set(f.sameAs, i);
      else {
        same[i] = first;
        same[first] = -2;
        any = true;
      }
    });
    this.repeats.set(rules, any ? same : null);
    if (all.length > this.scratchStamp.length) {
      this.scratchStamp = new Int32Array(all.length * 2);
      this.scratchValues = new Array<FlowValue>(all.length * 2).fill(null);
    }
    return any ? same : undefined;
  }
  private readonly repeats = new WeakMap<CompiledRule[], Int32Array | null>();
  /** Values of first copies computed by the current {@link contributions} call (`scratchCall`). */
  private scratchValues: FlowValue[] = [];
  private scratchStamp = new Int32Array(0);
  private scratchCall = 0;

  /**
   * The attributes an imported update changed, when the object's contributions can be updated
   * flow by flow: same rules in scope as at its last synchronization, no export memory then or now
   * (its values flowed too), an import of an update. `undefined`: evaluate every flow.
   */
  private changedSinceFlows(
    before: CsObject,
    after: CsObject,
    inScope: CompiledRule[],
  ): Set<string> | undefined {
    if (!this.reuseFlowResults) return undefined;
    if (before.pendingImport?.type !== 'Update' || before.contributions.values.length === 0)
      return undefined;
    if (before.memoryInFlows || before.exportMemory || after.exportMemory) return undefined;
    if (this.ruleSet(inScope, 'Inbound').ids !== before.inScope) return undefined;
    const a = before.attributes;
    const b = after.attributes;
    const changed = new Set<string>();
    for (const k in b) if (a[k] !== b[k]) changed.add(k);
    for (const k in a) if (b[k] === undefined) changed.add(k);
    if (before.dn !== after.dn) changed.add('dn');
    return changed;
  }

  /**
   * Lineage (and in-scope rule ids) of a set of rules. Objects in scope of the same rules share one
   * frozen array instead of each holding a copy: at 100,000 objects that is most of their lineage
   * memory. Cleared when the rule index is rebuilt, since a rule's name can change under its id.
   */
  private ruleSet(
    rules: CompiledRule[],
    direction: 'Inbound' | 'Outbound',
  ): { ids: string[]; lineage: LineageEntry[] } {
    const byList = direction === 'Inbound' ? this.inboundSets : this.outboundSets;
    const known = byList.get(rules);
    if (known) return known;
    let key = direction;
    for (const r of rules) key += '\0' + r.rule.id;
    let hit = this.ruleSetCache.get(key);
    if (!hit) {
      hit = {
        ids: Object.freeze(rules.map((r) => r.rule.id)) as string[],
        lineage: Object.freeze(
          rules.map((r) =>
            Object.freeze({
              ruleId: r.rule.id,
              ruleName: r.rule.name,
              direction,
              action: r.rule.linkType,
              passwordSync: r.rule.enablePasswordSync,
            }),
          ),
        ) as LineageEntry[],
      };
      this.ruleSetCache.set(key, hit);
    }
    byList.set(rules, hit);
    return hit;
  }
  /** {@link ruleSet} by list, for the interned lists of rules in scope (no key to build). */
  private inboundSets = new WeakMap<CompiledRule[], { ids: string[]; lineage: LineageEntry[] }>();
  private outboundSets = new WeakMap<CompiledRule[], { ids: string[]; lineage: LineageEntry[] }>();

  private lineageOf(rules: CompiledRule[], direction: 'Inbound' | 'Outbound'): LineageEntry[] {
    return this.ruleSet(rules, direction).lineage;
  }

  /**
   * The link record of an object linked by `r` (one frozen record per rule, direction and way of
   * linking, shared by every object it linked: ~200 bytes an object otherwise).
   */
  private linkEntry(
    r: CompiledRule,
    direction: 'Inbound' | 'Outbound',
    link?: LineageEntry['link'],
  ): LineageEntry {
    let byKind = this.linkEntries.get(r);
    if (!byKind) this.linkEntries.set(r, (byKind = new Map()));
    const key = direction + (link ?? '');
    let entry = byKind.get(key);
    if (!entry) {
      entry = Object.freeze({
        ruleId: r.rule.id,
        ruleName: r.rule.name,
        direction,
        action: r.rule.linkType,
        ...(link ? { link } : {}),
        passwordSync: r.rule.enablePasswordSync,
      });
      byKind.set(key, entry);
    }
    return entry;
  }
  private readonly linkEntries = new WeakMap<CompiledRule, Map<string, LineageEntry>>();

  /** One frozen list per distinct content (the attributes outbound rules manage, per object). */
  private internStrings(list: string[]): string[] {
    if (list.length === 0) return EMPTY_STRINGS;
    // A cheap hash of the names (no joined key string: a user manages ~100), then a compare.
    let h = list.length;
    for (const name of list)
      h =
        (Math.imul(h, 31) +
          name.length * 131 +
          name.charCodeAt(0) +
          name.charCodeAt(name.length >> 1) * 7 +
          name.charCodeAt(name.length - 1) * 17) |
        0;
    let bucket = this.stringLists.get(h);
    if (!bucket) this.stringLists.set(h, (bucket = []));
    for (const b of bucket) if (sameStrings(b, list)) return b;
    const frozen = Object.freeze(list) as string[];
    bucket.push(frozen);
    return frozen;
  }
  private readonly stringLists = new Map<number, string[][]>();

  /** One frozen list of flows per distinct content (objects in scope of the same rules). */
  private internFlows(flows: FlowMeta[]): readonly FlowMeta[] {
    const first = flows[0] as FlowMeta;
    let bucket = this.flowLists.get(first);
    if (!bucket) this.flowLists.set(first, (bucket = []));
    for (const b of bucket) {
      if (b.length !== flows.length) continue;
      let same = true;
      for (let i = 1; i < flows.length; i++)
        if (b[i] !== flows[i]) {
          same = false;
          break;
        }
      if (same) return b;
    }
    const frozen = Object.freeze(flows);
    bucket.push(frozen);
    return frozen;
  }
  private readonly flowLists = new WeakMap<FlowMeta, (readonly FlowMeta[])[]>();

  /** Finds the metaverse object for an inbound join rule: first group with exactly one match. */
  private findInboundJoin(
    cs: CsObject,
    rule: CompiledRule,
    attributes: AttributeBag,
  ): { mvId: string; group: number } | undefined {
    const mvType = rule.rule.targetObjectType;
    for (let g = 0; g < rule.rule.joinRules.length; g++) {
      const group = rule.rule.joinRules[g] ?? [];
      if (group.length === 0) continue;
      const candidates = groupMatches(
        group,
        (cond) => this.mvIndexOf(cond),
        (cond) => attributes[cond.source],
      );
      if (candidates.length === 0) continue;
      const typed = candidates.filter((id) => {
        const mv = this.mv.get(id);
        return mv !== undefined && (mvType === '*' || mv.objectType === mvType);
      });
      if (typed.length === 1) return { mvId: typed[0] as string, group: g };
    }
    return undefined;
  }

  private newMv(objectType: string, connectors: string[]): MvObject {
    const n = this.nextSeq('seq:mv');
    const mv: MvObject = {
      id: sequentialGuid(NS_MV, n),
      objectType,
      attributes: {},
      connectors,
      version: 1,
      recomputeAll: undefined,
    };
    this.mv.set(mv.id, mv);
    return mv;
  }

  newCsId(): { id: string; seq: number } {
    const n = this.nextSeq('seq:cs');
    return { id: sequentialGuid(NS_CS, n), seq: n };
  }

  /** Synchronizes one connector-space object (inbound, then outbound on its metaverse object). */
  syncObject(original: CsObject, run: RunContext): void {
    run.source = original;
    const trace = run.trace;
    let cs = original;
    const pi = cs.pendingImport;
    if (trace && pi) trace.pendingImport = pi.type;
    if (pi?.type === 'Delete') {
      const mvId = cs.mvId;
      if (mvId) this.disconnect(cs, run, 'the object was deleted in the connected directory', true);
      this.cs.delete(cs.id);
      this.count(run, 'deleted', cs.id);
      if (trace) trace.link = { action: 'deleted', mvId };
      return;
    }
    if (pi) {
      if (pi.type === 'Delete-Add' && cs.mvId) {
        this.disconnect(cs, run, 'the object type changed (Delete-Add)');
        cs = this.cs.get(cs.id) ?? cs;
      }
      cs = {
        ...cs,
        attributes: pi.attributes ?? cs.attributes,
        dn: pi.dn ?? cs.dn,
        objectType: pi.objectType ?? cs.objectType,
        pendingImport: undefined,
      };
    }
    if (cs.anchor === undefined && !pi && cs.link?.direction === 'Outbound') {
      // An export object not yet exported has nothing imported to flow in.
      if (trace)
        trace.link = { action: 'skipped', reason: 'export object not yet confirmed by an import' };
      return;
    }
    if (cs.state === 'placeholder' || cs.state === 'explicit-disconnector') {
      this.cs.set(cs.id, cs);
      if (trace) trace.link = { action: 'skipped', reason: `the object is a ${cs.state}` };
      return;
    }
    const attributes = this.evalAttributes(cs);
    const inScope = this.inboundInScope(cs, attributes);
    if (trace) trace.rulesInScope = inScope.map(ruleRef);
    const contrib = this.contributions(
      cs,
      inScope,
      attributes,
      this.changedSinceFlows(original, cs, inScope),
    );
    if (!contrib.ok) {
      // The object stays as it was (pending import kept) and is retried by the next run.
      this.cs.set(original.id, { ...original, syncError: contrib.error });
      this.error(run, original, contrib.error);
      return;
    }
    let mv = cs.mvId ? this.mv.get(cs.mvId) : undefined;
    /** The link a join or projection made now (stored below with the contributions). */
    let newLink: LineageEntry | undefined;
    if (
      mv &&
      cs.link?.direction === 'Inbound' &&
      !inScope.some((r) => r.rule.id === cs.link?.ruleId)
    ) {
      // Joins are evaluated once: the object stays joined while a rule of the same link type that
      // can link it is in scope (a clone of the rule that joined it, the original disabled), and
      // its lineage moves to that rule. Only without one is it disconnected.
      const link = cs.link;
      const heir = inScope.find(
        (r) =>
          r.linkCapable &&
          r.rule.linkType === link.action &&
          (r.rule.targetObjectType === mv?.objectType || r.rule.targetObjectType === '*'),
      );
      if (heir) {
        cs = {
          ...cs,
          link: this.linkEntry(heir, link.direction, link.link),
        };
      }
    }
    if (
      mv &&
      cs.link?.direction === 'Inbound' &&
      !inScope.some((r) => r.rule.id === cs.link?.ruleId)
    ) {
      this.cs.set(cs.id, cs);
      this.disconnect(
        cs,
        run,
        `the rule '${cs.link.ruleName}' that linked it is no longer in scope`,
      );
      cs = this.cs.get(cs.id) ?? cs;
      mv = undefined;
    }
    if (!mv) {
      const linked = this.linkInbound(cs, inScope, attributes, run);
      if (linked === 'error') return;
      if (linked) {
        mv = linked.mv;
        newLink = linked.link;
      }
    } else if (trace) {
      trace.link = { action: 'already-joined', mvId: mv.id, ruleName: cs.link?.ruleName };
    }
    const flowsAllowed = inScope.some((r) => r.linkCapable);
    const inboundSet = this.ruleSet(inScope, 'Inbound');
    const newlyLinked = newLink !== undefined;
    cs = {
      ...cs,
      mvId: newLink ? mv?.id : cs.mvId,
      link: newLink ?? cs.link,
      state: newLink ? 'connector' : cs.state,
      memoryInFlows: cs.exportMemory ? true : undefined,
      syncError: undefined,
      inScope: inboundSet.ids,
      lineage: inboundSet.lineage,
      contributions: mv && flowsAllowed ? contrib.list : NO_CONTRIBUTIONS,
      passwordSync:
        inScope.some((r) => r.rule.enablePasswordSync) || cs.outLineage.some((l) => l.passwordSync),
      version: cs.version + 1,
    };
    this.cs.set(cs.id, cs);
    if (!mv) return;
    // The confirming import of an export, with nothing managed changed: the object is as the
    // export flow that made the export left it (see noteImported).
    if (!newLink && original.mvId === mv.id && this.confirmedExports.has(original))
      this.exportBasis.add(cs);
    // An object that stayed joined to the same metaverse object changes only the attributes whose
    // contributions changed (the flows re-evaluated, or a cheap comparison of the two lists).
    const changes = this.recomputeMv(
      mv.id,
      run,
      !newlyLinked && flowsAllowed && original.mvId === mv.id
        ? (contrib.touched ?? touchedAttributes(original.contributions, contrib.list))
        : undefined,
      // A newly linked object's outbound synchronization is complete (no hint): only the trace
      // reads the list.
      !newlyLinked || trace !== undefined,
    );
    if (changes.length > 0) this.count(run, 'connectorsWithFlowUpdates', cs.id);
    if (trace) {
      trace.mvId = mv.id;
      trace.mvChanges = changes;
      trace.importFlows = this.flowTrace(cs);
    }
    if (!this.checkLifetime(mv.id, run)) return;
    if (changes.length > 0 || run.full || newlyLinked)
      this.outbound(mv.id, run, newlyLinked || run.full ? undefined : changes);
  }

  /**
   * Join (or project) a disconnector. Returns the metaverse object and the link (the caller stores
   * the linked connector-space object with its contributions: one write), undefined, or `error`.
   */
  private linkInbound(
    cs: CsObject,
    inScope: CompiledRule[],
    attributes: AttributeBag,
    run: RunContext,
  ): { mv: MvObject; link: LineageEntry } | undefined | 'error' {
    const trace = run.trace;
    const joinRules = inScope.filter((r) => r.hasJoin);
    if (joinRules.length > 1) {
      const err = {
        type: ERROR_TYPES.multipleJoinRules,
        message: `More than one rule with join conditions is in scope: ${joinRules.map((r) => `'${r.rule.name}'`).join(', ')}.`,
      };
      this.cs.set(cs.id, { ...cs, syncError: err });
      this.error(run, cs, err);
      return 'error';
    }
    const joinRule = joinRules[0];
    if (joinRule) {
      const found = this.findInboundJoin(cs, joinRule, attributes);
      if (found) {
        const mv = this.mv.get(found.mvId) as MvObject;
        const clash = mv.connectors.find((id) => this.cs.get(id)?.connector === cs.connector);
        if (clash) {
          const other = this.cs.get(clash);
          const err = {
            type: ERROR_TYPES.ambiguousJoin,
            message: `The join rule '${joinRule.rule.name}' matched a metaverse object already joined to '${other?.dn ?? clash}' in the same connector space.`,
          };
          this.cs.set(cs.id, { ...cs, syncError: err, state: 'disconnector' });
          this.error(run, cs, err);
          return 'error';
        }
        const link = this.linkEntry(joinRule, 'Inbound', 'joined');
        const joined = { ...mv, connectors: [...mv.connectors, cs.id] };
        this.mv.set(mv.id, joined);
        this.count(run, 'joins', cs.id);
        if (trace)
          trace.link = {
            action: 'joined',
            ruleName: joinRule.rule.name,
            mvId: mv.id,
            group: found.group + 1,
          };
        return { mv: joined, link };
      }
    }
    const provision =
      joinRule && joinRule.rule.linkType === 'Provision'
        ? joinRule
        : inScope.find((r) => r.rule.linkType === 'Provision');
    if (!provision) {
      if (trace) {
        trace.link = {
          action: 'stayed-disconnector',
          reason: joinRule
            ? `no join group of '${joinRule.rule.name}' found exactly one match`
            : 'no rule that joins or projects is in scope',
        };
      }
      if (cs.state !== 'disconnector') this.cs.set(cs.id, { ...cs, state: 'disconnector' });
      return undefined;
    }
    if (provision.hasJoin) {
      if (!provision.joinSources.some((a) => valuesOf(attributes[a]).length > 0)) {
        if (trace)
          trace.link = {
            action: 'stayed-disconnector',
            reason: 'no attribute used by the join conditions has a value, so it is not projected',
          };
        return undefined;
      }
    }
    const mv = this.newMv(provision.rule.targetObjectType, [cs.id]);
    const link = this.linkEntry(provision, 'Inbound', 'projected');
    this.count(run, 'projections', cs.id);
    if (trace) trace.link = { action: 'projected', ruleName: provision.rule.name, mvId: mv.id };
    return { mv, link };
  }

  private flowTrace(cs: CsObject): FlowTrace[] {
    const mv = cs.mvId ? this.mv.get(cs.mvId) : undefined;
    const prov = mv ? this.provenance(mv.id) : {};
    const { flows, values } = cs.contributions;
    return flows.map((flow, i) => {
      const c = { flow, value: values[i] as FlowValue };
      const p = prov[c.flow.attribute];
      const mine = (x: { csId: string; ruleName: string }) =>
        x.csId === cs.id && x.ruleName === c.flow.ruleName;
      let outcome: FlowTrace['outcome'];
      if (c.value === IGNORE_THIS_FLOW) outcome = 'ignored';
      else if (c.value === AUTHORITATIVE_NULL) outcome = 'authoritative-null';
      else if (c.value === null) outcome = 'null';
      else if (p && (p.contributors ? p.contributors.some(mine) : mine(p)))
        outcome = p.contributors && p.contributors.length > 1 ? 'merged' : 'won';
      else outcome = 'lost';
      const value: FlowTrace['value'] =
        c.value === IGNORE_THIS_FLOW
          ? 'IgnoreThisFlow'
          : c.value === AUTHORITATIVE_NULL
            ? 'AuthoritativeNull'
            : (c.value as Value | null);
      return {
        attribute: c.flow.attribute,
        value,
        ruleName: c.flow.ruleName,
        precedence: c.flow.precedence,
        outcome,
      };
    });
  }

  /** Converts a CS reference (DN in that connector) into a metaverse reference. */
  private inboundRef(connector: string, v: Scalar): Scalar | undefined {
    if (!(v instanceof Ref)) return v;
    const id = this.csIdByDn(connector, v.dn);
    const target = id ? this.cs.get(id) : undefined;
    if (!target?.mvId) return undefined;
    // One shared (immutable) reference per metaverse object instead of one per member per recompute.
    let ref = this.mvRefs.get(target.mvId);
    if (!ref) this.mvRefs.set(target.mvId, (ref = new Ref(target.mvId)));
    return ref;
  }
  private readonly mvRefs = new Map<string, Ref>();

  /**
   * Computes every attribute of a metaverse object from the contributions of all its connectors
   * (precedence, merge types, special literals). With `explain`, also fills in the provenance.
   */
  private computeMv(
    mv: MvObject,
    explain?: Record<string, Provenance>,
    only?: ReadonlySet<string>,
  ): MvComputation {
    const out: MvComputation = { attributes: {}, unresolved: false, errors: [] };
    // Most metaverse objects have one connector with contributions (a projection not yet joined):
    // its attributes are laid out once per list of flows (see layoutOf), with no per-object map.
    let single: CsObject | undefined;
    let sources = 0;
    for (const csId of mv.connectors) {
      const cs = this.cs.get(csId);
      if (!cs || cs.contributions.flows.length === 0) continue;
      single = cs;
      sources++;
    }
    if (sources === 1 && only === undefined) {
      const cs = single as CsObject;
      const layout = layoutOf(cs.contributions.flows);
      for (let k = 0; k < layout.attrs.length; k++) {
        const attr = layout.attrs[k] as string;
        const more = layout.more[k];
        if (more === undefined) {
          const index = layout.first[k] as number;
          if (!explain && this.setPlain(out.attributes, attr, cs, index)) continue;
          this.resolveInto(mv, attr, [candidateOf(cs, index)], out, explain);
        } else if (
          // Update flows of one object, in precedence order: a plain value first wins outright.
          !explain &&
          layout.update[k] === true &&
          isPlainValue(cs.contributions.values[more[0] as number] as FlowValue)
        ) {
          out.attributes[attr] = cs.contributions.values[more[0] as number] as Value;
        } else
          this.resolveInto(
            mv,
            attr,
            more.map((i) => candidateOf(cs, i)),
            out,
            explain,
          );
      }
      return out;
    }
    // Most attributes have one contributor: it stays a position (its CS and index) and a candidate
    // list is built only for an attribute with several or one that needs the full path. Fewer
    // short-lived objects per object synchronized (garbage collection was ~20 % of the CPU).
    const slots = new Map<string, number>();
    const firstCs: CsObject[] = [];
    const firstIndex: number[] = [];
    const several: (Candidate<MvSource>[] | undefined)[] = [];
    for (const csId of mv.connectors) {
      const cs = this.cs.get(csId);
      if (!cs) continue;
      const flows = cs.contributions.flows;
      for (let i = 0; i < flows.length; i++) {
        const attr = (flows[i] as FlowMeta).attribute;
        if (only !== undefined && !only.has(attr)) continue;
        const slot = slots.get(attr);
        if (slot === undefined) {
          slots.set(attr, firstCs.length);
          firstCs.push(cs);
          firstIndex.push(i);
          several.push(undefined);
        } else {
          let list = several[slot];
          if (!list)
            several[slot] = list = [
              candidateOf(firstCs[slot] as CsObject, firstIndex[slot] as number),
            ];
          list.push(candidateOf(cs, i));
        }
      }
    }
    for (const [attr, slot] of slots) {
      const many = several[slot];
      if (many) {
        this.resolveInto(mv, attr, many, out, explain);
        continue;
      }
      const cs = firstCs[slot] as CsObject;
      const index = firstIndex[slot] as number;
      if (!explain && this.setPlain(out.attributes, attr, cs, index)) continue;
      this.resolveInto(mv, attr, [candidateOf(cs, index)], out, explain);
    }
    return out;
  }

  /**
   * The common case of an attribute with one contributor: an Update flow with a value and no
   * references is the value (an empty list is absent). False when it needs the full path.
   */
  private setPlain(attributes: AttributeBag, attr: string, cs: CsObject, index: number): boolean {
    if ((cs.contributions.flows[index] as FlowMeta).mergeType !== 'Update') return false;
    const v = cs.contributions.values[index] as FlowValue;
    if (Array.isArray(v) && v.length === 0) return true;
    if (!isPlainValue(v)) return false;
    attributes[attr] = v as Value;
    return true;
  }

  /** Resolves one attribute from its candidates (precedence, merge, references, provenance). */
  private resolveInto(
    mv: MvObject,
    attr: string,
    list: Candidate<MvSource>[],
    out: MvComputation,
    explain?: Record<string, Provenance>,
  ): void {
    const attributes = out.attributes;
    if (list.length > 1) {
      list.sort(
        (a, b) =>
          a.precedence - b.precedence ||
          this.connectorOrder(a.source.cs.connector) - this.connectorOrder(b.source.cs.connector) ||
          a.source.cs.seq - b.source.cs.seq,
      );
    }
    // References name CS objects; the metaverse holds references to metaverse objects.
    for (let i = 0; i < list.length; i++) {
      const cand = list[i] as Candidate<MvSource>;
      const v = cand.value;
      if (v === null || typeof v === 'symbol' || !hasRef(v)) continue;
      const refs: Scalar[] = [];
      for (const x of valuesOf(v as Value)) {
        const r = this.inboundRef(cand.source.cs.connector, x);
        if (r === undefined) out.unresolved = true;
        else refs.push(r);
      }
      list[i] = { ...cand, value: Array.isArray(v) ? refs : (refs[0] ?? null) };
    }
    const first = list[0] as Candidate<MvSource>;
    if (
      !explain &&
      list.length === 1 &&
      first.mergeType === 'Update' &&
      first.value !== null &&
      typeof first.value !== 'symbol'
    ) {
      // The common case: one contributor with a value.
      const v = first.value as Value;
      if (!(Array.isArray(v) && v.length === 0)) attributes[attr] = v;
      return;
    }
    const res = resolveAttribute(list);
    if (res.kind === 'error') {
      out.errors.push(`Attribute '${attr}': ${res.message}`);
      const old = mv.attributes[attr];
      if (old !== undefined) attributes[attr] = old;
      return;
    }
    if (res.kind === 'value') attributes[attr] = res.value;
    else if (res.kind === 'keep' && mv.attributes[attr] !== undefined)
      attributes[attr] = mv.attributes[attr];
    if (!explain) return;
    const losing = res.losing.map((l) => ({
      csId: l.source.cs.id,
      connector: l.source.cs.connector,
      ruleName: l.source.c.flow.ruleName,
      precedence: l.source.c.flow.precedence,
      value:
        l.value === null
          ? 'NULL'
          : l.value === AUTHORITATIVE_NULL
            ? 'AuthoritativeNull'
            : l.value === IGNORE_THIS_FLOW
              ? 'IgnoreThisFlow'
              : displayValue(l.value as Value),
      reason: l.reason,
    }));
    const who =
      res.kind === 'value' ? res.winner : res.kind === 'absent' ? res.authoritative : undefined;
    if (!who) return;
    explain[attr] = {
      csId: who.cs.id,
      connector: who.cs.connector,
      ruleId: who.c.flow.ruleId,
      ruleName: who.c.flow.ruleName,
      precedence: who.c.flow.precedence,
      ...(res.kind === 'value' && who.c.flow.mergeType !== 'Update'
        ? {
            contributors: res.contributors.map((x) => ({
              csId: x.cs.id,
              connector: x.cs.connector,
              ruleName: x.c.flow.ruleName,
              precedence: x.c.flow.precedence,
            })),
          }
        : {}),
      losing,
    };
  }

  /**
   * Recomputes a metaverse object and stores it when it changed. Returns the changes. With `only`
   * (the attributes whose contributions changed), only those are computed and compared and the
   * others are kept as they are, unless the last computation met an error or an unresolved
   * reference. With `listChanges` false, a new (empty) object's changes are not listed: the result
   * is then only good for its length.
   */
  recomputeMv(
    mvId: string,
    run: RunContext,
    only?: ReadonlySet<string>,
    listChanges = true,
  ): AttributeChange[] {
    const mv = this.mv.get(mvId);
    if (!mv) return [];
    const partial = only !== undefined && !mv.recomputeAll && this.reuseFlowResults;
    if (partial && only.size === 0) return [];
    const { attributes, unresolved, errors } = this.computeMv(
      mv,
      undefined,
      partial ? only : undefined,
    );
    if (unresolved) run.pendingRefs.add(mvId);
    const src = run.source;
    if (src)
      for (const message of errors)
        this.error(run, src, { type: ERROR_TYPES.mixedMergeTypes, message });
    let changes: AttributeChange[];
    let next: AttributeBag;
    if (!listChanges && !partial && isEmptyBag(mv.attributes)) {
      // A new metaverse object whose caller only asks whether anything changed: every attribute
      // is an add, and listing ~100 of them per projected object is wasted.
      changes = isEmptyBag(attributes) ? [] : SOME_CHANGES;
      next = { ...attributes };
    } else if (partial) {
      const before: AttributeBag = {};
      for (const k of only) if (mv.attributes[k] !== undefined) before[k] = mv.attributes[k];
      changes = diffBags(before, attributes);
      next = patchBag(mv.attributes, attributes, changes);
    } else {
      changes = diffBags(mv.attributes, attributes);
      // A bag filled key by key is a hash table to V8: the spread is compact.
      next = changes.length > 0 ? { ...attributes } : mv.attributes;
    }
    const recomputeAll = unresolved || errors.length > 0 ? true : undefined;
    if (changes.length > 0 || recomputeAll !== mv.recomputeAll)
      this.mv.set(mvId, {
        ...mv,
        attributes: next,
        version: changes.length > 0 ? mv.version + 1 : mv.version,
        recomputeAll,
      });
    return changes;
  }

  /**
   * Where each attribute value of a metaverse object comes from: contributing CS object, rule,
   * precedence, and the contributions that lost and why.
   *
   * @example
   * engine.provenance(mvId).displayName?.ruleName // 'In from AD - User Common'
   */
  provenance(mvId: string): Record<string, Provenance> {
    const mv = this.mv.get(mvId);
    const out: Record<string, Provenance> = {};
    if (mv) this.computeMv(mv, out);
    return out;
  }

  /** Retries reference resolution for objects that referenced not-yet-linked objects. */
  private resolvePendingRefs(run: RunContext): void {
    for (let pass = 0; pass < 2 && run.pendingRefs.size > 0; pass++) {
      const ids = [...run.pendingRefs];
      run.pendingRefs = new Set();
      for (const id of ids) {
        const changes = this.recomputeMv(id, run);
        if (changes.length > 0) this.outbound(id, run);
      }
    }
    run.pendingRefs.clear();
  }

  /**
   * Removes the link between a CS object and its metaverse object, withdraws its contributions,
   * recomputes the metaverse object and applies the lifetime rule.
   */
  disconnect(cs: CsObject, run: RunContext, reason: string, deleted = false): void {
    const mvId = cs.mvId;
    this.cs.set(cs.id, unlinked(cs));
    if (!deleted) this.count(run, 'disconnectors', cs.id);
    if (run.trace) run.trace.link = { action: 'disconnected', reason, mvId: mvId ?? '' };
    if (!mvId) return;
    const mv = this.mv.get(mvId);
    if (!mv) return;
    this.mv.set(mvId, { ...mv, connectors: mv.connectors.filter((id) => id !== cs.id) });
    const changes = this.recomputeMv(mvId, run);
    if (run.trace) {
      run.trace.mvId = mvId;
      run.trace.mvChanges = changes;
    }
    if (this.checkLifetime(mvId, run)) this.outbound(mvId, run);
  }

  /**
   * The metaverse object lives while an inbound Provision or StickyJoin rule is in scope for one of
   * its connectors (spec §1.6). Deletes it (and deprovisions) otherwise. Returns whether it lives.
   */
  checkLifetime(mvId: string, run: RunContext): boolean {
    const mv = this.mv.get(mvId);
    if (!mv) return false;
    for (const id of mv.connectors) {
      const cs = this.cs.get(id);
      if (!cs) continue;
      for (const rid of cs.inScope) {
        const r = this.rules.get(rid);
        if (
          r &&
          !r.disabled &&
          r.direction === 'Inbound' &&
          (r.linkType === 'Provision' || r.linkType === 'StickyJoin')
        )
          return true;
      }
    }
    this.deleteMv(mvId, run);
    return false;
  }

  private deleteMv(mvId: string, run: RunContext): void {
    const mv = this.mv.get(mvId);
    if (!mv) return;
    for (const id of mv.connectors) {
      const cs = this.cs.get(id);
      if (!cs) continue;
      if (cs.link?.direction === 'Outbound' && cs.link.action === 'Provision') {
        this.deprovision(cs, run);
      } else {
        this.cs.set(id, unlinked(cs));
        if (cs.id !== run.source?.id) this.count(run, 'disconnectors', cs.id);
      }
    }
    this.mv.delete(mvId);
    if (run.trace) run.trace.mvDeleted = true;
  }

  /** Disconnects an object provisioned by an outbound Provision rule and stages its deletion. */
  private deprovision(cs: CsObject, run: RunContext): void {
    const wasExported = cs.anchor !== undefined || cs.exportMemory !== undefined;
    if (!wasExported && cs.pendingExport?.type === 'Add') {
      // Never reached the connected directory: nothing to delete there.
      this.cs.delete(cs.id);
    } else {
      const pe: PendingExport = { type: 'Delete', dn: cs.dn, set: {}, clear: [], changes: [] };
      this.cs.set(cs.id, { ...unlinked(cs), pendingExport: pe });
    }
    this.count(run, 'deprovisioned', cs.id);
    run.trace?.outbound.push({
      connector: cs.connector,
      action: 'deprovisioned',
      dn: cs.dn,
      csId: cs.id,
      changes: [],
    });
  }

  // ---------------------------------------------------------------- outbound synchronization

  private mvScopeContext(mv: MvObject, connector: string): ScopeContext {
    return { attributes: mv.attributes, parameters: this.parameters(connector, '') };
  }

  /** Outbound rules in scope for a metaverse object, per target connector. */
  outboundInScope(mv: MvObject): Map<string, CompiledRule[]> {
    const rules = this.outboundRules(mv.objectType);
    // One scope context per target connector (rules of a connector are usually adjacent).
    let ctxConnector: string | undefined;
    let ctx: ScopeContext | undefined;
    const key = new SubsetKey(rules.length);
    const picked = this.pickedScratch;
    picked.length = 0;
    // Outbound rules share most of their clauses (cloudFiltered, sourceObjectType ...): each
    // distinct clause is evaluated once per object (0 not yet, 1 true, 2 false).
    const memo = new Uint8Array(this.outboundClauses.length);
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i] as CompiledRule;
      const filter = this.outboundFilters.get(r);
      if (filter && filter.length > 0) {
        if (ctxConnector !== r.rule.connector) {
          ctxConnector = r.rule.connector;
          ctx = this.mvScopeContext(mv, ctxConnector);
        }
        let inScope = false;
        for (const group of filter) {
          let ok = true;
          for (const id of group) {
            let m = memo[id] as number;
            if (m === 0) {
              m = evaluateCondition(this.outboundClauses[id] as ScopeCondition, ctx as ScopeContext)
                ? 1
                : 2;
              memo[id] = m;
            }
            if (m === 2) {
              ok = false;
              break;
            }
          }
          if (ok) {
            inScope = true;
            break;
          }
        }
        if (!inScope) continue;
      }
      picked.push(i);
      key.add(i);
    }
    // The same lists for every object in scope of the same rules, so that flow plans are shared.
    return internSubset(this.outboundLists, rules, key, () => {
      const out = new Map<string, CompiledRule[]>();
      for (const i of picked) {
        const r = rules[i] as CompiledRule;
        let list = out.get(r.rule.connector);
        if (!list) out.set(r.rule.connector, (list = []));
        list.push(r);
      }
      return out;
    });
  }
  private readonly outboundLists = new WeakMap<
    CompiledRule[],
    Map<number | string, Map<string, CompiledRule[]>>
  >();
  private readonly pickedScratch: number[] = [];

  /** Converts a metaverse reference into the DN of the object joined to it in `connector`. */
  private outboundRef(mvId: string, connector: string): Ref | undefined {
    const mv = this.mv.get(mvId);
    if (!mv) return undefined;
    for (const id of mv.connectors) {
      const cs = this.cs.get(id);
      if (cs && cs.connector === connector) return new Ref(cs.dn);
    }
    return undefined;
  }

  /** Desired values of a target CS object from the outbound rules in scope. */
  private desired(
    mv: MvObject,
    connector: string,
    targetType: string,
    rules: CompiledRule[],
    creating: boolean,
    run: RunContext,
  ): { ok: true; desired: Desired; unresolved: boolean } | { ok: false; error: ObjectError } {
    // Provisioning and the export flow that follows ask for the same values: compute them once.
    const memo = this.desiredMemo;
    if (
      memo &&
      memo.attributes === mv.attributes &&
      memo.connector === connector &&
      memo.targetType === targetType &&
      memo.rules === rules &&
      memo.creating === creating
    ) {
      return memo.result;
    }
    const result = this.computeDesired(mv, connector, targetType, rules, creating);
    this.desiredMemo = {
      attributes: mv.attributes,
      connector,
      targetType,
      rules,
      creating,
      result,
    };
    void run;
    return result;
  }

  private desiredMemo:
    | {
        attributes: AttributeBag;
        connector: string;
        targetType: string;
        rules: CompiledRule[];
        creating: boolean;
        result: ReturnType<SyncEngine['computeDesired']>;
      }
    | undefined;

  private computeDesired(
    mv: MvObject,
    connector: string,
    targetType: string,
    rules: CompiledRule[],
    creating: boolean,
    only?: Stale,
  ): { ok: true; desired: Desired; unresolved: boolean } | { ok: false; error: ObjectError } {
    const ctx: EvalContext = {
      attributes: mv.attributes,
      parameters: this.parameters(connector, ''),
      clock: this.clock,
      random: this.random,
    };
    const plan = this.outboundPlan(rules, targetType, creating);
    const vals = new Array<FlowValue>(plan.flows.length);
    // An attribute fed by one Direct flow is read from the metaverse below, not evaluated here.
    const failed = evaluatePlan(plan, ctx, vals, only?.flows ?? plan.evaluated);
    const source = mv.attributes;
    if (failed && !failed.ok) return { ok: false, error: failed.error };
    const n = plan.attrs.length;
    const kinds = new Uint8Array(n);
    const values = new Array<Value | undefined>(n);
    let unresolved = false;
    for (let i = 0; i < n; i++) {
      if (only && only.attrs[i] !== 1) continue;
      const a = plan.attrs[i] as AttributePlan;
      const attr = a.attr;
      if (a.mixed !== undefined) {
        return {
          ok: false,
          error: {
            type: ERROR_TYPES.mixedMergeTypes,
            message: `Attribute '${attr}' on ${connector}: ${a.mixed}`,
          },
        };
      }
      const mergeType = a.mergeType;
      let resolved: Value;
      const direct = plan.direct[i];
      if (direct !== undefined) {
        // What resolveUpdate gives for one flow: absent for nothing or an empty list, else the value.
        const v = source[direct];
        if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
          kinds[i] = D_ABSENT;
          continue;
        }
        if (!(v instanceof Ref) && !Array.isArray(v)) {
          kinds[i] = D_VALUE;
          values[i] = v;
          continue;
        }
        resolved = v;
      } else if (mergeType === 'Update') {
        const r = resolveUpdate(vals, a.slots);
        if (r === KEEP) {
          kinds[i] = D_KEEP;
          continue;
        }
        if (r === ABSENT) {
          kinds[i] = D_ABSENT;
          continue;
        }
        if (typeof r !== 'object' || (!(r instanceof Ref) && !Array.isArray(r))) {
          // The common case: one plain value.
          kinds[i] = D_VALUE;
          values[i] = r;
          continue;
        }
        resolved = r;
      } else {
        const res = resolveAttribute(
          a.slots.map((i) => ({
            value: vals[i] as FlowValue,
            precedence: (plan.rules[i] as CompiledRule).rule.precedence,
            mergeType,
            source: i,
          })),
        );
        if (res.kind === 'error') {
          return {
            ok: false,
            error: {
              type: ERROR_TYPES.mixedMergeTypes,
              message: `Attribute '${attr}' on ${connector}: ${res.message}`,
            },
          };
        }
        if (res.kind !== 'value') {
          // NULL from Merge flows adds nothing; the values the target has stay.
          kinds[i] = D_KEEP;
          continue;
        }
        resolved = res.value;
      }
      let value: Value | undefined = resolved;
      const list = valuesOf(resolved);
      if (list.some((x) => x instanceof Ref)) {
        const out: Scalar[] = [];
        for (const x of list) {
          if (!(x instanceof Ref)) out.push(x);
          else {
            const r = this.outboundRef(x.dn, connector);
            if (r) out.push(r);
            else unresolved = true;
          }
        }
        value = out.length === 0 ? undefined : Array.isArray(resolved) ? out : (out[0] as Scalar);
      }
      values[i] = value;
      if (value === undefined) kinds[i] = mergeType === 'Update' ? D_ABSENT : D_KEEP;
      else if (mergeType === 'Update') kinds[i] = D_VALUE;
      else kinds[i] = mergeType === 'MergeCaseInsensitive' ? D_MERGE_CI : D_MERGE;
    }
    return { ok: true, desired: { plan, kinds, values }, unresolved };
  }

  /** The flow plan of a set of outbound rules (interned by {@link outboundInScope}). */
  private outboundPlan(rules: CompiledRule[], targetType: string, creating: boolean): FlowPlan {
    const cache = creating ? this.creatingPlans : this.outboundPlans;
    let plans = cache.get(rules);
    if (!plans) cache.set(rules, (plans = new Map()));
    let plan = plans.get(targetType);
    if (!plan) plans.set(targetType, (plan = buildOutboundPlan(rules, targetType, creating)));
    return plan;
  }

  /**
   * Outbound synchronization of one metaverse object: provisioning (reverse join on DN, then join
   * rules), deprovisioning, and export attribute flow into pending exports.
   */
  outbound(mvId: string, run: RunContext, hint?: readonly AttributeChange[]): void {
    const mv = this.mv.get(mvId);
    if (!mv) return;
    const inScope = this.outboundInScope(mv);
    const connected = new Map<string, CsObject>();
    for (const id of mv.connectors) {
      const cs = this.cs.get(id);
      if (cs) connected.set(cs.connector, cs);
    }
    for (const conn of this.connectors) {
      const rules = inScope.get(conn.name) ?? NO_RULES;
      let cs = connected.get(conn.name);
      if (
        cs &&
        cs.link?.direction === 'Outbound' &&
        !rules.some((r) => r.rule.id === cs?.link?.ruleId)
      ) {
        // The rule that provisioned or joined it left scope.
        if (cs.link.action === 'Provision') this.deprovision(cs, run);
        else {
          this.cs.set(cs.id, unlinked(cs));
          this.count(run, 'disconnectors', cs.id);
          run.trace?.outbound.push({
            connector: conn.name,
            action: 'disconnected',
            dn: cs.dn,
            csId: cs.id,
            changes: [],
          });
        }
        const cur = this.mv.get(mvId) as MvObject;
        this.mv.set(mvId, { ...cur, connectors: cur.connectors.filter((id) => id !== cs?.id) });
        // Its inbound contributions (if any) are withdrawn too.
        if (cs.contributions.values.length > 0) {
          this.recomputeMv(mvId, run);
          // The metaverse object changed in other ways than the hint says.
          hint = undefined;
        }
        cs = undefined;
      }
      if (rules.length === 0 && !cs) continue;
      let action: OutboundTrace['action'] = 'updated';
      if (!cs) {
        const linked = this.provision(mvId, conn.name, rules, run);
        if (!linked) continue;
        cs = linked.cs;
        action = linked.action;
      }
      this.exportFlow(mvId, cs, rules, run, action, action === 'updated' ? hint : undefined);
    }
  }

  private provision(
    mvId: string,
    connector: string,
    rules: CompiledRule[],
    run: RunContext,
  ): { cs: CsObject; action: 'provisioned' | 'joined' } | undefined {
    const mv = this.mv.get(mvId) as MvObject;
    for (const lr of rules) {
      if (!lr.linkCapable || lr.rule.linkType === 'StickyJoin') continue;
      const targetType = lr.rule.targetObjectType;
      // The DN a Provision rule creates, or the one a reverse join looks for; a join-only rule set
      // without a dn flow only needs its join conditions (its flows are computed once joined).
      let dn = '';
      if (
        lr.rule.linkType === 'Provision' ||
        this.outboundPlan(rules, targetType, true).index.has('dn')
      ) {
        const d = this.desired(mv, connector, targetType, rules, true, run);
        if (!d.ok) {
          if (run.source) this.error(run, run.source, d.error);
          return undefined;
        }
        dn = desiredDn(d.desired) ?? '';
      }
      // Reverse join: an object with the same DN is joined instead of creating a new one.
      let target: CsObject | undefined;
      if (dn) {
        const id = this.csIdByDn(connector, dn);
        const existing = id ? this.cs.get(id) : undefined;
        if (existing && existing.state !== 'placeholder') {
          if (existing.mvId && existing.mvId !== mvId) {
            if (run.source) {
              this.error(run, run.source, {
                type: ERROR_TYPES.dnConflict,
                message: `Provisioning '${dn}' in ${connector}: the object is already joined to another metaverse object.`,
              });
            }
            return undefined;
          }
          if (
            existing.state === 'disconnector' &&
            existing.objectType === targetType &&
            !existing.pendingExport
          )
            target = existing;
        }
      }
      if (!target && lr.hasJoin) target = this.findOutboundJoin(mv, connector, lr);
      if (target) {
        const joined = {
          ...target,
          mvId,
          link: this.linkEntry(lr, 'Outbound', 'joined'),
          state: 'connector' as const,
        };
        this.cs.set(target.id, joined);
        const cur = this.mv.get(mvId) as MvObject;
        this.mv.set(mvId, { ...cur, connectors: [...cur.connectors, target.id] });
        this.count(run, 'joins', target.id);
        return { cs: joined, action: 'joined' };
      }
      if (lr.rule.linkType !== 'Provision') continue;
      const { id, seq } = this.newCsId();
      const cs: CsObject = {
        ...blankCsObject(id, seq, connector, dn || `CN={${mvId.toUpperCase()}}`, targetType),
        state: 'connector',
        mvId,
        link: this.linkEntry(lr, 'Outbound', 'provisioned'),
        version: 1,
        pendingExport: {
          type: 'Add',
          dn: dn || `CN={${mvId.toUpperCase()}}`,
          set: {},
          clear: [],
          changes: [],
        },
      };
      this.cs.set(id, cs);
      const cur = this.mv.get(mvId) as MvObject;
      this.mv.set(mvId, { ...cur, connectors: [...cur.connectors, id] });
      this.count(run, 'provisioned', id);
      return { cs, action: 'provisioned' };
    }
    return undefined;
  }

  private findOutboundJoin(
    mv: MvObject,
    connector: string,
    rule: CompiledRule,
  ): CsObject | undefined {
    for (const group of rule.rule.joinRules) {
      if (group.length === 0) continue;
      const candidates = groupMatches(
        group,
        (cond) => this.csIndexOf(connector, cond),
        (cond) => mv.attributes[cond.target],
      );
      if (candidates.length === 0) continue;
      const ok = candidates
        .map((id) => this.cs.get(id))
        .filter(
          (c): c is CsObject =>
            !!c &&
            !c.mvId &&
            c.state === 'disconnector' &&
            c.objectType === rule.rule.targetObjectType &&
            !c.pendingExport,
        );
      if (ok.length === 1) return ok[0];
    }
    return undefined;
  }

  /**
   * Records an export left as it sent an export-flow record (see {@link exportBasis}): the
   * pending export is gone and its values wait in export memory for the confirming import.
   */
  private readonly exportedBasis = new WeakSet<CsObject>();
  /** Staged imports that confirmed such a record exactly (see {@link noteImported}). */
  private readonly confirmedExports = new WeakSet<CsObject>();

  /** The export of `before` (an export flow's record, unchanged since) stored `after`. */
  noteExported(before: CsObject, after: CsObject): void {
    if (this.exportBasis.has(before) && after.pendingExport === undefined)
      this.exportedBasis.add(after);
  }

  /**
   * An import staged `staged` over `before` with the `imported` values and no rename. When `before`
   * is an exported export-flow record and the import brings back, for every attribute outbound
   * rules manage, the value exported (or, not exported, the value it had), the object will be
   * exactly as that export flow meant it once the import is applied: its synchronization can keep
   * to the incremental export flow (the confirming cycle after an export; before, every exported
   * object got a complete export flow then).
   */
  noteImported(before: CsObject, staged: CsObject, imported: AttributeBag): void {
    if (!this.exportedBasis.has(before) || before.pendingExport) return;
    const memory = before.exportMemory;
    for (const a of before.managed) {
      const sent = memory?.[a];
      if (!valueEquals(imported[a], sent !== undefined ? sent : before.attributes[a])) return;
    }
    this.confirmedExports.add(staged);
  }

  /** Metaverse objects whose outbound flows failed once: their export flows are always complete. */
  private readonly outboundFailed = new Set<string>();
  /**
   * Connector-space records as an export flow left them (written or found unchanged). Records are
   * immutable, so a record in this set has had no import, export or synchronization since.
   */
  private readonly exportBasis = new WeakSet<CsObject>();

  /**
   * The attributes of an outbound plan an incremental export flow must compute again: those fed by
   * a flow that reads a changed metaverse attribute, a reference (it names an object whose DN in the
   * target can change on its own) or something other than attributes.
   */
  private staleAttributes(
    plan: FlowPlan,
    mv: MvObject,
    changes: readonly AttributeChange[],
  ): Stale | typeof NOTHING_STALE {
    const inputs = planInputs(plan);
    const n = plan.attrs.length;
    let attrs: Uint8Array | undefined;
    const mark = (i: number) => ((attrs ??= new Uint8Array(n))[i] = 1);
    for (const i of inputs.always) mark(i);
    const now = mv.attributes;
    for (let k = 0; k < inputs.names.length; k++) {
      const v = now[inputs.names[k] as string];
      if (v instanceof Ref || (Array.isArray(v) && v[0] instanceof Ref))
        for (const i of inputs.readers[k] as number[]) mark(i);
    }
    if (changes.length > 0) {
      const changed = new Set(changes.map((c) => c.attribute));
      for (let k = 0; k < inputs.names.length; k++)
        if (changed.has(inputs.names[k] as string))
          for (const i of inputs.readers[k] as number[]) mark(i);
    }
    if (!attrs) return NOTHING_STALE;
    const stale: Uint8Array = attrs;
    // Precedence needs every contribution to a stale attribute, changed or not.
    const flows = new Uint8Array(plan.flows.length);
    const names = new Set<string>();
    for (let i = 0; i < n; i++) {
      if (stale[i] !== 1) continue;
      const a = plan.attrs[i] as AttributePlan;
      names.add(a.attr);
      for (const slot of a.slots) flows[slot] = 1;
    }
    return { attrs: stale, flows, names };
  }

  /** The rules of a list (interned) whose target is `objectType`, one list per pair. */
  private typedRules(rules: CompiledRule[], objectType: string): CompiledRule[] {
    let byType = this.typedLists.get(rules);
    if (!byType) this.typedLists.set(rules, (byType = new Map()));
    let typed = byType.get(objectType);
    if (!typed)
      byType.set(objectType, (typed = rules.filter((r) => r.rule.targetObjectType === objectType)));
    return typed;
  }
  private readonly typedLists = new WeakMap<CompiledRule[], Map<string, CompiledRule[]>>();

  /** Export attribute flow: desired values against the confirmed hologram → pending export. */
  private exportFlow(
    mvId: string,
    cs: CsObject,
    rules: CompiledRule[],
    run: RunContext,
    action: OutboundTrace['action'],
    hint?: readonly AttributeChange[],
  ): void {
    if (cs.pendingExport?.type === 'Delete') return;
    const mv = this.mv.get(mvId) as MvObject;
    const typed = this.typedRules(rules, cs.objectType);
    const creating = cs.pendingExport?.type === 'Add';
    const outLineage = this.lineageOf(typed, 'Outbound');
    if (!typed.some((r) => r.linkCapable)) {
      // No join or provision rule in scope for this direction: attributes do not flow.
      if (cs.outLineage.length > 0) this.cs.set(cs.id, { ...cs, outLineage: [] });
      return;
    }
    // Incremental: the object is exactly as this engine's last export flow into it left it (no
    // import, export or synchronization of it since), the same rules are in scope, and the
    // synchronization says which metaverse attributes changed.
    const stale =
      hint &&
      !creating &&
      !run.trace &&
      this.reuseFlowResults &&
      this.exportBasis.has(cs) &&
      cs.outLineage === outLineage &&
      !mv.recomputeAll &&
      !this.outboundFailed.has(mvId)
        ? this.staleAttributes(this.outboundPlan(rules, cs.objectType, false), mv, hint)
        : undefined;
    if (stale === NOTHING_STALE) return;
    const d = stale
      ? this.computeDesired(mv, cs.connector, cs.objectType, rules, false, stale)
      : this.desired(mv, cs.connector, cs.objectType, rules, creating, run);
    if (!d.ok) {
      this.outboundFailed.add(mvId);
      if (run.source) this.error(run, run.source, d.error);
      return;
    }
    if (d.unresolved) run.pendingRefs.add(mvId);
    const hologram = cs.attributes;
    // An object being created has no hologram yet: nothing to read (a read that misses is slow).
    const noHologram = creating && isEmptyBag(hologram);
    const adTarget = this.connectorByName.get(cs.connector)?.kind === 'AD';
    const set: AttributeBag = {};
    const clear: string[] = [];
    let newDn = cs.dn;
    // Plans list attributes by name, so `managed` and the changes come out sorted.
    const managed: string[] = [];
    const changes: AttributeChange[] = [];
    const { plan, kinds, values } = d.desired;
    const pe0 = cs.pendingExport;
    if (stale) {
      // What the last export flow staged for the attributes that are not stale stays as it is.
      const names = stale.names;
      if (pe0) {
        for (const k in pe0.set) if (!names.has(k)) set[k] = pe0.set[k] as Value;
        for (const k of pe0.clear) if (!names.has(k)) clear.push(k);
        for (const c of pe0.changes) if (!names.has(c.attribute)) changes.push(c);
        if (!names.has('dn')) newDn = pe0.dn;
      }
      for (const k of cs.managed) if (!names.has(k)) managed.push(k);
    }
    for (let i = 0; i < plan.attrs.length; i++) {
      if (stale && stale.attrs[i] !== 1) continue;
      const attr = (plan.attrs[i] as AttributePlan).attr;
      const kind = kinds[i];
      if (attr === 'dn') {
        if (kind === D_VALUE) newDn = desiredDn(d.desired) ?? cs.dn;
        continue;
      }
      if (kind === D_KEEP) continue;
      const old = noHologram ? undefined : hologram[attr];
      if (kind !== D_ABSENT) {
        managed.push(attr);
        const v = values[i] as Value;
        const want = kind === D_VALUE ? v : mergeInto(old, v, kind === D_MERGE_CI);
        const equal = valueEquals(old, want);
        if (creating || !equal) set[attr] = want;
        // An Add's changes are its values (worked out when read, see addExport).
        if (creating && old === undefined) continue;
        if (old === undefined) changes.push({ attribute: attr, kind: 'add', newValue: want });
        else if (!equal)
          changes.push({ attribute: attr, kind: 'replace', oldValue: old, newValue: want });
      } else if (old !== undefined && (adTarget || cs.managed.includes(attr))) {
        // Entra ID fills some attributes itself (alias ...): sync only clears what it had set.
        clear.push(attr);
        changes.push({ attribute: attr, kind: 'delete', oldValue: old });
      }
    }
    if (stale) {
      changes.sort(byAttribute);
      managed.sort();
    }
    // Attributes no rule manages any more are recalled.
    let recalled = false;
    for (const attr of stale ? [] : cs.managed) {
      const old = hologram[attr];
      if (!plan.index.has(attr) && old !== undefined && !clear.includes(attr)) {
        clear.push(attr);
        changes.push({ attribute: attr, kind: 'delete', oldValue: old });
        recalled = true;
      }
    }
    if (recalled) changes.sort(byAttribute);
    const rename = !creating && dnKey(newDn) !== dnKey(cs.dn) ? newDn : undefined;
    let pendingExport: PendingExport | undefined;
    if (creating) {
      // A bag filled key by key is a hash table (~1.6 KB for a user): the spread is compact, and it
      // becomes the export memory.
      pendingExport = addExport(newDn, { ...set }, changes);
    } else if (Object.keys(set).length > 0 || clear.length > 0 || rename) {
      pendingExport = { type: 'Update', dn: rename ?? cs.dn, set, clear, changes };
    }
    const pwd = outLineage.some((l) => l.passwordSync);
    const same =
      samePending(cs.pendingExport, pendingExport) &&
      sameStrings(cs.managed, managed) &&
      cs.passwordSync === (pwd || cs.lineage.some((l) => l.passwordSync)) &&
      sameLineage(cs.outLineage, outLineage);
    if (!same) {
      const next: CsObject = {
        ...cs,
        dn: creating ? newDn : cs.dn,
        pendingExport,
        managed: this.internStrings(managed),
        outLineage,
        passwordSync: pwd || cs.lineage.some((l) => l.passwordSync),
      };
      this.cs.set(cs.id, next);
      if (!d.unresolved) this.exportBasis.add(next);
    } else if (!d.unresolved) this.exportBasis.add(cs);
    if (pendingExport && !samePending(cs.pendingExport, pendingExport))
      this.count(run, 'exportFlows', cs.id);
    if (run.trace) {
      run.trace.outbound.push({
        connector: cs.connector,
        action: pendingExport || action !== 'updated' ? action : 'unchanged',
        ruleName: cs.link?.ruleName,
        dn: pendingExport?.dn ?? cs.dn,
        csId: cs.id,
        changes,
      });
    }
  }

  /** Synchronizes one object outside any run (Preview) and returns what happened to it. */
  previewObject(csId: string, full: boolean): ObjectTrace | undefined {
    const cs = this.cs.get(csId);
    if (!cs) return undefined;
    const profile = full ? 'Full Synchronization' : 'Delta Synchronization';
    const run = this.newRun(cs.connector, profile, full);
    const trace = newTrace(cs);
    run.trace = trace;
    this.syncObject(cs, run);
    this.resolvePendingRefs(run);
    return trace;
  }

  /** Attributes an expression sees on a connector-space object (with export memory and `dn`). */
  expressionContext(csId: string): EvalContext | undefined {
    const cs = this.cs.get(csId);
    if (!cs) return undefined;
    return {
      attributes: this.evalAttributes(cs),
      importedAttributes: cs.attributes,
      parameters: this.parameters(cs.connector, cs.dn),
      clock: this.clock,
      random: this.random,
    };
  }

  // ---------------------------------------------------------------- rules

  putRule(rule: SyncRule): void {
    this.rules.set(rule.id, rule);
  }
  deleteRule(id: string): void {
    this.rules.delete(id);
  }

  /** Index maps are rebuilt lazily after a restore changed objects behind them. */
  resetLazyIndexes(): void {
    this.csAttrIndexes.clear();
    this.csIndexByCond.clear();
    this.mvIndexByCond = new WeakMap();
    this.csAttrIndexList = [];
    this.mvAttrIndexes.clear();
    this.mvAttrIndexList = [];
  }
}

/**
 * What outbound rules want for each attribute of a plan: a value, values to merge into what the
 * target has (case-sensitive or not), absent (remove it), or keep (leave the target as it is).
 */
interface Desired {
  plan: FlowPlan;
  kinds: Uint8Array;
  values: (Value | undefined)[];
}

/** Who contributed a candidate value of a metaverse attribute. */
type MvSource = { cs: CsObject; c: Contribution };

interface MvComputation {
  attributes: AttributeBag;
  unresolved: boolean;
  errors: string[];
}

function candidateOf(cs: CsObject, i: number): Candidate<MvSource> {
  const flow = cs.contributions.flows[i] as FlowMeta;
  const value = cs.contributions.values[i] as FlowValue;
  return {
    value,
    precedence: flow.precedence,
    mergeType: flow.mergeType,
    source: { cs, c: { flow, value } },
  };
}

/**
 * The attributes a list of flows contributes to, in name order: each one's first flow, and all of
 * its flows when there are several. Lists of flows are interned, so this is worked out once per
 * set of rules in scope, not per object.
 */
interface FlowLayout {
  attrs: string[];
  first: number[];
  /** All flows of an attribute with several, in precedence order (ties in flow order). */
  more: (number[] | undefined)[];
  /** Whether every flow of the attribute is an Update flow. */
  update: boolean[];
}

/** A value that wins an Update precedence outright: not NULL or special, not empty, no reference. */
function isPlainValue(v: FlowValue): boolean {
  if (v === null || typeof v === 'symbol') return false;
  return !(Array.isArray(v) && v.length === 0) && !hasRef(v);
}
const flowLayouts = new WeakMap<readonly FlowMeta[], FlowLayout>();
function layoutOf(flows: readonly FlowMeta[]): FlowLayout {
  let layout = flowLayouts.get(flows);
  if (layout) return layout;
  const byAttr = new Map<string, number[]>();
  for (let i = 0; i < flows.length; i++) {
    const attr = (flows[i] as FlowMeta).attribute;
    const list = byAttr.get(attr);
    if (list) list.push(i);
    else byAttr.set(attr, [i]);
  }
  const attrs = [...byAttr.keys()].sort();
  layout = {
    attrs,
    first: attrs.map((a) => (byAttr.get(a) as number[])[0] as number),
    more: attrs.map((a) => {
      const list = byAttr.get(a) as number[];
      if (list.length === 1) return undefined;
      // A stable sort: flows of equal precedence stay in flow order, as resolveInto keeps them.
      return [...list].sort(
        (x, y) => (flows[x] as FlowMeta).precedence - (flows[y] as FlowMeta).precedence,
      );
    }),
    update: attrs.map((a) =>
      (byAttr.get(a) as number[]).every((i) => (flows[i] as FlowMeta).mergeType === 'Update'),
    ),
  };
  flowLayouts.set(flows, layout);
  return layout;
}

const D_KEEP = 0;
const D_ABSENT = 1;
const D_VALUE = 2;
const D_MERGE = 3;
const D_MERGE_CI = 4;

/**
 * `bag` with the attributes of `changes` set to their values in `computed` (or removed), as one
 * compact object: a spread when nothing is removed (the common case).
 */
function patchBag(
  bag: AttributeBag,
  computed: AttributeBag,
  changes: readonly AttributeChange[],
): AttributeBag {
  if (changes.length === 0) return bag;
  const patched = { ...bag, ...computed };
  const removed = new Set(changes.filter((c) => c.kind === 'delete').map((c) => c.attribute));
  if (removed.size === 0) return patched;
  const kept: AttributeBag = {};
  for (const k in patched) if (!removed.has(k)) kept[k] = patched[k] as Value;
  return { ...kept };
}

/**
 * The metaverse attributes whose contributions differ between two lists, when that is cheap to
 * tell: the old list was empty (an object's first contributions: an Entra ID object after its
 * export is confirmed) or both lists come from the same flows in the same order (a Full
 * Synchronization of an object whose rules in scope did not change). `undefined` otherwise.
 */
function touchedAttributes(old: Contributions, now: Contributions): Set<string> | undefined {
  const { flows, values } = now;
  const touched = new Set<string>();
  if (old.flows.length === 0) {
    for (const f of flows) touched.add(f.attribute);
    return touched;
  }
  if (old.flows.length !== flows.length) return undefined;
  for (let i = 0; i < flows.length; i++) {
    const f = flows[i] as FlowMeta;
    if (old.flows[i] !== f) return undefined;
    if (old.values[i] !== values[i]) touched.add(f.attribute);
  }
  return touched;
}

/** The plan attributes (and their flows) an incremental export flow computes again. */
interface Stale {
  attrs: Uint8Array;
  flows: Uint8Array;
  names: ReadonlySet<string>;
}

const NOTHING_STALE: unique symbol = Symbol('nothing stale');

/** The DN the outbound flows give, if they give one. */
/** What recomputeMv returns, when not asked to list them, for "some attributes changed". */
const SOME_CHANGES = Object.freeze([
  Object.freeze({ attribute: '', kind: 'add', newValue: '' }),
]) as unknown as AttributeChange[];

function isEmptyBag(bag: AttributeBag): boolean {
  for (const _ in bag) return false;
  return true;
}

function desiredDn(d: Desired): string | undefined {
  const i = d.plan.index.get('dn');
  if (i === undefined || d.kinds[i] !== D_VALUE) return undefined;
  const first = valuesOf(d.values[i])[0];
  return first === undefined ? undefined : String(first);
}

function byAttribute(x: AttributeChange, y: AttributeChange): number {
  return x.attribute < y.attribute ? -1 : x.attribute > y.attribute ? 1 : 0;
}

function mergeInto(existing: Value | undefined, add: Value, caseInsensitive: boolean): Value {
  const key = (x: Scalar) =>
    caseInsensitive && typeof x === 'string' ? 's:' + x.toLowerCase() : scalarKey(x);
  const out = [...valuesOf(existing)];
  const seen = new Set(out.map(key));
  for (const x of valuesOf(add)) {
    const k = key(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

function ruleRef(r: CompiledRule): RuleRef {
  return { id: r.rule.id, name: r.rule.name, precedence: r.rule.precedence };
}

export function newTrace(cs: CsObject): ObjectTrace {
  return {
    connector: cs.connector,
    csId: cs.id,
    dn: cs.dn,
    objectType: cs.objectType,
    rulesInScope: [],
    link: { action: 'skipped', reason: 'not processed' },
    importFlows: [],
    mvChanges: [],
    mvDeleted: false,
    outbound: [],
  };
}

/**
 * A pending export Add. Its attribute changes are its values, in attribute order, plus any
 * `others` (a removal the hologram asks for); they are built when first read (the export trace,
 * the pending-export views): at 100,000 objects the initial cycle otherwise holds ~60 change
 * records per object until the export.
 */
function addExport(dn: string, set: AttributeBag, others: AttributeChange[]): PendingExport {
  let changes: AttributeChange[] | undefined;
  return {
    type: 'Add',
    dn,
    set,
    clear: [],
    get changes(): AttributeChange[] {
      if (changes) return changes;
      const adds: AttributeChange[] = Object.keys(set).map((attribute) => ({
        attribute,
        kind: 'add',
        newValue: set[attribute] as Value,
      }));
      changes = others.length === 0 ? adds : [...adds, ...others].sort(byAttribute);
      return changes;
    },
  };
}

function samePending(a: PendingExport | undefined, b: PendingExport | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.type !== b.type || a.dn !== b.dn || !sameStrings(a.clear, b.clear)) return false;
  const ka = Object.keys(a.set);
  if (ka.length !== Object.keys(b.set).length) return false;
  if (!ka.every((k) => valueEquals(a.set[k], b.set[k]))) return false;
  // An Add's changes follow from its values.
  if (a.type === 'Add') return true;
  // The same values to set, but against another hologram (an add became a replace).
  if (a.changes.length !== b.changes.length) return false;
  return a.changes.every((x, i) => {
    const y = b.changes[i] as AttributeChange;
    return x.attribute === y.attribute && x.kind === y.kind && valueEquals(x.oldValue, y.oldValue);
  });
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameLineage(a: LineageEntry[], b: LineageEntry[]): boolean {
  return a.length === b.length && a.every((x, i) => x.ruleId === b[i]?.ruleId);
}

/** A small deterministic PRNG (mulberry32) for `RandomNum()` and friends. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

// Import and export live in their own modules; imported here at the end to avoid a cycle at load.
import { importForest, importTenant } from './import.ts';
import { exportConnector } from './export.ts';
