/**
 * The Synchronization Service Manager's side of the worker: connectors and their run profiles,
 * cycles in the scheduler's order with progress and cancel, the operations history, Search
 * Connector Space, connector space object properties and Preview, the flow picture, and stepping
 * (run profile by run profile, object by object, rewind).
 *
 * Every completed run goes through the workspace's action log (applyAction), so runs are saved,
 * undone and replayed like any other edit. A run followed object by object is replayed through
 * the action log when it ends: the engine is deterministic, so the result is the same.
 */
import { fullImportRequiredByConfiguration } from '../engine/sync/connector-config.ts';
import type { CsDetailDto, ObjectTraceDto, StepEventDto } from '../engine/index.ts';
import type { Session } from '../engine/index.ts';
import type { RunStep } from '../engine/io/workspace.ts';
import {
  searchConnectorSpace,
  type CsSearchRequest,
  type CsSearchResult,
} from '../engine/query/cs-search.ts';
import { domainLdapOf, type SyncEngine } from '../engine/sync/engine.ts';
import { flowGraph, type FlowGraph } from '../engine/sync/flow-graph.ts';
import type { RunProfileName, RunRecord } from '../engine/sync/model.ts';
import {
  explainRunError,
  profileWorkload,
  runObjects,
  runStatistics,
  type ExplainedError,
  type ObjectRef,
  type StatisticRow,
} from '../engine/sync/operations.ts';
import { rulesApi } from './api-rules.ts';
import {
  applyAction,
  applyActionInChange,
  guardEdits,
  oneChangeAtATime,
  undoInChange,
  workspaceApi,
  workspaceState,
} from './api-workspace.ts';
import { currentSession } from './session.ts';

export type { CsSearchRequest, CsSearchResult, FlowGraph, ExplainedError, StatisticRow };
export type { ObjectRef, RunStep };

export interface RunTimes {
  /** Milliseconds since the epoch, as the worker's clock read them. */
  start: number;
  end?: number;
}

export interface RunSummaryDto {
  index: number;
  connector: string;
  profile: RunProfileName;
  status: string;
  errors: number;
  /** Absent for runs replayed from a saved workspace (their times were not kept). */
  start?: number;
  end?: number;
}

export interface RunDetailDto extends RunSummaryDto {
  statistics: StatisticRow[];
  /**
   * The run's steps, one per partition, when the connector has several (an AD forest with several
   * domains): each with the statistics of its objects.
   */
  steps?: RunStepDto[];
  /** Counts of the statistics that the steps could not place (see {@link partitionSplit}). */
  unattributed?: StatisticRow[];
  errorDetails: ExplainedError[];
  message?: string;
}

/** One step of a run (the product's "Step #"): a partition and the statistics of its objects. */
export interface RunStepDto {
  step: number;
  /** The partition's naming context, e.g. `DC=contoso,DC=com`. */
  partition: string;
  statistics: StatisticRow[];
}

export interface ConnectorStatusDto {
  name: string;
  kind: string;
  /** The connector type as the product names it. */
  type: string;
  state: 'Idle' | 'Running';
  objects: number;
  pendingImports: number;
  pendingExports: number;
  lastRun?: RunSummaryDto;
  fullImportRequired: boolean;
  fullSyncRequired: boolean;
}

export interface TenantSummaryDto {
  users: number;
  groups: number;
  contacts: number;
  devices: number;
}

export interface SyncProgressDto {
  connector: string;
  profile: RunProfileName;
  /** 1-based position of the run profile in the request. */
  step: number;
  steps: number;
  done: number;
  total: number;
}

export interface SyncRunResultDto {
  ok: boolean;
  runs: RunSummaryDto[];
  cancelled: boolean;
  messages: string[];
}

export interface TimelineEntryDto {
  /** `action:<index>` for a step of the action log, `object:<n>` inside the run being stepped. */
  id: string;
  text: string;
  kind: 'action' | 'object';
}

export interface StepperDto {
  plan: 'initial' | 'delta';
  position: number;
  profiles: { connector: string; profile: RunProfileName }[];
  active?: { connector: string; profile: RunProfileName; objects: number; total: number };
  timeline: TimelineEntryDto[];
}

export interface StepResultDto {
  /** What happened to the object just processed (Step object). */
  event?: StepEventDto;
  /** Runs that completed with this step. */
  completed: RunSummaryDto[];
  /** True when the plan has no more run profiles. */
  finished: boolean;
  messages: string[];
}

export interface SyncOverviewDto {
  connectors: ConnectorStatusDto[];
  tenant: TenantSummaryDto;
  stepper: StepperDto;
}

export interface CsObjectPropertiesDto extends CsDetailDto {
  mvSummary?: { id: string; objectType: string; displayName?: string; connectors: number };
}

export type ProgressCallback = (p: SyncProgressDto) => void;

/** The Synchronization Service Manager. */
export interface SyncApi {
  syncOverview(): SyncOverviewDto;
  /** Runs a cycle or one run profile; `onProgress` must be a `Comlink.proxy`. */
  syncRun(step: RunStep, onProgress?: ProgressCallback): Promise<SyncRunResultDto>;
  /** Stops the run in progress after the current object. */
  syncCancel(): void;
  syncRuns(): RunSummaryDto[];
  syncRunDetail(index: number): RunDetailDto | null;
  /** A page of the objects behind a statistic, of the whole run or of one partition's step. */
  syncRunObjects(
    index: number,
    stat: string,
    offset: number,
    limit: number,
    partition?: string,
  ): { total: number; rows: ObjectRef[] };
  syncSearch(request: CsSearchRequest): CsSearchResult;
  syncCsObject(id: string): CsObjectPropertiesDto | null;
  /**
   * Preview of one object, generated in memory or committed; a committed preview is an action of
   * the workspace's log (saved, undone and replayed like a run).
   */
  syncPreview(
    csId: string,
    mode: 'full' | 'delta',
    commit: boolean,
  ): Promise<{ trace: ObjectTraceDto | null; messages: string[] }>;
  syncFlowGraph(target: { csId: string } | { mvId: string }): FlowGraph;
  syncSetPlan(plan: 'initial' | 'delta'): StepperDto;
  /** Runs the next run profile of the plan (finishing the one being stepped, if any). */
  syncStep(): Promise<StepResultDto>;
  /** Processes the next object of the current run profile. */
  syncStepObject(): Promise<StepResultDto>;
  /** Goes back to just before a timeline entry. */
  syncRewind(entryId: string): Promise<{ ok: boolean; messages: string[] }>;
}

// ------------------------------------------------------------------------------ state

/** The shortest time between two progress messages of a run (the page redraws at most that often). */
const PROGRESS_INTERVAL_MS = 100;

const times = new WeakMap<SyncEngine, Map<number, RunTimes>>();
/** Objects a run is about to delete, so that its statistics can still name them afterwards. */
const departed = new WeakMap<SyncEngine, Map<string, ObjectRef>>();
let running: string | undefined;
let cancelled = false;

interface ActiveRun {
  engine: SyncEngine;
  connector: string;
  profile: RunProfileName;
  /** Journal mark just before the run started. */
  mark: number;
  start: number;
  total: number;
  objects: { csId: string; dn: string; text: string }[];
}

const stepper: {
  plan: 'initial' | 'delta';
  position: number;
  active?: ActiveRun;
  /** Plan position after each action-log cursor, to find our place again after a rewind. */
  positions: Map<number, number>;
} = { plan: 'initial', position: 0, positions: new Map() };

function engineOf(session: Session): SyncEngine {
  const e = session.engineState();
  if (!e) throw new Error('No workspace is open.');
  return e;
}

function timesOf(e: SyncEngine): Map<number, RunTimes> {
  let m = times.get(e);
  if (!m) times.set(e, (m = new Map()));
  return m;
}

function summary(e: SyncEngine, r: RunRecord): RunSummaryDto {
  const t = timesOf(e).get(r.index);
  return {
    index: r.index,
    connector: r.connector,
    profile: r.profile,
    status: r.status,
    errors: r.errors.length,
    ...(t ? { start: t.start, ...(t.end !== undefined ? { end: t.end } : {}) } : {}),
  };
}

function cursor(): number {
  return workspaceApi.changeLog().entries.filter((x) => x.applied).length;
}

function planProfiles(e: SyncEngine) {
  return e.cycleProfiles(stepper.plan);
}

function rememberDeletes(e: SyncEngine, connector: string, profile: RunProfileName): void {
  const ids =
    profile === 'Export'
      ? e.pendingExportIds(connector)
      : profile.endsWith('Synchronization')
        ? e.pendingImportIds(connector)
        : new Set<string>();
  let m = departed.get(e);
  if (!m) departed.set(e, (m = new Map()));
  for (const id of ids) {
    const cs = e.cs.get(id);
    const deleting =
      profile === 'Export'
        ? cs?.pendingExport?.type === 'Delete'
        : cs?.pendingImport?.type === 'Delete';
    if (cs && deleting)
      m.set(id, {
        csId: id,
        connector: cs.connector,
        dn: cs.dn,
        objectType: cs.objectType,
        exists: false,
      });
  }
}

/** Runs one run profile through the action log, timing it. */
async function runOne(
  session: Session,
  p: { connector: string; profile: RunProfileName },
  onObjects?: (done: number) => void,
): Promise<{ ok: true; run?: RunSummaryDto } | { ok: false; messages: string[] }> {
  const e = engineOf(session);
  const start = Date.now();
  const runsBefore = e.runs.size;
  rememberDeletes(e, p.connector, p.profile);
  const before = p.profile.endsWith('Import') ? undefined : placesBefore(e, p.connector);
  running = p.connector;
  try {
    const r = await applyActionInChange(
      { kind: 'run', step: { run: p.profile, connector: p.connector } },
      onObjects ? (done) => onObjects(done) : undefined,
    );
    if (!r.ok) return { ok: false, messages: r.messages };
  } finally {
    running = undefined;
  }
  const after = engineOf(session);
  const record = session.runs().at(-1);
  if (!record || after.runs.size === runsBefore) return { ok: true };
  timesOf(after).set(record.index, { start, end: Date.now() });
  const stored = after.runs.get(record.index);
  if (stored) partitionSplit(after, stored, before);
  return { ok: true, run: summary(after, record) };
}

// ------------------------------------------------------------------------------ partitions

/** A run's counted objects, per partition (the engine counts per run, not per partition). */
interface PartitionSplit {
  partitions: string[];
  /** partition -> statistic -> connector-space ids */
  ids: Map<string, Map<string, string[]>>;
  /** statistic -> how many of its count no step holds */
  unattributed: Map<string, number>;
}

const splits = new WeakMap<RunRecord, PartitionSplit | null>();

const ldapKey = (ldap: string) => ldap.replace(/\s*([,=])\s*/g, '$1').toLowerCase();

/** The partitions of a connector: each domain of an AD forest (the root first); none for Entra ID. */
function partitionsOf(e: SyncEngine, connector: string): string[] {
  const forest = e.connector(connector)?.forest;
  if (!forest) return [];
  const name = forest.name.toLowerCase();
  const spec = workspaceState()?.scenario.forests.find((f) => f.name.toLowerCase() === name);
  return [forest.name, ...(spec?.domains ?? []).map((d) => d.name)].map((d) =>
    d
      .split('.')
      .map((label) => `DC=${label}`)
      .join(','),
  );
}

/**
 * Before a synchronization or export of a connector with several partitions: the DN that places
 * each object the run may delete or disconnect (the connector's objects, and the objects of other
 * connector spaces joined to the same metaverse objects).
 */
function placesBefore(e: SyncEngine, connector: string): Map<string, string> | undefined {
  if (partitionsOf(e, connector).length < 2) return undefined;
  const places = new Map<string, string>();
  for (const id of e.csIds(connector)) {
    const cs = e.cs.get(id);
    if (!cs) continue;
    places.set(id, cs.dn);
    const mv = cs.mvId ? e.mv.get(cs.mvId) : undefined;
    for (const other of mv?.connectors ?? []) if (other !== id) places.set(other, cs.dn);
  }
  return places;
}

/**
 * The DN that places a counted object in a partition of the run's connector: its own, or, for an
 * object of another connector space (outbound statistics), that of the object of the run's
 * connector joined to the same metaverse object; failing that, where it was before the run.
 */
function placingDn(
  e: SyncEngine,
  connector: string,
  csId: string,
  before: Map<string, string> | undefined,
): string | undefined {
  const cs = e.cs.get(csId);
  if (cs?.connector === connector) return cs.dn;
  const mv = cs?.mvId ? e.mv.get(cs.mvId) : undefined;
  for (const id of mv?.connectors ?? []) {
    const o = e.cs.get(id);
    if (o?.connector === connector) return o.dn;
  }
  return before?.get(csId);
}

/**
 * Splits a run's statistics per partition from the objects' DNs; null when the connector has a
 * single partition. Computed once per run, right after it when the worker ran it (with where the
 * objects were before it, so that those it deleted or disconnected are placed too). A count stays
 * unattributed when the run did not keep all its objects (the engine keeps the first 10,000 per
 * statistic) or, for a run replayed from a saved workspace, when an object can no longer be placed
 * (deleted or disconnected since).
 */
function partitionSplit(
  e: SyncEngine,
  run: RunRecord,
  before?: Map<string, string>,
): PartitionSplit | null {
  const known = splits.get(run);
  if (known !== undefined) return known;
  const partitions = partitionsOf(e, run.connector);
  let split: PartitionSplit | null = null;
  if (partitions.length > 1) {
    const byKey = new Map(partitions.map((p) => [ldapKey(p), p]));
    const ids = new Map(partitions.map((p) => [p, new Map<string, string[]>()]));
    const unattributed = new Map<string, number>();
    for (const row of runStatistics(run)) {
      let placed = 0;
      for (const id of run.changed[row.stat] ?? []) {
        const dn = placingDn(e, run.connector, id, before);
        const p = dn === undefined ? undefined : byKey.get(ldapKey(domainLdapOf(dn)));
        const perStat = p === undefined ? undefined : ids.get(p);
        if (!perStat) continue;
        let list = perStat.get(row.stat);
        if (!list) perStat.set(row.stat, (list = []));
        list.push(id);
        placed++;
      }
      if (row.count > placed) unattributed.set(row.stat, row.count - placed);
    }
    split = { partitions, ids, unattributed };
  }
  splits.set(run, split);
  return split;
}

function stepsOf(e: SyncEngine, run: RunRecord): Pick<RunDetailDto, 'steps' | 'unattributed'> {
  const split = partitionSplit(e, run);
  if (!split) return {};
  const rows = runStatistics(run);
  const unattributed = rows
    .filter((r) => split.unattributed.has(r.stat))
    .map((r) => ({ ...r, count: split.unattributed.get(r.stat) ?? 0 }));
  return {
    steps: split.partitions.map((partition, i) => ({
      step: i + 1,
      partition,
      statistics: rows.map((r) => ({
        ...r,
        count: split.ids.get(partition)?.get(r.stat)?.length ?? 0,
      })),
    })),
    ...(unattributed.length > 0 ? { unattributed } : {}),
  };
}

/** Puts the engine back before the run being stepped and forgets it. */
function dropActive(session: Session): void {
  const a = stepper.active;
  stepper.active = undefined;
  if (a && session.engineState() === a.engine) session.restore(a.mark);
}

/** Ends the run being stepped: replayed as a whole through the action log. */
async function finishActive(session: Session): Promise<StepResultDto> {
  const a = stepper.active;
  if (!a) return { completed: [], finished: false, messages: [] };
  dropActive(session);
  const r = await runOne(session, a);
  if (!r.ok) return { completed: [], finished: false, messages: r.messages };
  if (r.run) timesOf(engineOf(session)).set(r.run.index, { start: a.start, end: Date.now() });
  stepper.position++;
  stepper.positions.set(cursor(), stepper.position);
  const e = engineOf(session);
  const record = session.runs().at(-1);
  return {
    completed: record ? [summary(e, record)] : [],
    finished: stepper.position >= planProfiles(e).length,
    messages: [],
  };
}

/** Starts stepping the plan's next run profile; false when the plan is done. */
function beginActive(session: Session): boolean {
  const e = engineOf(session);
  const p = planProfiles(e)[stepper.position];
  if (!p) return false;
  const before = Math.max(0, ...session.snapshots().map((s) => s.id));
  const total = profileWorkload(e, p.connector, p.profile);
  session.beginSteps({ run: p.profile, connector: p.connector }, { trace: true });
  // The first step opens the run (and marks the point before it).
  session.nextStep();
  const mark = session.snapshots().find((s) => s.id > before)?.id;
  if (mark === undefined) throw new Error('The engine made no snapshot before the run.');
  stepper.active = {
    engine: e,
    connector: p.connector,
    profile: p.profile,
    mark,
    start: Date.now(),
    total,
    objects: [],
  };
  return true;
}

/** The timeline's words for an object step: the operation of an import or export, and the DN. */
function objectText(ev: Extract<StepEventDto, { kind: 'object' }>): string {
  const imported = ev.importTrace;
  if (imported) return `${imported.operation} ${imported.dn}`;
  const exported = ev.exportTrace;
  if (!exported) return ev.dn;
  const what = exported.deferredReferences ? 'Update (references)' : exported.operation;
  const failed = exported.result.status === 'error' ? ' (error)' : '';
  return `${what} ${exported.dn}${failed}`;
}

/**
 * Advances the run being stepped to its next object; null when the run has no more objects. An
 * import's objects without a change are not steps: they pass by as progress events.
 */
function nextObject(session: Session): StepEventDto | null {
  for (;;) {
    const ev = session.nextStep();
    if (!ev) return null;
    if (ev.kind === 'object') {
      stepper.active?.objects.push({ csId: ev.csId, dn: ev.dn, text: objectText(ev) });
      return ev;
    }
  }
}

function stepperDto(session: Session): StepperDto {
  const e = session.engineState();
  const log = workspaceApi.changeLog().entries.filter((x) => x.applied);
  const timeline: TimelineEntryDto[] = log.map((x) => ({
    id: `action:${x.index}`,
    text: x.text,
    kind: 'action',
  }));
  const a = stepper.active;
  if (a) {
    timeline.push({ id: 'object:0', text: `${a.connector}: ${a.profile} started`, kind: 'object' });
    a.objects.forEach((o, i) =>
      timeline.push({ id: `object:${i + 1}`, text: `Object ${i + 1}: ${o.text}`, kind: 'object' }),
    );
  }
  return {
    plan: stepper.plan,
    position: stepper.position,
    profiles: e ? planProfiles(e) : [],
    ...(a
      ? {
          active: {
            connector: a.connector,
            profile: a.profile,
            objects: a.objects.length,
            total: a.total,
          },
        }
      : {}),
    timeline,
  };
}

const TYPE_NAMES: Record<string, string> = {
  AD: 'Active Directory Domain Services',
  AAD: 'Microsoft Entra ID (Microsoft)',
};

function overview(): SyncOverviewDto {
  const session = currentSession();
  const e = engineOf(session);
  const runs = session.runs();
  const fullSync = new Set(rulesApi.rulesFullSyncRequired().map((n) => n.toLowerCase()));
  const connectors = e.connectors.map((c): ConnectorStatusDto => {
    const mine = runs.filter((r) => r.connector === c.name);
    const last = mine.at(-1);
    const stepping = stepper.active?.connector === c.name;
    return {
      name: c.name,
      kind: c.kind,
      type: TYPE_NAMES[c.kind] ?? c.kind,
      state: running === c.name || stepping ? 'Running' : 'Idle',
      objects: e.csIds(c.name).size,
      pendingImports: e.pendingImportIds(c.name).size,
      pendingExports: e.pendingExportIds(c.name).size,
      ...(last ? { lastRun: summary(e, last) } : {}),
      fullImportRequired:
        !mine.some((r) => r.profile === 'Full Import') ||
        fullImportRequiredByConfiguration(e, c.name),
      fullSyncRequired:
        fullSync.has(c.name.toLowerCase()) ||
        !mine.some((r) => r.profile === 'Full Synchronization'),
    };
  });
  const tenant: TenantSummaryDto = { users: 0, groups: 0, contacts: 0, devices: 0 };
  for (const o of e.tenant.objects()) {
    if (o.objectType === 'user') tenant.users++;
    else if (o.objectType === 'group') tenant.groups++;
    else if (o.objectType === 'contact') tenant.contacts++;
    else tenant.devices++;
  }
  return { connectors, tenant, stepper: stepperDto(session) };
}

/** Stepping first puts the engine back before the run, which would take an edit made meanwhile. */
const STEPPING = 'Finish or rewind the run being stepped first.';

guardEdits(() =>
  stepper.active && stepper.active.engine === currentSession().engineState() ? STEPPING : undefined,
);

const stepRefused = (message: string): StepResultDto => ({
  completed: [],
  finished: false,
  messages: [message],
});

/** A cycle or one run profile: each run profile is an action of the workspace's log. */
async function runSteps(step: RunStep, onProgress?: ProgressCallback): Promise<SyncRunResultDto> {
  const session = currentSession();
  if (stepper.active) dropActive(session);
  const e = engineOf(session);
  const profiles =
    'cycle' in step
      ? e.cycleProfiles(step.cycle)
      : [{ connector: step.connector, profile: step.run }];
  cancelled = false;
  const out: SyncRunResultDto = { ok: true, runs: [], cancelled: false, messages: [] };
  for (const [i, p] of profiles.entries()) {
    if (cancelled) {
      out.cancelled = true;
      break;
    }
    const total = profileWorkload(engineOf(session), p.connector, p.profile);
    // At most one progress message per PROGRESS_INTERVAL_MS: each one crosses to the page.
    let reported = -Infinity;
    const report = (objects: number) => {
      // An import's total is the directory's size; the deletions it finds come on top.
      const done = Math.min(objects, total);
      const t = Date.now();
      if (done !== 0 && done !== total && t - reported < PROGRESS_INTERVAL_MS) return;
      reported = t;
      onProgress?.({ ...p, step: i + 1, steps: profiles.length, done, total });
    };
    report(0);
    const r = await runOne(session, p, report);
    if (!r.ok) {
      out.ok = false;
      out.messages.push(...r.messages);
      break;
    }
    if (r.run) out.runs.push(r.run);
    report(total);
    if (r.run?.status === 'stopped-user-cancelled') out.cancelled = true;
  }
  return out;
}

/** Runs the plan's next run profile (or finishes the one being stepped). */
async function stepProfile(): Promise<StepResultDto> {
  const session = currentSession();
  if (stepper.active) return finishActive(session);
  const e = engineOf(session);
  const p = planProfiles(e)[stepper.position];
  if (!p) return { completed: [], finished: true, messages: ['The cycle is complete.'] };
  const r = await runOne(session, p);
  if (!r.ok) return { completed: [], finished: false, messages: r.messages };
  stepper.position++;
  stepper.positions.set(cursor(), stepper.position);
  return {
    completed: r.run ? [r.run] : [],
    finished: stepper.position >= planProfiles(engineOf(session)).length,
    messages: [],
  };
}

/** Processes the next object of the run being stepped (starting it first). */
async function stepObject(): Promise<StepResultDto> {
  const session = currentSession();
  if (stepper.active && session.engineState() !== stepper.active.engine) stepper.active = undefined;
  if (!stepper.active && !beginActive(session))
    return { completed: [], finished: true, messages: ['The cycle is complete.'] };
  const ev = nextObject(session);
  if (ev) return { event: ev, completed: [], finished: false, messages: [] };
  return finishActive(session);
}

/** Goes back to just before a timeline entry. */
async function rewind(entryId: string): Promise<{ ok: boolean; messages: string[] }> {
  const session = currentSession();
  const [kind, n] = entryId.split(':');
  const k = Number(n);
  if (!Number.isInteger(k) || k < 0) return { ok: false, messages: ['No such step.'] };
  if (kind === 'object') {
    const a = stepper.active;
    if (!a || k > a.objects.length) return { ok: false, messages: ['No such object step.'] };
    dropActive(session);
    if (k === 0) return { ok: true, messages: [] };
    // Deterministic: stepping again from the start of the run reaches the same state.
    beginActive(session);
    for (let i = 1; i < k; i++) nextObject(session);
    return { ok: true, messages: [] };
  }
  if (kind !== 'action' || k < 1)
    return { ok: false, messages: ['The opening of the workspace cannot be rewound.'] };
  if (stepper.active) dropActive(session);
  while (cursor() > k) {
    const r = await undoInChange();
    if (!r.ok) return { ok: false, messages: r.messages };
  }
  stepper.position = stepper.positions.get(cursor()) ?? 0;
  return { ok: true, messages: [] };
}

export const syncApi: SyncApi = {
  syncOverview: overview,

  syncRun: (step, onProgress) =>
    oneChangeAtATime(
      'cycle' in step ? `the ${step.cycle} cycle` : `the ${step.run} of ${step.connector}`,
      (message) => ({ ok: false, runs: [], cancelled: false, messages: [message] }),
      () => runSteps(step, onProgress),
    ),

  syncCancel() {
    cancelled = true;
    workspaceApi.cancelWork();
  },

  syncRuns() {
    const session = currentSession();
    const e = engineOf(session);
    return session.runs().map((r) => summary(e, r));
  },

  syncRunDetail(index) {
    const session = currentSession();
    const e = engineOf(session);
    const r = e.runs.get(index);
    if (!r) return null;
    return structuredClone({
      ...summary(e, r),
      statistics: runStatistics(r),
      ...stepsOf(e, r),
      errorDetails: r.errors.slice(0, 500).map((x) => explainRunError(e, x)),
      ...(r.message ? { message: r.message } : {}),
    });
  },

  syncRunObjects(index, stat, offset, limit, partition) {
    const e = engineOf(currentSession());
    const r = e.runs.get(index);
    if (!r) return { total: 0, rows: [] };
    // A step's objects: the run as if it had counted only those.
    const of =
      partition === undefined
        ? r
        : { ...r, changed: { [stat]: partitionSplit(e, r)?.ids.get(partition)?.get(stat) ?? [] } };
    const page = runObjects(e, of, stat, offset, limit);
    const gone = departed.get(e);
    return {
      total: page.total,
      rows: page.rows.map((o) => (o.exists ? o : (gone?.get(o.csId) ?? o))),
    };
  },

  syncSearch(request) {
    return searchConnectorSpace(engineOf(currentSession()), request);
  },

  syncCsObject(id) {
    const session = currentSession();
    const cs = session.csObject(id);
    if (!cs) return null;
    const mv = cs.mvId ? engineOf(session).mv.get(cs.mvId) : undefined;
    const name = mv?.attributes.displayName;
    return {
      ...cs,
      ...(mv
        ? {
            mvSummary: {
              id: mv.id,
              objectType: mv.objectType,
              ...(typeof name === 'string' ? { displayName: name } : {}),
              connectors: mv.connectors.length,
            },
          }
        : {}),
    };
  },

  async syncPreview(csId, mode, commit) {
    const session = currentSession();
    if (stepper.active) return { trace: null, messages: [STEPPING] };
    // Generated in memory first, for the trace; the engine is deterministic, so committing the
    // same preview through the action log reaches the state the trace shows.
    const trace = session.preview(csId, { mode, commit: false });
    if (!trace)
      return { trace: null, messages: ['The object no longer exists in the connector space.'] };
    if (!commit) return { trace, messages: [] };
    const cs = engineOf(session).cs.get(csId);
    if (!cs)
      return { trace: null, messages: ['The object no longer exists in the connector space.'] };
    const r = await applyAction({
      kind: 'preview-commit',
      connector: cs.connector,
      csId,
      dn: cs.dn,
      mode,
    });
    return r.ok ? { trace, messages: [] } : { trace: null, messages: r.messages };
  },

  syncFlowGraph(target) {
    return flowGraph(engineOf(currentSession()), target);
  },

  syncSetPlan(plan) {
    const session = currentSession();
    if (plan !== stepper.plan) {
      if (stepper.active) dropActive(session);
      stepper.plan = plan;
      stepper.position = 0;
      stepper.positions = new Map();
    }
    return stepperDto(session);
  },

  syncStep: () => oneChangeAtATime('the next run profile', stepRefused, stepProfile),

  syncStepObject: () => oneChangeAtATime('the object step', stepRefused, stepObject),

  syncRewind: (entryId) =>
    oneChangeAtATime(
      'the rewind',
      (message) => ({ ok: false, messages: [message] }),
      () => rewind(entryId),
    ),
};
