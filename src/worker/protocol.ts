/**
 * The plain-data messages that cross the worker boundary. Nothing here is a class or a function:
 * comlink structured-clones every argument and result.
 */
import type { RulesApi } from './api-rules.ts';
import type { WorkspaceLogApi } from './api-workspace.ts';
import type { ForestsApi } from './api-forests.ts';
import type { SyncApi } from './api-sync.ts';
import type { LessonsApi } from './api-lessons.ts';
import type { MetaverseApi } from './api-metaverse.ts';
import type { ConnectorsApi } from './api-connectors.ts';

/** A value in the JSON encoding of DESIGN.md §2 (`{"$binary"}`, `{"$ref"}`, `{"$datetime"}` ...). */
export type JsonValue =
  null | string | number | boolean | JsonValue[] | { [key: string]: JsonValue };

export interface EvaluateRequest {
  expression: string;
  /** Attribute values in the scenario file's JSON encoding. */
  attributes?: Record<string, JsonValue>;
  parameters?: Record<string, string>;
}

export interface DiagnosticDto {
  message: string;
  start: number;
  end: number;
}

/** The same document `synclab eval` prints. */
export type EvaluateResponse =
  | { value: JsonValue }
  | { error: { type: string; message: string } }
  | { diagnostics: DiagnosticDto[] };

export interface EngineInfo {
  engine: 'synclab';
  /** Where the engine ran: proves the main thread did not run it. */
  context: 'worker' | 'main';
}

/** Expression evaluation, as `synclab eval` does it. */
export interface ExpressionApi {
  evaluate(request: EvaluateRequest): EvaluateResponse;
}

export interface BuiltInScenarioDto {
  /** The file name in scenarios/ without `.json`. */
  id: string;
  name: string;
  description: string;
  teaches?: string;
}

export interface WorkspaceDto {
  name: string;
  description: string;
  teaches?: string;
  builtInId?: string;
  connectors: { name: string; kind: string }[];
  rules: number;
  steps: number;
}

export type OpenResultDto =
  { ok: true; workspace: WorkspaceDto } | { ok: false; messages: string[] };

/** The open workspace: the built-in scenario library, open and save. */
export interface WorkspaceApi {
  builtInScenarios(): BuiltInScenarioDto[];
  openBuiltIn(id: string): OpenResultDto;
  /** Opens a scenario file's text; on any error nothing changes and every message names its place. */
  openScenario(text: string, fileName: string): OpenResultDto;
  saveScenario(): string;
  workspace(): WorkspaceDto | null;
}

/**
 * What src/worker/engine.worker.ts exposes: one interface per area, each implemented in its own
 * `src/worker/api-<area>.ts` and composed in engine-api.ts.
 */
export interface EngineApi
  extends
    ExpressionApi,
    WorkspaceApi,
    RulesApi,
    WorkspaceLogApi,
    ForestsApi,
    SyncApi,
    LessonsApi,
    MetaverseApi,
    ConnectorsApi {
  info(): EngineInfo;
}
