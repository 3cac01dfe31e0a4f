/**
 * The worker's current workspace: one engine Session and what was loaded into it. Every
 * `api-<area>.ts` reaches the engine through {@link currentSession}.
 */
import { createSession, type LoadResult, type Session } from '../engine/index.ts';

export type LoadedInfo = Extract<LoadResult, { ok: true }> & {
  /** The built-in scenario's id (its file name without .json), when it came from the library. */
  builtInId?: string;
  description: string;
  teaches?: string;
};

interface Workspace {
  session: Session;
  loaded: LoadedInfo | null;
}

let workspace: Workspace | undefined;

function get(): Workspace {
  workspace ??= { session: createSession(), loaded: null };
  return workspace;
}

/** The engine session of the open workspace (created empty on first use). */
export function currentSession(): Session {
  return get().session;
}

/** What is loaded, or null before the first scenario. */
export function loadedInfo(): LoadedInfo | null {
  return get().loaded;
}

/** Records what {@link currentSession} now holds, after a successful load. */
export function setLoadedInfo(info: LoadedInfo): void {
  get().loaded = info;
}
