/**
 * SyncLab's IndexedDB (dexie): the named workspaces, each one's action log, and which one is open.
 * The worker replays a workspace's log after a reload, so the page comes back exactly as it was.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { WorkspaceDoc } from '../worker/api-workspace.ts';

export interface StoredWorkspace {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  doc: WorkspaceDoc;
}

export interface Setting {
  key: string;
  value: string;
}

class SyncLabDb extends Dexie {
  workspaces!: EntityTable<StoredWorkspace, 'id'>;
  settings!: EntityTable<Setting, 'key'>;

  constructor() {
    super('synclab');
    this.version(1).stores({ workspaces: 'id, name, updatedAt', settings: 'key' });
  }
}

export const db = new SyncLabDb();

const CURRENT = 'currentWorkspace';

/** The id of the workspace that was open last, if any. */
export async function currentWorkspaceId(): Promise<string | undefined> {
  return (await db.settings.get(CURRENT))?.value;
}

export async function setCurrentWorkspaceId(id: string): Promise<void> {
  await db.settings.put({ key: CURRENT, value: id });
}

/** Every workspace, most recently changed first. */
export async function listStoredWorkspaces(): Promise<StoredWorkspace[]> {
  return (await db.workspaces.toArray()).sort((a, b) => b.updatedAt - a.updatedAt);
}
