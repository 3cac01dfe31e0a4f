import { formatScenarioError, parseScenario, type Scenario } from '../engine/io/scenario.ts';
import type { CliIo } from './main.ts';

/**
 * Reads and parses a scenario file for a subcommand. On failure it has already printed every
 * message (each naming the file, line and JSON path) and returns undefined: the caller exits 2.
 *
 * @example
 * const scenario = readScenarioFile('run', 'scenarios/galsync-merger.json', io);
 * if (!scenario) return 2;
 */
export function readScenarioFile(command: string, file: string, io: CliIo): Scenario | undefined {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    io.stderr(`synclab ${command}: cannot read '${file}': ${reason}\n`);
    return undefined;
  }
  const parsed = parseScenario(text, file);
  if (!parsed.ok) {
    for (const e of parsed.errors) io.stderr(`${formatScenarioError(e, file)}\n`);
    return undefined;
  }
  return parsed.scenario;
}
