/**
 * The Connectors screen's data: plain async functions over the engine worker, query-option
 * factories and hooks. Every key starts with ['workspace'], so any change refreshes them.
 */
import { keepPreviousData, queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { ConnectorConfiguration } from '../../engine/sync/connector-config.ts';
import { applyWorkspaceAction, useWorkspace } from '../../lib/workspace.ts';
import { getEngine } from '../../worker/client.ts';

export const overviewQuery = queryOptions({
  queryKey: ['workspace', 'connectors', 'overview'],
  queryFn: () => getEngine().connectorsOverview(),
});

export const predictQuery = (connector: string, change: ConnectorConfiguration) =>
  queryOptions({
    queryKey: ['workspace', 'connectors', 'predict', connector, change],
    queryFn: () => getEngine().connectorsPredict(connector, change),
    placeholderData: keepPreviousData,
  });

export const exportReviewQuery = (connector: string, offset: number, limit: number) =>
  queryOptions({
    queryKey: ['workspace', 'connectors', 'export-review', connector, offset, limit],
    queryFn: () => getEngine().connectorsExportReview(connector, offset, limit),
    placeholderData: keepPreviousData,
  });

export const exchangeQuery = (problemsOnly: boolean, offset: number, limit: number) =>
  queryOptions({
    queryKey: ['workspace', 'connectors', 'exchange', problemsOnly, offset, limit],
    queryFn: () => getEngine().connectorsExchange({ problemsOnly, offset, limit }),
    placeholderData: keepPreviousData,
  });

function useReady(): boolean {
  return useWorkspace().isSuccess;
}

export function useConnectorsOverview() {
  return useQuery({ ...overviewQuery, enabled: useReady() });
}

export function usePrediction(connector: string | undefined, change: ConnectorConfiguration) {
  return useQuery({ ...predictQuery(connector ?? '', change), enabled: useReady() && !!connector });
}

export function useExportReview(connector: string | undefined, offset: number, limit: number) {
  return useQuery({
    ...exportReviewQuery(connector ?? '', offset, limit),
    enabled: useReady() && !!connector,
  });
}

export function useExchangeView(problemsOnly: boolean, offset: number, limit: number) {
  return useQuery({ ...exchangeQuery(problemsOnly, offset, limit), enabled: useReady() });
}

/** Applies a connector configuration through the workspace action log (autosave, undo). */
export function configureConnector(
  client: QueryClient,
  connector: string,
  change: ConnectorConfiguration,
) {
  return applyWorkspaceAction(client, { kind: 'connector-configure', connector, ...change });
}

export function setStagingMode(client: QueryClient, enabled: boolean, exportNow = false) {
  return applyWorkspaceAction(client, {
    kind: 'staging-mode',
    enabled,
    ...(exportNow ? { export: true } : {}),
  });
}

export function runCycle(client: QueryClient, cycle: 'initial' | 'delta') {
  return applyWorkspaceAction(client, { kind: 'run', step: { cycle } });
}
