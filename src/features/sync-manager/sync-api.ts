/**
 * The Synchronization Service Manager's calls to the engine worker: a plain async function, a
 * query-options factory and a hook for each read; runs and steps are plain functions that
 * refresh every ['workspace', ...] query when they are done.
 */
import * as Comlink from 'comlink';
import { keepPreviousData, queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { afterChange } from '../../lib/workspace.ts';
import { getEngine } from '../../worker/client.ts';
import type {
  CsSearchRequest,
  ProgressCallback,
  RunStep,
  StepResultDto,
  SyncRunResultDto,
} from '../../worker/api-sync.ts';

export const syncKeys = {
  // Below ['workspace'], so every run, edit or newly opened workspace refreshes them.
  all: ['workspace', 'sync'] as const,
  overview: () => [...syncKeys.all, 'overview'] as const,
  runs: () => [...syncKeys.all, 'runs'] as const,
  run: (index: number) => [...syncKeys.all, 'run', index] as const,
  runObjects: (index: number, stat: string, page: number, partition?: string) =>
    [...syncKeys.all, 'run-objects', index, stat, page, partition ?? null] as const,
  search: (request: CsSearchRequest) => [...syncKeys.all, 'search', request] as const,
  csObject: (id: string) => [...syncKeys.all, 'cs', id] as const,
  flow: (csId: string) => [...syncKeys.all, 'flow', csId] as const,
};

export const overviewOptions = () =>
  queryOptions({ queryKey: syncKeys.overview(), queryFn: () => getEngine().syncOverview() });

/** Asked only once the workspace is open (the first visit opens it in the worker). */
export function useOverview(enabled: boolean) {
  return useQuery({ ...overviewOptions(), enabled });
}

export function useRuns() {
  return useQuery({ queryKey: syncKeys.runs(), queryFn: () => getEngine().syncRuns() });
}

export function useRunDetail(index: number | null) {
  return useQuery({
    queryKey: syncKeys.run(index ?? -1),
    queryFn: () => getEngine().syncRunDetail(index ?? -1),
    enabled: index !== null,
  });
}

export const RUN_OBJECTS_PAGE = 25;

/** A page of the objects behind a statistic, of the whole run or of one partition's step. */
export function useRunObjects(index: number, stat: string, page: number, partition?: string) {
  return useQuery({
    queryKey: syncKeys.runObjects(index, stat, page, partition),
    queryFn: () =>
      getEngine().syncRunObjects(index, stat, page * RUN_OBJECTS_PAGE, RUN_OBJECTS_PAGE, partition),
    placeholderData: keepPreviousData,
  });
}

export function useCsSearch(request: CsSearchRequest | null) {
  return useQuery({
    queryKey: syncKeys.search(request ?? { connector: '', scope: { kind: 'all' } }),
    queryFn: () => (request ? getEngine().syncSearch(request) : null),
    enabled: request !== null,
    placeholderData: keepPreviousData,
  });
}

export function useCsObject(id: string | null) {
  return useQuery({
    queryKey: syncKeys.csObject(id ?? ''),
    queryFn: () => getEngine().syncCsObject(id ?? ''),
    enabled: id !== null,
  });
}

export function useFlowGraph(csId: string) {
  return useQuery({
    queryKey: syncKeys.flow(csId),
    queryFn: () => getEngine().syncFlowGraph({ csId }),
  });
}

/** Runs and rewinds change the workspace's action log: save it, then refresh every screen. */
function refresh(client: QueryClient): Promise<void> {
  return afterChange(client);
}

/** Runs a cycle or a run profile, reporting progress; every screen refreshes afterwards. */
export async function runSync(
  client: QueryClient,
  step: RunStep,
  onProgress: ProgressCallback,
): Promise<SyncRunResultDto> {
  try {
    return await getEngine().syncRun(step, Comlink.proxy(onProgress));
  } finally {
    await refresh(client);
  }
}

export function cancelSync(): Promise<void> {
  return getEngine().syncCancel();
}

export async function stepSync(
  client: QueryClient,
  which: 'profile' | 'object',
): Promise<StepResultDto> {
  const engine = getEngine();
  try {
    return which === 'profile' ? await engine.syncStep() : await engine.syncStepObject();
  } finally {
    await refresh(client);
  }
}

export async function setPlan(client: QueryClient, plan: 'initial' | 'delta'): Promise<void> {
  await getEngine().syncSetPlan(plan);
  await refresh(client);
}

export async function rewindSync(
  client: QueryClient,
  entryId: string,
): Promise<{ ok: boolean; messages: string[] }> {
  try {
    return await getEngine().syncRewind(entryId);
  } finally {
    await refresh(client);
  }
}

export async function previewObject(
  client: QueryClient,
  csId: string,
  mode: 'full' | 'delta',
  commit: boolean,
) {
  const r = await getEngine().syncPreview(csId, mode, commit);
  if (commit) await refresh(client);
  return r;
}

/** A value of the JSON encoding as text (never HTML). */
export function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map((x) => valueText(x)).join('; ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of ['$binary', '$ref', '$datetime', '$special'])
      if (typeof o[k] === 'string') return o[k];
    return JSON.stringify(v);
  }
  return String(v);
}

/** A time of the worker's clock as local time, or a dash when it was not kept. */
export function timeText(ms: number | undefined): string {
  return ms === undefined ? '—' : new Date(ms).toLocaleTimeString();
}
