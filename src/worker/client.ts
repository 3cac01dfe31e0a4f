/**
 * The only place a Worker is created. Everything the UI asks of the engine goes through the
 * comlink proxy returned here, so the main thread never runs the engine.
 */
import * as Comlink from 'comlink';
import type { EngineApi } from './protocol.ts';

export type Engine = Comlink.Remote<EngineApi>;

export interface EngineClient {
  /** The engine's API; every call is answered by the worker. */
  api: Engine;
  terminate(): void;
}

/** Starts a new engine worker. Tests create their own; the app shares one via {@link getEngine}. */
export function createEngineClient(): EngineClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'synclab-engine',
  });
  const api = Comlink.wrap<EngineApi>(worker);
  return {
    api,
    terminate: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

let shared: EngineClient | undefined;

/** The app's one engine worker, started on first use. */
export function getEngine(): Engine {
  shared ??= createEngineClient();
  return shared.api;
}
