/**
 * The engine as the worker exposes it: every method takes and returns plain data (protocol.ts).
 * Each area's methods live in `api-<area>.ts`; this file only composes them, so that the same
 * adapter can be exercised without a worker.
 */
import { connectorsApi } from './api-connectors.ts';
import { expressionApi } from './api-expressions.ts';
import { forestsApi } from './api-forests.ts';
import { lessonsApi } from './api-lessons.ts';
import { metaverseApi } from './api-metaverse.ts';
import { rulesApi } from './api-rules.ts';
import { syncApi } from './api-sync.ts';
import { workspaceApi } from './api-workspace.ts';
import type { EngineApi, EngineInfo } from './protocol.ts';

export function createEngineApi(context: EngineInfo['context']): EngineApi {
  return {
    info: () => ({ engine: 'synclab', context }),
    ...expressionApi,
    ...rulesApi,
    ...workspaceApi,
    ...forestsApi,
    ...syncApi,
    ...lessonsApi,
    ...metaverseApi,
    ...connectorsApi,
  };
}
