/**
 * The open workspace, as every screen sees it, and the named workspaces kept in IndexedDB.
 *
 * On the first visit the headline built-in scenario is opened, so `npm start` shows something real
 * at once; after that the last workspace is restored by replaying its action log in the worker.
 * Every edit goes through {@link applyWorkspaceAction}: it is applied in the worker, autosaved and
 * then every ['workspace', ...] query refreshes.
 */
import * as Comlink from 'comlink';
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { getEngine } from '../worker/client.ts';
import type { ActionResultDto, WorkspaceAction } from '../worker/api-workspace.ts';
import type { WorkspaceDto } from '../worker/protocol.ts';
import {
  currentWorkspaceId,
  db,
  listStoredWorkspaces,
  setCurrentWorkspaceId,
  type StoredWorkspace,
} from './db.ts';

export const DEFAULT_SCENARIO = 'galsync-merger';

function newId(): string {
  return crypto.randomUUID();
}

async function createFromEngine(name: string): Promise<StoredWorkspace> {
  const doc = await getEngine().workspaceDocument();
  if (!doc) throw new Error('The engine has no workspace open.');
  const now = Date.now();
  const stored: StoredWorkspace = { id: newId(), name, createdAt: now, updatedAt: now, doc };
  await db.workspaces.put(stored);
  await setCurrentWorkspaceId(stored.id);
  return stored;
}

async function openDefault(): Promise<WorkspaceDto> {
  const result = await getEngine().startWorkspace(DEFAULT_SCENARIO);
  if (!result.ok) throw new Error(result.messages.join('\n'));
  await createFromEngine('My workspace');
  return result.workspace;
}

/** Messages of the last restore that failed (the workspace it named was kept, not opened). */
let restoreProblem: string[] = [];

export function lastRestoreProblem(): string[] {
  return restoreProblem;
}

export async function fetchWorkspace(): Promise<WorkspaceDto> {
  const engine = getEngine();
  const open = await engine.workspace();
  if (open) return open;
  const id = await currentWorkspaceId();
  const stored = id ? await db.workspaces.get(id) : undefined;
  if (stored) {
    const r = await engine.restoreWorkspace(stored.doc);
    if (r.ok) return r.workspace;
    restoreProblem = [`The workspace "${stored.name}" could not be restored:`, ...r.messages];
  }
  return openDefault();
}

export const workspaceQuery = queryOptions({ queryKey: ['workspace'], queryFn: fetchWorkspace });

/** The open workspace's summary; every engine query key starts below ['workspace']. */
export function useWorkspace() {
  return useQuery(workspaceQuery);
}

/** Saves the open workspace's action log under the current workspace. */
export async function autosave(): Promise<void> {
  const doc = await getEngine().workspaceDocument();
  const id = await currentWorkspaceId();
  if (!doc || !id) return;
  await db.workspaces.update(id, { doc, updatedAt: Date.now() });
}

/** After any change: save it, and let every screen refresh. */
export async function afterChange(client: QueryClient): Promise<void> {
  await autosave();
  await client.invalidateQueries({ queryKey: ['workspace'] });
  await client.invalidateQueries({ queryKey: ['workspaces'] });
}

/**
 * Applies an edit in the worker (all or nothing), autosaves it and refreshes the screens.
 *
 * @example
 * const r = await applyWorkspaceAction(queryClient, { kind: 'tenant-threshold', threshold: 100 });
 * if (!r.ok) showMessages(r.messages);
 */
export async function applyWorkspaceAction(
  client: QueryClient,
  action: WorkspaceAction,
  onProgress?: (done: number, total: number) => void,
): Promise<ActionResultDto> {
  const engine = getEngine();
  const r = await engine.applyAction(action, onProgress ? Comlink.proxy(onProgress) : undefined);
  if (r.ok) await afterChange(client);
  return r;
}

/** Undo or redo the last edit, then save and refresh. */
export async function undoRedo(
  client: QueryClient,
  which: 'undo' | 'redo',
): Promise<ActionResultDto> {
  const engine = getEngine();
  const r = which === 'undo' ? await engine.undo() : await engine.redo();
  if (r.ok) await afterChange(client);
  return r;
}

// ------------------------------------------------------------------------------ named workspaces

export interface WorkspaceListEntry {
  id: string;
  name: string;
  updatedAt: number;
  current: boolean;
}

export async function fetchWorkspaceList(): Promise<WorkspaceListEntry[]> {
  const current = await currentWorkspaceId();
  return (await listStoredWorkspaces()).map((w) => ({
    id: w.id,
    name: w.name,
    updatedAt: w.updatedAt,
    current: w.id === current,
  }));
}

export const workspaceListQuery = queryOptions({
  queryKey: ['workspaces'],
  queryFn: fetchWorkspaceList,
});

/** The saved workspaces; asked once the open one is known, so that the list names it current. */
export function useWorkspaceList() {
  return useQuery({ ...workspaceListQuery, enabled: useWorkspace().isSuccess });
}

/** Creates a workspace on a built-in scenario and opens it. */
export async function createWorkspace(
  client: QueryClient,
  name: string,
  builtInId = DEFAULT_SCENARIO,
): Promise<ActionResultDto> {
  const r = await getEngine().startWorkspace(builtInId);
  if (!r.ok) return r;
  await createFromEngine(name);
  await afterChange(client);
  return { ok: true, workspace: r.workspace, notes: [] };
}

/** Opens another saved workspace; the one open now is already saved. */
export async function switchWorkspace(client: QueryClient, id: string): Promise<ActionResultDto> {
  const stored = await db.workspaces.get(id);
  if (!stored) return { ok: false, messages: ['That workspace no longer exists.'] };
  const r = await getEngine().restoreWorkspace(stored.doc);
  if (!r.ok) return r;
  await setCurrentWorkspaceId(id);
  await afterChange(client);
  return r;
}

export async function renameWorkspace(client: QueryClient, id: string, name: string) {
  await db.workspaces.update(id, { name, updatedAt: Date.now() });
  await client.invalidateQueries({ queryKey: ['workspaces'] });
}

export async function duplicateWorkspace(client: QueryClient, id: string, name: string) {
  const stored = await db.workspaces.get(id);
  if (!stored) return;
  const now = Date.now();
  await db.workspaces.put({ ...stored, id: newId(), name, createdAt: now, updatedAt: now });
  await client.invalidateQueries({ queryKey: ['workspaces'] });
}

/** Deletes a workspace; deleting the open one opens the next (or a new default one). */
export async function deleteWorkspace(client: QueryClient, id: string): Promise<void> {
  const current = await currentWorkspaceId();
  await db.workspaces.delete(id);
  if (id === current) {
    const next = (await listStoredWorkspaces())[0];
    if (next) await switchWorkspace(client, next.id);
    else await createWorkspace(client, 'My workspace');
  }
  await client.invalidateQueries({ queryKey: ['workspaces'] });
}

/** The open workspace as a file's text. */
export async function exportWorkspace(id: string): Promise<{ name: string; text: string }> {
  const stored = await db.workspaces.get(id);
  const name = stored?.name ?? 'workspace';
  return { name, text: await getEngine().exportWorkspace(name) };
}

/**
 * Imports a workspace file as a new workspace and opens it. A file that does not read or replay
 * changes nothing.
 */
export async function importWorkspace(client: QueryClient, text: string): Promise<ActionResultDto> {
  const engine = getEngine();
  const read = await engine.readWorkspaceFile(text);
  if (!read.ok) return read;
  const r = await engine.restoreWorkspace(read.doc);
  if (!r.ok) return r;
  await createFromEngine(read.name);
  await afterChange(client);
  return r;
}
