/**
 * Opening and saving scenarios: the built-in library and files. A file that does not parse is
 * rejected whole, and the open workspace stays as it was.
 */
import { formatScenarioError, parseScenario } from '../engine/io/scenario.ts';
import { currentSession, loadedInfo, setLoadedInfo, type LoadedInfo } from './session.ts';
import type { BuiltInScenarioDto, OpenResultDto, WorkspaceApi } from './protocol.ts';

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

function open(text: string, fileName: string, builtInId?: string): OpenResultDto {
  const parsed = parseScenario(text, fileName);
  if (!parsed.ok) {
    return { ok: false, messages: parsed.errors.map((e) => formatScenarioError(e, fileName)) };
  }
  const result = currentSession().loadScenario(parsed.scenario);
  if (!result.ok) return { ok: false, messages: result.messages };
  const info: LoadedInfo = {
    ...result,
    description: parsed.scenario.description,
    ...(parsed.scenario.teaches ? { teaches: parsed.scenario.teaches } : {}),
    ...(builtInId ? { builtInId } : {}),
  };
  setLoadedInfo(info);
  return { ok: true, workspace: info };
}

export const workspaceApi: WorkspaceApi = {
  builtInScenarios: () => builtIns().map(({ text: _text, ...dto }) => dto),
  openBuiltIn(id) {
    const found = builtIns().find((b) => b.id === id);
    if (!found) return { ok: false, messages: [`There is no built-in scenario '${id}'.`] };
    return open(found.text, `${id}.json`, id);
  },
  openScenario: (text, fileName) => open(text, fileName),
  saveScenario: () => currentSession().save(),
  workspace: () => loadedInfo(),
};
