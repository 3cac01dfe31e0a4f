/**
 * The open workspace, as every screen sees it. On the very first use the worker has nothing
 * loaded, so the headline built-in scenario is opened: `npm start` shows something real at once.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getEngine } from '../worker/client.ts';
import type { WorkspaceDto } from '../worker/protocol.ts';

export const DEFAULT_SCENARIO = 'galsync-merger';

export async function fetchWorkspace(): Promise<WorkspaceDto> {
  const engine = getEngine();
  const open = await engine.workspace();
  if (open) return open;
  const result = await engine.openBuiltIn(DEFAULT_SCENARIO);
  if (!result.ok) throw new Error(result.messages.join('\n'));
  return result.workspace;
}

export const workspaceQuery = queryOptions({ queryKey: ['workspace'], queryFn: fetchWorkspace });

/** The open workspace's summary; every engine query key starts below ['workspace']. */
export function useWorkspace() {
  return useQuery(workspaceQuery);
}
