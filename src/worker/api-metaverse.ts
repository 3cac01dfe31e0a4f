/**
 * The Metaverse browser's worker API: Metaverse Search (filtered, sorted and paged here, never in
 * the page), export, object properties with provenance and history, the two explanations, compare,
 * and running the open scenario's own steps. Methods only adapt the engine to plain DTOs.
 */
import type { CsDetailDto } from '../engine/index.ts';
import { whyNotInEntra, whyNotJoined, type Explanation } from '../engine/query/explain.ts';
import {
  compareMv,
  mvHistory,
  mvReport,
  type MvComparison,
  type MvHistory,
  type MvReport,
} from '../engine/query/mv-details.ts';
import {
  exportMetaverse,
  metaverseAttributeKinds,
  metaverseAttributeNames,
  metaverseObjectTypes,
  prepareMetaverseSearch,
  searchMetaverse,
  type MvAttributeKind,
  type MvSearchPage,
  type MvSearchRequest,
} from '../engine/query/mv-query.ts';
import type { SyncEngine } from '../engine/sync/engine.ts';
import { applyAction, workspaceState } from './api-workspace.ts';
import { currentSession } from './session.ts';

export type {
  Explanation,
  MvComparison,
  MvHistory,
  MvReport,
  MvSearchPage,
  MvSearchRequest,
  CsDetailDto,
};
export type {
  MvAttributeKind,
  MvClause,
  MvQuery,
  SearchOperator,
} from '../engine/query/mv-query.ts';

export interface MetaverseSummaryDto {
  total: number;
  objectTypes: { objectType: string; count: number }[];
  attributes: string[];
  /**
   * The kind of every metaverse schema attribute and of every attribute in use: the query builder
   * offers the operators the engine's table (mv-operators.ts) gives each kind.
   */
  attributeKinds: Record<string, MvAttributeKind>;
  /** The open scenario's own steps that can run from here (cycles and run profiles). */
  scenarioSteps: number;
}

export type MetaverseSearchDto = MvSearchPage & {
  /** Time the worker spent on the search, for the status line and the performance test. */
  elapsedMs: number;
};

export type RunStepsResultDto = { ok: true; steps: number } | { ok: false; messages: string[] };

export interface MetaverseApi {
  metaverseSummary(): MetaverseSummaryDto;
  metaverseSearch(request: MvSearchRequest): MetaverseSearchDto;
  /** Every result of the search as CSV or JSON text. */
  metaverseExport(request: MvSearchRequest, format: 'csv' | 'json'): string;
  metaverseObject(id: string): MvReport | null;
  metaverseHistory(id: string): MvHistory | null;
  metaverseWhyNotInEntra(id: string): Explanation;
  metaverseWhyNotJoined(csId: string): Explanation;
  /** The same question for an object named by connector and DN (disconnectors are not in the metaverse). */
  metaverseWhyNotJoinedByDn(connector: string, dn: string): Explanation;
  metaverseCompare(leftId: string, rightId: string): MvComparison | null;
  metaverseCsObject(csId: string): CsDetailDto | null;
  /** Runs the open scenario's steps, each as its own workspace action (one timeline step each). */
  metaverseRunScenarioSteps(): Promise<RunStepsResultDto>;
}

function engine(): SyncEngine | undefined {
  return currentSession().engineState();
}

const EMPTY: MvSearchPage = { total: 0, offset: 0, rows: [], ignored: [] };

let warming: ReturnType<typeof setTimeout> | undefined;

/** Records whose free text one idle slice builds (a few milliseconds each at 100,000 objects). */
const WARM_SLICE = 5_000;

/**
 * After answering, build the free text of every record while the worker is idle, a slice per
 * task, so that the first free-text search is fast and a search asked meanwhile waits for one
 * slice at most. Sorts and columns are built by the searches that need them.
 */
function warmUp(e: SyncEngine): void {
  if (warming !== undefined) clearTimeout(warming);
  const slice = () => {
    warming = undefined;
    if (engine() === e && !prepareMetaverseSearch(e, { text: true }, WARM_SLICE))
      warming = setTimeout(slice, 0);
  };
  warming = setTimeout(slice, 50);
}

function runnableSteps() {
  return (workspaceState()?.scenario.steps ?? []).filter(
    (s): s is Extract<typeof s, { cycle: unknown } | { run: unknown }> =>
      'cycle' in s || 'run' in s,
  );
}

export const metaverseApi: MetaverseApi = {
  metaverseSummary() {
    const e = engine();
    if (!e)
      return { total: 0, objectTypes: [], attributes: [], attributeKinds: {}, scenarioSteps: 0 };
    return {
      total: e.mv.size,
      objectTypes: metaverseObjectTypes(e),
      attributes: metaverseAttributeNames(e),
      attributeKinds: metaverseAttributeKinds(e),
      scenarioSteps: runnableSteps().length,
    };
  },
  metaverseSearch(request) {
    const e = engine();
    const start = performance.now();
    const page = e ? searchMetaverse(e, request) : EMPTY;
    const elapsedMs = performance.now() - start;
    if (e) warmUp(e);
    return { ...page, elapsedMs };
  },
  metaverseExport(request, format) {
    const e = engine();
    return e ? exportMetaverse(e, request, format) : '';
  },
  metaverseObject(id) {
    const e = engine();
    return (e && mvReport(e, id)) ?? null;
  },
  metaverseHistory(id) {
    const e = engine();
    return e && e.mv.has(id) ? mvHistory(e, id) : null;
  },
  metaverseWhyNotInEntra(id) {
    const e = engine();
    if (!e) return { fine: false, summary: 'No workspace is open.', details: [], rules: [] };
    return whyNotInEntra(e, id);
  },
  metaverseWhyNotJoined(csId) {
    const e = engine();
    if (!e) return { fine: false, summary: 'No workspace is open.', details: [], rules: [] };
    return whyNotJoined(e, csId);
  },
  metaverseWhyNotJoinedByDn(connector, dn) {
    const e = engine();
    const csId = e?.csIdByDn(connector, dn.trim());
    if (!e || !csId)
      return {
        fine: false,
        summary: `${connector} has no connector-space object with the DN ${dn.trim()}.`,
        details: [],
        rules: [],
      };
    return whyNotJoined(e, csId);
  },
  metaverseCompare(leftId, rightId) {
    const e = engine();
    return (e && compareMv(e, leftId, rightId)) ?? null;
  },
  metaverseCsObject(csId) {
    return engine() ? (currentSession().csObject(csId) ?? null) : null;
  },
  async metaverseRunScenarioSteps() {
    const all = workspaceState()?.scenario.steps ?? [];
    if (runnableSteps().length === 0)
      return { ok: false, messages: ['The open scenario has no cycle or run profile to run.'] };
    for (const [i, step] of all.entries()) {
      if (!('cycle' in step) && !('run' in step)) {
        // Directory and tenant changes are edits of the workspace, made where they belong.
        return {
          ok: false,
          messages: [
            `Steps 1 to ${i} ran. Step ${i + 1} changes the ${'tenant' in step ? 'tenant' : 'directory'}: make it in the Forests screen, then run the rest from the Sync screen.`,
          ],
        };
      }
      const r = await applyAction({ kind: 'run', step });
      if (!r.ok) return { ok: false, messages: [`Step ${i + 1} did not run:`, ...r.messages] };
    }
    return { ok: true, steps: all.length };
  },
};
