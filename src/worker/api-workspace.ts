/**
 * The open workspace: the built-in scenario library, opening and saving scenario files, and the
 * workspace's action log (every edit, undo and redo, replay after a reload, workspace files).
 * A file or an edit that fails is rejected whole, and the open workspace stays as it was.
 */
import { parseScenario, serializeScenario } from '../engine/io/scenario.ts';
import { createEngine } from '../engine/index.ts';
import { decodeTextFile } from '../engine/io/text-values.ts';
import {
  applyWorkspaceAction,
  openScenarioAction,
  replayWorkspace,
  snapshotScenario,
  type ApplyOptions,
  type ApplyResult,
  type WorkspaceHost,
  type WorkspaceState,
} from '../engine/io/workspace-apply.ts';
import {
  canRedo,
  canUndo,
  changeLog,
  newWorkspaceDoc,
  parseWorkspaceFile,
  recordAction,
  redoDoc,
  serializeWorkspaceFile,
  undoDoc,
  type ChangeLogEntry,
  type WorkspaceAction,
  type WorkspaceDoc,
} from '../engine/io/workspace.ts';
import type { SyncEngine } from '../engine/sync/engine.ts';
import { currentSession, setLoadedInfo, loadedInfo, type LoadedInfo } from './session.ts';
import type { BuiltInScenarioDto, OpenResultDto, WorkspaceApi, WorkspaceDto } from './protocol.ts';

export type { WorkspaceAction, WorkspaceDoc, ChangeLogEntry };

const files = import.meta.glob<string>('../../scenarios/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});

interface BuiltIn extends BuiltInScenarioDto {
  text: string;
}

function idOf(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.json$/, '');
}

let library: BuiltIn[] | undefined;

function builtIns(): BuiltIn[] {
  library ??= Object.entries(files)
    .map(([path, text]) => {
      const parsed = parseScenario(text, path);
      if (!parsed.ok)
        throw new Error(`Built-in scenario ${path} is invalid: ${parsed.errors[0]?.message}`);
      const { name, description, teaches } = parsed.scenario;
      return { id: idOf(path), name, description, ...(teaches ? { teaches } : {}), text };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return library;
}

// ------------------------------------------------------------------------------ state

/** What an edit answers: the workspace after it, and what it means; or why nothing changed. */
export type ActionResultDto =
  | { ok: true; workspace: WorkspaceDto; notes: string[] }
  | { ok: false; messages: string[]; aborted?: boolean };

/** Progress of a long edit (an import, a generated forest, a replay). */
export type ProgressFn = (done: number, total: number) => void;

let doc: WorkspaceDoc | undefined;
let state: WorkspaceState | undefined;
let abort: { aborted: boolean } | undefined;
/** Journal marks of applied actions (index -> mark on that engine), for a quick undo. */
let undoMarks = new Map<number, { engine: SyncEngine; mark: number; scenario: WorkspaceState }>();

const sessionHost: WorkspaceHost = {
  load(scenario) {
    const session = currentSession();
    session.loadScenario(scenario);
    const engine = session.engineState();
    if (!engine) throw new Error('The session did not load the scenario.');
    return engine;
  },
};

/** Engines for a dry run: a replay is checked before it replaces the open workspace. */
const scratchHost: WorkspaceHost = { load: (scenario) => createEngine(scenario) };

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function dtoOf(s: WorkspaceState): LoadedInfo {
  const sc = s.scenario;
  return {
    ok: true,
    name: sc.name,
    description: sc.description,
    ...(sc.teaches ? { teaches: sc.teaches } : {}),
    ...(s.builtInId ? { builtInId: s.builtInId } : {}),
    connectors: s.engine.connectors.map((c) => ({ name: c.name, kind: c.kind })),
    rules: s.engine.rules.size,
    steps: sc.steps.length,
  };
}

function publish(s: WorkspaceState): WorkspaceDto {
  state = s;
  const info = dtoOf(s);
  setLoadedInfo(info);
  return info;
}

function options(onProgress?: ProgressFn): ApplyOptions {
  abort = { aborted: false };
  return { signal: abort, pause, ...(onProgress ? { onProgress } : {}) };
}

/** The open workspace's state, for the other api-*.ts modules (forests, tenant). */
export function workspaceState(): WorkspaceState | undefined {
  return state;
}

/** What is being changed now (a run, a generation, an undo ...), for the refusal's words. */
let changing: string | undefined;

/** Why a change cannot start now, or undefined when none is in progress. */
export function changeInProgress(): string | undefined {
  if (changing === undefined) return undefined;
  return `Wait until ${changing} has finished (or cancel it): the workspace takes one change at a time.`;
}

/**
 * Makes one change of the workspace at a time. A long change (a run, a generation, an import, a
 * replay) pauses between chunks so that the page stays responsive and Cancel can arrive; another
 * change arriving in such a pause would run in the middle of it (a Generate or an Undo inside a
 * run) and leave a workspace that its action log, replayed after a reload, does not give. It is
 * refused instead, with words that name the change in progress.
 *
 * @example
 * await oneChangeAtATime('the initial cycle', (message) => ({ ok: false, messages: [message] }), run)
 */
export async function oneChangeAtATime<T>(
  what: string,
  refuse: (message: string) => T,
  change: () => Promise<T>,
): Promise<T> {
  const busy = changeInProgress();
  if (busy !== undefined) return refuse(busy);
  changing = what;
  try {
    return await change();
  } finally {
    changing = undefined;
  }
}

const refused = (message: string): ActionResultDto => ({ ok: false, messages: [message] });

/** Other reasons an edit cannot be made now, registered by the modules that know them. */
const editGuards: (() => string | undefined)[] = [];

/**
 * Registers a reason to refuse edits, undo and redo (the Sync screen's run being stepped object
 * by object: an edit made in its middle would be undone when the run is put back to be replayed).
 */
export function guardEdits(reason: () => string | undefined): void {
  editGuards.push(reason);
}

/** An edit, undo or redo: refused while a guard objects, else one change at a time. */
function edit(what: string, change: () => Promise<ActionResultDto>): Promise<ActionResultDto> {
  for (const guard of editGuards) {
    const reason = guard();
    if (reason !== undefined) return Promise.resolve(refused(reason));
  }
  return oneChangeAtATime(what, refused, change);
}

/** The change an action makes, in the words of {@link changeInProgress}. */
function changeName(a: WorkspaceAction): string {
  switch (a.kind) {
    case 'run':
      return 'cycle' in a.step
        ? `the ${a.step.cycle} cycle`
        : 'run' in a.step
          ? `the ${a.step.run} of ${a.step.connector}`
          : 'the run';
    case 'generate':
      return `the generation of objects in ${a.forest}`;
    case 'import':
      return `the import of ${a.fileName}`;
    default:
      return 'the edit in progress';
  }
}

/**
 * Applies an edit and records it in the action log (undo, redo, autosave). Every module that
 * changes the workspace calls this, so that the edit survives a reload. Refused while another
 * change is in progress (see {@link oneChangeAtATime}) or a guard objects (see {@link guardEdits}).
 */
export function applyAction(
  action: WorkspaceAction,
  onProgress?: ProgressFn,
): Promise<ActionResultDto> {
  return edit(changeName(action), () => applyActionInChange(action, onProgress));
}

/**
 * {@link applyAction} for a change already in progress through {@link oneChangeAtATime} (the
 * run profiles of a cycle, a redo).
 */
export async function applyActionInChange(
  action: WorkspaceAction,
  onProgress?: ProgressFn,
): Promise<ActionResultDto> {
  const before = state;
  const marksBefore = before?.engine.journal.list().length ?? 0;
  const r = await applyWorkspaceAction(before, action, sessionHost, options(onProgress));
  abort = undefined;
  return recorded(before, marksBefore, action, r);
}

function recorded(
  before: WorkspaceState | undefined,
  marksBefore: number,
  action: WorkspaceAction,
  r: ApplyResult,
): ActionResultDto {
  if (!r.ok) return { ok: false, messages: r.messages, ...(r.aborted ? { aborted: true } : {}) };
  const engine = before?.engine;
  doc = doc ? recordAction(doc, action) : newWorkspaceDoc(openAction(action));
  // An edit made in place is undone by rewinding the engine's journal to the mark it made.
  const mark = engine && r.state.engine === engine ? engine.journal.list()[marksBefore] : undefined;
  for (const k of [...undoMarks.keys()]) if (k >= doc.cursor - 1) undoMarks.delete(k);
  if (mark && before && engine)
    undoMarks.set(doc.cursor - 1, { engine, mark: mark.id, scenario: before });
  return { ok: true, workspace: publish(r.state), notes: r.notes };
}

function openAction(a: WorkspaceAction): Extract<WorkspaceAction, { kind: 'open-scenario' }> {
  if (a.kind !== 'open-scenario') throw new Error('A workspace starts by opening a scenario.');
  return a;
}

function open(text: string, fileName: string, builtInId?: string): OpenResultDto {
  const busy = changeInProgress();
  if (busy !== undefined) return { ok: false, messages: [busy] };
  const action: WorkspaceAction = {
    kind: 'open-scenario',
    text,
    fileName,
    ...(builtInId ? { builtInId } : {}),
  };
  const r = recorded(state, 0, action, openScenarioAction(action, sessionHost));
  return r.ok ? { ok: true, workspace: r.workspace } : { ok: false, messages: r.messages };
}

async function replaceWith(next: WorkspaceDoc, onProgress?: ProgressFn): Promise<ActionResultDto> {
  // The replay runs on engines of its own: the open workspace is only replaced by a replay that
  // works, and then the session takes the replayed engine over (no second replay).
  const r = await replayWorkspace(next, scratchHost, options(onProgress));
  abort = undefined;
  if (!r.ok) return { ok: false, messages: r.messages, ...(r.aborted ? { aborted: true } : {}) };
  currentSession().adoptEngine(r.state.scenario, r.state.engine);
  doc = next;
  undoMarks = new Map();
  return { ok: true, workspace: publish(r.state), notes: [] };
}

/** The workspace's action log: undo, redo, change log, replay and files. */
export interface WorkspaceLogApi {
  /** Applies an edit (see {@link applyAction}); `onProgress` must be a `Comlink.proxy`. */
  applyAction(action: WorkspaceAction, onProgress?: ProgressFn): Promise<ActionResultDto>;
  /** Starts a new workspace (a new action log) on a built-in scenario. */
  startWorkspace(builtInId: string): OpenResultDto;
  /** Stops the running import, generation or replay; nothing of it stays. */
  cancelWork(): void;
  undo(): Promise<ActionResultDto>;
  redo(): Promise<ActionResultDto>;
  changeLog(): { entries: ChangeLogEntry[]; canUndo: boolean; canRedo: boolean };
  /** The action log, for autosave. */
  workspaceDocument(): WorkspaceDoc | null;
  /** Replaces the open workspace with a saved one (all or nothing). */
  restoreWorkspace(doc: WorkspaceDoc, onProgress?: ProgressFn): Promise<ActionResultDto>;
  exportWorkspace(name: string): string;
  /** Checks a workspace file; errors name the JSON path. */
  readWorkspaceFile(
    text: string,
  ): { ok: true; name: string; doc: WorkspaceDoc } | { ok: false; messages: string[] };
  /** Decodes an uploaded file's bytes (UTF-8, UTF-16 with BOM, Windows-1252); binary data is refused. */
  decodeFile(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string };
}

/** Undo, for a change already in progress through {@link oneChangeAtATime} (a rewind). */
export async function undoInChange(): Promise<ActionResultDto> {
  if (!doc || !state || !canUndo(doc)) return { ok: false, messages: ['Nothing to undo.'] };
  const index = doc.cursor - 1;
  const quick = undoMarks.get(index);
  const next = undoDoc(doc);
  if (
    quick &&
    quick.engine === state.engine &&
    quick.engine.journal.list().some((m) => m.id === quick.mark)
  ) {
    const side = quick.engine.journal.restore(quick.mark, false);
    const tenant = side?.get('tenant');
    if (tenant) quick.engine.tenant = tenant as SyncEngine['tenant'];
    undoMarks.delete(index);
    doc = next;
    return { ok: true, workspace: publish(quick.scenario), notes: [] };
  }
  const r = await replayWorkspace(next, sessionHost, { pause });
  if (!r.ok) return { ok: false, messages: r.messages };
  doc = next;
  undoMarks = new Map();
  return { ok: true, workspace: publish(r.state), notes: [] };
}

/** Redo, inside {@link oneChangeAtATime}. */
async function redoInChange(): Promise<ActionResultDto> {
  if (!doc || !canRedo(doc)) return { ok: false, messages: ['Nothing to redo.'] };
  const action = doc.actions[doc.cursor] as WorkspaceAction;
  const keep = doc;
  const r = await applyActionInChange(action);
  // applyActionInChange recorded the action again (dropping the redo tail); keep what is ahead.
  if (r.ok) doc = redoDoc(keep);
  return r;
}

export const workspaceApi: WorkspaceApi & WorkspaceLogApi = {
  builtInScenarios: () => builtIns().map(({ text: _text, ...dto }) => dto),
  openBuiltIn(id) {
    const found = builtIns().find((b) => b.id === id);
    if (!found) return { ok: false, messages: [`There is no built-in scenario '${id}'.`] };
    return open(found.text, `${id}.json`, id);
  },
  openScenario: (text, fileName) => open(text, fileName),
  saveScenario: () => {
    if (!state) throw new Error('No scenario is loaded.');
    return serializeScenario(snapshotScenario(state));
  },
  workspace: () => (state ? loadedInfo() : null),

  applyAction,
  startWorkspace(id) {
    const previous = doc;
    doc = undefined;
    const r = workspaceApi.openBuiltIn(id);
    if (!r.ok) doc = previous;
    else undoMarks = new Map();
    return r;
  },
  cancelWork() {
    if (abort) abort.aborted = true;
  },
  undo: () => edit('the undo', undoInChange),
  redo: () => edit('the redo', redoInChange),
  changeLog: () =>
    doc
      ? { entries: changeLog(doc), canUndo: canUndo(doc), canRedo: canRedo(doc) }
      : { entries: [], canUndo: false, canRedo: false },
  workspaceDocument: () => doc ?? null,
  restoreWorkspace: (saved, onProgress) =>
    oneChangeAtATime('the opening of a workspace', refused, () => replaceWith(saved, onProgress)),
  exportWorkspace(name) {
    if (!doc) throw new Error('No workspace is open.');
    return serializeWorkspaceFile({ synclabWorkspace: 1, name, doc });
  },
  readWorkspaceFile(text) {
    const r = parseWorkspaceFile(text);
    if (!r.ok) {
      return {
        ok: false,
        messages: r.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)),
      };
    }
    return { ok: true, name: r.file.name, doc: r.file.doc };
  },
  decodeFile(bytes) {
    return decodeTextFile(bytes);
  },
};
