/**
 * `synclab verify-order FILE [--samples N] [--seed S] [--no-settle]`: runs the scenario once per
 * order of its AD forests and prints the order report as JSON.
 * Exit 0 when every order ends the same, 1 when the order matters, 2 on bad input (including steps
 * that fail under every order).
 */
import { stringifyJson, type JsonData } from '../engine/io/json-text.ts';
import { verifyOrder, type VerifyOrderOptions } from '../engine/sync/verify-order.ts';
import type { CliIo } from './main.ts';
import { readScenarioFile } from './scenario-file.ts';

const USAGE =
  'Usage: synclab verify-order FILE.json [--samples N] [--seed S] [--max-orders N] [--no-settle]\n';

function wholeNumber(v: string | undefined, min: number): number | undefined {
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= min ? n : undefined;
}

/**
 * @example
 * await verifyOrderCommand(['scenarios/user-matching-pitfall.json'], io) // 1
 */
export function verifyOrderCommand(args: string[], io: CliIo): number {
  let file: string | undefined;
  const options: VerifyOrderOptions = {};
  const numeric: Record<string, { key: 'samples' | 'seed' | 'maxPermutations'; min: number }> = {
    '--samples': { key: 'samples', min: 1 },
    '--seed': { key: 'seed', min: 0 },
    '--max-orders': { key: 'maxPermutations', min: 1 },
  };
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] as string;
    const [flag, inline] = raw.startsWith('--') && raw.includes('=') ? raw.split('=', 2) : [raw];
    const spec = flag ? numeric[flag] : undefined;
    if (spec) {
      const v = inline ?? args[++i];
      const n = wholeNumber(v, spec.min);
      if (n === undefined) {
        io.stderr(
          `synclab verify-order: ${flag} needs a whole number${spec.min > 0 ? ` of at least ${spec.min}` : ''}, not '${v ?? ''}'.\n${USAGE}`,
        );
        return 2;
      }
      options[spec.key] = n;
    } else if (raw === '--no-settle') options.settle = false;
    else if (raw.startsWith('-')) {
      io.stderr(`synclab verify-order: unknown option '${raw}'.\n${USAGE}`);
      return 2;
    } else if (file === undefined) file = raw;
    else {
      io.stderr(`synclab verify-order: only one scenario file may be given.\n${USAGE}`);
      return 2;
    }
  }
  if (!file) {
    io.stderr(USAGE);
    return 2;
  }
  const scenario = readScenarioFile('verify-order', file, io);
  if (!scenario) return 2;
  const report = verifyOrder(scenario, options);
  io.stdout(stringifyJson(report as unknown as JsonData, 2) + '\n');
  const failed = report.outcomes.filter((o) => o.failure !== undefined);
  if (failed.length === report.outcomes.length) {
    io.stderr(`${file}: steps: ${failed[0]?.failure ?? 'failed'} (under every order)\n`);
    return 2;
  }
  return report.orderMatters ? 1 : 0;
}
