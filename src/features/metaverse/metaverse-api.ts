/**
 * The Metaverse browser's calls to the engine worker: a plain async function and a hook per read
 * (keys below ['workspace'], so every run refreshes them), plain functions for actions.
 */
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import { afterChange } from '../../lib/workspace.ts';
import { getEngine } from '../../worker/client.ts';
import type { MvSearchRequest, RunStepsResultDto } from '../../worker/api-metaverse.ts';

export const mvKeys = {
  all: ['workspace', 'metaverse'] as const,
  summary: () => [...mvKeys.all, 'summary'] as const,
  search: (request: MvSearchRequest) => [...mvKeys.all, 'search', request] as const,
  object: (id: string) => [...mvKeys.all, 'object', id] as const,
  history: (id: string) => [...mvKeys.all, 'history', id] as const,
  compare: (a: string, b: string) => [...mvKeys.all, 'compare', a, b] as const,
  cs: (id: string) => [...mvKeys.all, 'cs', id] as const,
};

/** `ready`: the workspace is open (asking before would describe an empty worker). */
export function useMetaverseSummary(ready: boolean) {
  return useQuery({
    queryKey: mvKeys.summary(),
    queryFn: () => getEngine().metaverseSummary(),
    enabled: ready,
  });
}

export function useMetaverseSearch(request: MvSearchRequest, ready: boolean) {
  return useQuery({
    queryKey: mvKeys.search(request),
    queryFn: () => getEngine().metaverseSearch(request),
    placeholderData: keepPreviousData,
    enabled: ready,
  });
}

export function useMvObject(id: string | null) {
  return useQuery({
    queryKey: mvKeys.object(id ?? ''),
    queryFn: () => getEngine().metaverseObject(id ?? ''),
    enabled: id !== null,
  });
}

export function useMvHistory(id: string | null) {
  return useQuery({
    queryKey: mvKeys.history(id ?? ''),
    queryFn: () => getEngine().metaverseHistory(id ?? ''),
    enabled: id !== null,
  });
}

export function useMvCompare(ids: [string, string] | null) {
  return useQuery({
    queryKey: mvKeys.compare(ids?.[0] ?? '', ids?.[1] ?? ''),
    queryFn: () => getEngine().metaverseCompare(ids?.[0] ?? '', ids?.[1] ?? ''),
    enabled: ids !== null,
  });
}

export function useCsObject(id: string | null) {
  return useQuery({
    queryKey: mvKeys.cs(id ?? ''),
    queryFn: () => getEngine().metaverseCsObject(id ?? ''),
    enabled: id !== null,
  });
}

export function whyNotInEntra(id: string) {
  return getEngine().metaverseWhyNotInEntra(id);
}

export function whyNotJoined(csId: string) {
  return getEngine().metaverseWhyNotJoined(csId);
}

export function whyNotJoinedByDn(request: { connector: string; dn: string }) {
  return getEngine().metaverseWhyNotJoinedByDn(request.connector, request.dn);
}

export function exportResults(request: MvSearchRequest, format: 'csv' | 'json') {
  return getEngine().metaverseExport(request, format);
}

/** Runs the open scenario's steps; the workspace is saved and every screen refreshes. */
export async function runScenarioSteps(client: QueryClient): Promise<RunStepsResultDto> {
  try {
    return await getEngine().metaverseRunScenarioSteps();
  } finally {
    await afterChange(client);
  }
}
