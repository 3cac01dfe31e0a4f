/**
 * `synclab run FILE [--order A,B]`: runs a scenario and prints the result document of DESIGN.md §2.
 * Exit 0 when the scenario ran; exit 2 with a message naming the JSON path on bad input.
 */
import { stringifyJson, type JsonData } from '../engine/io/json-text.ts';
import { createEngine, runScenarioSteps } from '../engine/sync/scenario-runner.ts';
import { toResultDocument } from '../engine/sync/result.ts';
import type { CliIo } from './main.ts';
import { readScenarioFile } from './scenario-file.ts';

const USAGE = 'Usage: synclab run FILE.json [--order FOREST,FOREST...]\n';

/**
 * @example
 * await runCommand(['scenario.json', '--order', 'fabrikam.com,contoso.com'], io) // 0
 */
export function runCommand(args: string[], io: CliIo): number {
  let file: string | undefined;
  let order: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--order') {
      const v = args[++i];
      if (!v) {
        io.stderr(`synclab run: --order needs a comma-separated list of forest names.\n${USAGE}`);
        return 2;
      }
      order = v
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x.length > 0);
    } else if (a.startsWith('--order=')) {
      order = a
        .slice(8)
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x.length > 0);
    } else if (a.startsWith('-')) {
      io.stderr(`synclab run: unknown option '${a}'.\n${USAGE}`);
      return 2;
    } else if (file === undefined) file = a;
    else {
      io.stderr(`synclab run: only one scenario file may be given.\n${USAGE}`);
      return 2;
    }
  }
  if (!file) {
    io.stderr(USAGE);
    return 2;
  }
  const scenario = readScenarioFile('run', file, io);
  if (!scenario) return 2;
  if (order) {
    const names = new Set(scenario.forests.map((f) => f.name.toLowerCase()));
    const unknown = order.filter((n) => !names.has(n.toLowerCase()));
    if (unknown.length > 0) {
      io.stderr(`synclab run: --order names unknown forest(s): ${unknown.join(', ')}.\n`);
      return 2;
    }
    const canonical = new Map(scenario.forests.map((f) => [f.name.toLowerCase(), f.name]));
    order = order.map((n) => canonical.get(n.toLowerCase()) ?? n);
  }
  const engine = createEngine(scenario, { journal: false });
  const outcome = runScenarioSteps(engine, scenario.steps, order);
  if (!outcome.ok) {
    io.stderr(`${file}: steps: ${outcome.message}\n`);
    return 2;
  }
  io.stdout(stringifyJson(toResultDocument(engine) as unknown as JsonData, 2) + '\n');
  return 0;
}
