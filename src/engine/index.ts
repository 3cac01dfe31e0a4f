/**
 * The engine's one public surface: a session the worker exposes with comlink. Every argument and
 * result is plain data (no classes, no functions), so it survives structured cloning.
 *
 * @example
 * const session = createSession();
 * const loaded = session.load(text);
 * if (loaded.ok) {
 *   await session.runSteps();
 *   session.search({ scope: 'metaverse', objectType: 'person', limit: 50 });
 * }
 */
import { compileExpression } from './expr/index.ts';
import { AUTHORITATIVE_NULL, IGNORE_THIS_FLOW, type FlowValue, type Value } from './expr/values.ts';
import type { JsonData } from './io/json-text.ts';
import { encodeJsonValue } from './io/json-values.ts';
import {
  formatScenarioError,
  parseScenario,
  serializeScenario,
  type Scenario,
  type ScenarioError,
  type ScenarioStep,
} from './io/scenario.ts';
import { search, type SearchRequest, type SearchResult } from './query/search.ts';
import { compileRule, type RuleDiagnostic } from './rules/compiled.ts';
import type { SyncRule } from './rules/model.ts';
import type { SyncEngine } from './sync/engine.ts';
import type { SnapshotInfo } from './sync/journal.ts';
import type { CsObject, LineageEntry, RunProfileName, RunRecord } from './sync/model.ts';
import { toResultDocument, type ResultDocument } from './sync/result.ts';
import { createEngine, scenarioStepEvents, type StepOutcome } from './sync/scenario-runner.ts';
import {
  objectsDone,
  type ExportTrace,
  type ImportTrace,
  type ObjectTrace,
  type StepEvent,
} from './sync/trace.ts';
import { displayValue, type AttributeChange } from './sync/value-keys.ts';

export type { SearchRequest, SearchResult, SearchRow, SearchClause } from './query/search.ts';
export type { ResultDocument } from './sync/result.ts';
export type { RunRecord, RunProfileName, RunCounts, RunStatus } from './sync/model.ts';
export type { SnapshotInfo } from './sync/journal.ts';
export { toResultDocument } from './sync/result.ts';
export { createEngine, runScenarioSteps } from './sync/scenario-runner.ts';

// ------------------------------------------------------------------------------------ DTOs

export interface ChangeDto {
  attribute: string;
  kind: AttributeChange['kind'];
  oldValue?: JsonData;
  newValue?: JsonData;
}

export interface ObjectTraceDto extends Omit<
  ObjectTrace,
  'mvChanges' | 'importFlows' | 'outbound'
> {
  mvChanges: ChangeDto[];
  importFlows: (Omit<ObjectTrace['importFlows'][number], 'value'> & { value: JsonData })[];
  outbound: (Omit<ObjectTrace['outbound'][number], 'changes'> & { changes: ChangeDto[] })[];
}

/** What an import staged for one object, as plain data. */
export type ImportTraceDto = Omit<ImportTrace, 'changes'> & { changes: ChangeDto[] };
/** What an export sent for one object and the answer, as plain data. */
export type ExportTraceDto = Omit<ExportTrace, 'changes'> & { changes: ChangeDto[] };

export type StepEventDto =
  | Exclude<StepEvent, { kind: 'object' }>
  | (Omit<Extract<StepEvent, { kind: 'object' }>, 'trace' | 'importTrace' | 'exportTrace'> & {
      trace?: ObjectTraceDto;
      importTrace?: ImportTraceDto;
      exportTrace?: ExportTraceDto;
    });

export interface ProgressDto {
  connector: string;
  profile: RunProfileName;
  objects: number;
}

export interface MvAttributeDto {
  name: string;
  value: JsonData;
  display: string;
  connector?: string;
  ruleName?: string;
  precedence?: number;
  contributors?: { connector: string; ruleName: string; precedence: number }[];
  losing: {
    connector: string;
    ruleName: string;
    precedence: number;
    value: string;
    reason: string;
  }[];
}

export interface MvDetailDto {
  id: string;
  objectType: string;
  attributes: MvAttributeDto[];
  connectors: {
    csId: string;
    connector: string;
    dn: string;
    objectType: string;
    link?: LineageEntry;
  }[];
}

export interface CsDetailDto {
  id: string;
  connector: string;
  dn: string;
  anchor?: string;
  objectType: string;
  state: CsObject['state'];
  attributes: Record<string, JsonData>;
  pendingImport?: { type: string; changes: ChangeDto[] };
  pendingExport?: { type: string; dn: string; changes: ChangeDto[] };
  exportMemory?: Record<string, JsonData>;
  mvId?: string;
  link?: LineageEntry;
  lineage: LineageEntry[];
  passwordSync: boolean;
  syncError?: { type: string; message: string };
  exportError?: { type: string; message: string };
}

export type LoadResult =
  | {
      ok: true;
      name: string;
      connectors: { name: string; kind: string }[];
      rules: number;
      steps: number;
    }
  | { ok: false; errors: ScenarioError[]; messages: string[] };

export type EvaluateOnObjectResult =
  | { value: JsonData }
  | { error: { type: string; message: string } }
  | { diagnostics: { message: string; start: number; end: number; severity: string }[] };

export interface RunOptions {
  /** Per-object steps carry a full trace (slower; for the step-by-step view). */
  trace?: boolean;
  onProgress?: (p: ProgressDto) => void;
}

// ------------------------------------------------------------------------------------ helpers

function jsonOf(v: FlowValue | undefined): JsonData {
  if (v === undefined) return null;
  return encodeJsonValue(v) as JsonData;
}

function changesDto(changes: readonly AttributeChange[]): ChangeDto[] {
  return changes.map((c) => ({
    attribute: c.attribute,
    kind: c.kind,
    ...(c.oldValue !== undefined ? { oldValue: jsonOf(c.oldValue) } : {}),
    ...(c.newValue !== undefined ? { newValue: jsonOf(c.newValue) } : {}),
  }));
}

/** Converts a trace to plain data. */
export function traceDto(t: ObjectTrace): ObjectTraceDto {
  return {
    ...t,
    rulesInScope: t.rulesInScope.map((r) => ({ ...r })),
    mvChanges: changesDto(t.mvChanges),
    importFlows: t.importFlows.map((f) => ({
      ...f,
      value:
        f.value === 'AuthoritativeNull'
          ? jsonOf(AUTHORITATIVE_NULL)
          : f.value === 'IgnoreThisFlow'
            ? jsonOf(IGNORE_THIS_FLOW)
            : jsonOf(f.value as Value | null),
    })),
    outbound: t.outbound.map((o) => ({ ...o, changes: changesDto(o.changes) })),
    ...(t.error ? { error: { ...t.error } } : {}),
  };
}

function eventDto(ev: StepEvent): StepEventDto {
  if (ev.kind !== 'object') return { ...ev };
  const { trace, importTrace, exportTrace, ...rest } = ev;
  return {
    ...rest,
    ...(trace ? { trace: traceDto(trace) } : {}),
    ...(importTrace
      ? { importTrace: { ...importTrace, changes: changesDto(importTrace.changes) } }
      : {}),
    ...(exportTrace
      ? {
          exportTrace: {
            ...exportTrace,
            changes: changesDto(exportTrace.changes),
            result: { ...exportTrace.result },
          },
        }
      : {}),
  };
}

function bagDto(bag: Record<string, Value | undefined>): Record<string, JsonData> {
  const out: Record<string, JsonData> = {};
  for (const k of Object.keys(bag).sort()) {
    const v = bag[k];
    if (v !== undefined) out[k] = jsonOf(v);
  }
  return out;
}

function runDto(r: RunRecord): RunRecord {
  return structuredClone(r);
}

const CHUNK = 500;

// ------------------------------------------------------------------------------------ session

/** One loaded scenario and its engine. */
export class Session {
  private engine: SyncEngine | undefined;
  private scenario: Scenario | undefined;
  private cancelRequested = false;
  private stepping: { gen: Generator<StepEvent, StepOutcome>; trace: boolean } | undefined;
  private adOrder: string[] | undefined;

  private get e(): SyncEngine {
    if (!this.engine) throw new Error('No scenario is loaded.');
    return this.engine;
  }

  /** Loads a scenario file's text; nothing is loaded when it has errors. */
  load(text: string, options: { adOrder?: string[] } = {}): LoadResult {
    const parsed = parseScenario(text);
    if (!parsed.ok) {
      return {
        ok: false,
        errors: parsed.errors,
        messages: parsed.errors.map((e) => formatScenarioError(e)),
      };
    }
    return this.loadScenario(parsed.scenario, options);
  }

  /** Loads a parsed scenario. */
  loadScenario(scenario: Scenario, options: { adOrder?: string[] } = {}): LoadResult {
    this.scenario = scenario;
    this.engine = createEngine(scenario);
    this.adOrder = options.adOrder;
    this.stepping = undefined;
    this.engine.journal.mark('Scenario loaded');
    return {
      ok: true,
      name: scenario.name,
      connectors: this.engine.connectors.map((c) => ({ name: c.name, kind: c.kind })),
      rules: this.engine.rules.size,
      steps: scenario.steps.length,
    };
  }

  /**
   * Takes over an engine built elsewhere (a workspace replayed on the side, so that the open one
   * is only replaced once the replay worked), with the scenario it was built from.
   */
  adoptEngine(scenario: Scenario, engine: SyncEngine): void {
    this.scenario = scenario;
    this.engine = engine;
    this.adOrder = undefined;
    this.stepping = undefined;
  }

  /** The scenario with the current rules (custom rules = every rule that is not out-of-box). */
  save(): string {
    if (!this.scenario) throw new Error('No scenario is loaded.');
    const rules = [...this.e.rules.values()];
    const custom = rules.filter((r) => !r.immutableTag);
    const disable = rules.filter((r) => r.immutableTag && r.disabled).map((r) => r.name);
    return serializeScenario({
      ...this.scenario,
      rules: { ...this.scenario.rules, custom, disable },
    });
  }

  /**
   * The engine behind the session, for the worker's adapters that show and edit the forests and
   * the tenant (src/engine/io/workspace-apply.ts); undefined before a scenario is loaded.
   *
   * @example
   * session.engineState()?.forests.get('contoso.com')?.size
   */
  engineState(): SyncEngine | undefined {
    return this.engine;
  }

  /** Asks the running run profile or cycle to stop after the current object. */
  cancel(): void {
    this.cancelRequested = true;
  }

  private async drive(
    gen: Generator<StepEvent, StepOutcome | RunRecord>,
    options: RunOptions,
  ): Promise<StepOutcome | RunRecord> {
    this.cancelRequested = false;
    let n = 0;
    for (;;) {
      const r = gen.next();
      if (r.done) return r.value;
      const ev = r.value;
      if (ev.kind === 'run-start') this.e.journal.mark(`${ev.connector}: ${ev.profile}`);
      const before = n;
      n += objectsDone(ev);
      if (Math.floor(n / CHUNK) > Math.floor(before / CHUNK)) {
        options.onProgress?.({ connector: ev.connector, profile: ev.profile, objects: n });
        // Yield to the event loop so that a cancel message can arrive.
        await new Promise((res) => setTimeout(res, 0));
      }
    }
  }

  /** Runs one run profile. */
  async runProfile(
    connector: string,
    profile: RunProfileName,
    options: RunOptions = {},
  ): Promise<RunRecord> {
    const e = this.e;
    const gen = e.runProfileSteps(connector, profile, { isCancelled: () => this.cancelRequested });
    return runDto((await this.drive(gen, options)) as RunRecord);
  }

  /** Runs a cycle in the scheduler's order. */
  async runCycle(kind: 'initial' | 'delta', options: RunOptions = {}): Promise<RunRecord[]> {
    return this.runStep({ cycle: kind }, options);
  }

  /** Runs one scenario step (cycle, run profile or directory/tenant change). */
  async runStep(step: ScenarioStep, options: RunOptions = {}): Promise<RunRecord[]> {
    if (!('cycle' in step) && !('run' in step))
      this.e.journal.mark(`Change: ${Object.keys(step)[0]}`);
    const gen = scenarioStepEvents(this.e, step, {
      adOrder: this.adOrder,
      isCancelled: () => this.cancelRequested,
    });
    const out = (await this.drive(gen, options)) as StepOutcome;
    if (!out.ok) throw new Error(out.message);
    return out.runs.map(runDto);
  }

  /** Runs the scenario's own steps. */
  async runSteps(options: RunOptions = {}): Promise<RunRecord[]> {
    const runs: RunRecord[] = [];
    for (const s of this.scenario?.steps ?? []) runs.push(...(await this.runStep(s, options)));
    return runs;
  }

  /**
   * Step by step: `beginSteps` prepares a step (a cycle, a run profile ...), each `nextStep` runs
   * one object (snapshotting before it) and returns what happened; `null` when finished.
   */
  beginSteps(step: ScenarioStep, options: { trace?: boolean } = {}): void {
    const trace = options.trace ?? true;
    this.stepping = {
      gen: scenarioStepEvents(this.e, step, { adOrder: this.adOrder, trace }),
      trace,
    };
  }

  nextStep(): StepEventDto | null {
    const s = this.stepping;
    if (!s) return null;
    const label = 'Step';
    this.e.journal.mark(label);
    const r = s.gen.next();
    if (r.done) {
      this.stepping = undefined;
      return null;
    }
    return eventDto(r.value);
  }

  /** Every restorable point, oldest first. */
  snapshots(): SnapshotInfo[] {
    return this.e.journal.list();
  }

  /** Restores an earlier point; anything after it is forgotten. */
  restore(id: number): boolean {
    const e = this.e;
    const side = e.journal.restore(id);
    if (!side) return false;
    const tenant = side.get('tenant');
    if (tenant) e.tenant = tenant as SyncEngine['tenant'];
    this.stepping = undefined;
    return true;
  }

  /** Paged, sorted search over the metaverse or a connector space. */
  search(req: SearchRequest): SearchResult {
    return search(this.e, req);
  }

  /** Metaverse object properties: attributes with provenance, and connectors. */
  mvObject(id: string): MvDetailDto | undefined {
    const e = this.e;
    const mv = e.mv.get(id);
    if (!mv) return undefined;
    const provenance = e.provenance(id);
    const attributes = Object.keys(mv.attributes)
      .sort()
      .map((name): MvAttributeDto => {
        const v = mv.attributes[name] as Value;
        const p = provenance[name];
        return {
          name,
          value: jsonOf(v),
          display: displayValue(v),
          ...(p
            ? {
                connector: p.connector,
                ruleName: p.ruleName,
                precedence: p.precedence,
                ...(p.contributors
                  ? {
                      contributors: p.contributors.map((c) => ({
                        connector: c.connector,
                        ruleName: c.ruleName,
                        precedence: c.precedence,
                      })),
                    }
                  : {}),
              }
            : {}),
          losing: (p?.losing ?? []).map((l) => ({
            connector: l.connector,
            ruleName: l.ruleName,
            precedence: l.precedence,
            value: l.value,
            reason: l.reason,
          })),
        };
      });
    const connectors = mv.connectors
      .map((csId) => e.cs.get(csId))
      .filter((c): c is CsObject => c !== undefined)
      .map((c) => ({
        csId: c.id,
        connector: c.connector,
        dn: c.dn,
        objectType: c.objectType,
        ...(c.link ? { link: { ...c.link } } : {}),
      }));
    return { id: mv.id, objectType: mv.objectType, attributes, connectors };
  }

  /** Connector space object properties: import, export, lineage and errors. */
  csObject(id: string): CsDetailDto | undefined {
    const cs = this.e.cs.get(id);
    if (!cs) return undefined;
    return structuredClone({
      id: cs.id,
      connector: cs.connector,
      dn: cs.dn,
      ...(cs.anchor !== undefined ? { anchor: cs.anchor } : {}),
      objectType: cs.objectType,
      state: cs.state,
      attributes: bagDto(cs.attributes),
      ...(cs.pendingImport
        ? {
            pendingImport: {
              type: cs.pendingImport.type,
              changes: changesDto(cs.pendingImport.changes),
            },
          }
        : {}),
      ...(cs.pendingExport
        ? {
            pendingExport: {
              type: cs.pendingExport.type,
              dn: cs.pendingExport.dn,
              changes: changesDto(cs.pendingExport.changes),
            },
          }
        : {}),
      ...(cs.exportMemory ? { exportMemory: bagDto(cs.exportMemory) } : {}),
      ...(cs.mvId ? { mvId: cs.mvId } : {}),
      ...(cs.link ? { link: cs.link } : {}),
      lineage: [...(cs.link ? [cs.link] : []), ...cs.lineage, ...cs.outLineage],
      passwordSync: cs.passwordSync,
      ...(cs.syncError ? { syncError: cs.syncError } : {}),
      ...(cs.exportError ? { exportError: cs.exportError } : {}),
    });
  }

  /** Every rule (out-of-box and custom), in precedence order. */
  rules(): SyncRule[] {
    return structuredClone([...this.e.rules.values()].sort((a, b) => a.precedence - b.precedence));
  }

  /** Creates or replaces a rule; returns its diagnostics (the editor warns but still saves). */
  putRule(rule: SyncRule): RuleDiagnostic[] {
    const copy = structuredClone(rule);
    this.e.journal.mark(`Rule saved: ${rule.name}`);
    this.e.putRule(copy);
    return structuredClone(compileRule(copy).diagnostics);
  }

  deleteRule(id: string): boolean {
    if (!this.e.rules.has(id)) return false;
    this.e.journal.mark('Rule deleted');
    this.e.deleteRule(id);
    return true;
  }

  /**
   * Preview of one connector-space object: full or delta synchronization, generated in memory (the
   * state is restored afterwards) or committed.
   */
  preview(
    csId: string,
    options: { mode: 'full' | 'delta'; commit: boolean },
  ): ObjectTraceDto | undefined {
    const e = this.e;
    const wasEnabled = e.journal.enabled;
    e.journal.enabled = true;
    const mark = e.journal.mark(options.commit ? `Preview committed: ${csId}` : 'Preview');
    try {
      const trace = e.previewObject(csId, options.mode === 'full');
      return trace ? traceDto(trace) : undefined;
    } finally {
      if (!options.commit) e.journal.restore(mark, false);
      e.journal.enabled = wasEnabled;
    }
  }

  /** Evaluates an expression against a connector-space object (or a metaverse object). */
  evaluate(
    expression: string,
    target: { csId: string } | { mvId: string },
  ): EvaluateOnObjectResult {
    const c = compileExpression(expression);
    if (!c.ok)
      return {
        diagnostics: c.diagnostics.map((d) => ({
          message: d.message,
          start: d.start,
          end: d.end,
          severity: d.severity,
        })),
      };
    const e = this.e;
    const ctx =
      'csId' in target
        ? e.expressionContext(target.csId)
        : (() => {
            const mv = e.mv.get(target.mvId);
            return mv ? { attributes: mv.attributes, clock: e.clock, random: e.random } : undefined;
          })();
    if (!ctx) return { error: { type: 'not-found', message: 'No such object.' } };
    const r = c.evaluate(ctx);
    return r.ok ? { value: jsonOf(r.value) } : { error: { ...r.error } };
  }

  /** Run history, oldest first. */
  runs(): RunRecord[] {
    return [...this.e.runs.values()].sort((a, b) => a.index - b.index).map(runDto);
  }

  /** The result document of DESIGN.md §2. */
  result(): ResultDocument {
    return toResultDocument(this.e);
  }
}

/** Creates an empty session. */
export function createSession(): Session {
  return new Session();
}
