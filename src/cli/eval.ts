/**
 * `synclab eval 'EXPR' [--attributes JSON] [--parameters JSON] [--now ISO] [--seed N]`: evaluates
 * one expression and prints one JSON document:
 *   `{"value": V}` (exit 0), `{"error": {"type", "message"}}` when it raised an object error
 *   (exit 0), or `{"diagnostics": [{"message", "start", "end"}]}` when it does not parse or check
 *   (exit 2). Bad options print a message on stderr (exit 2).
 * Values use the JSON encoding of src/engine/io/json-values.ts; known AD attributes take their
 * syntax (a GUID string for objectGUID becomes its 16 bytes); numbers too large for JSON may be
 * given as decimal strings.
 */
import { compileExpression } from '../engine/expr/index.ts';
import type { AttributeBag, Value } from '../engine/expr/values.ts';
import { AD_ATTRIBUTES, lookupAttribute } from '../engine/io/attribute-syntax.ts';
import { parseJson, stringifyJson, type JsonData } from '../engine/io/json-text.ts';
import { decodeJsonValue, encodeJsonValue, isoToDateTime } from '../engine/io/json-values.ts';
import type { CliIo } from './main.ts';

const USAGE =
  "Usage: synclab eval 'EXPR' [--attributes JSON] [--parameters JSON] [--now ISO-8601] [--seed N]\n";

interface Options {
  expression: string;
  attributes: string | undefined;
  parameters: string | undefined;
  now: string | undefined;
  seed: number;
}

function parseArgs(args: string[]): Options | string {
  let expression: string | undefined;
  const named: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const m = /^--(attributes|parameters|now|seed)(?:=(.*))?$/s.exec(a);
    if (m) {
      const key = m[1] as string;
      const v = m[2] ?? args[++i];
      if (v === undefined) return `--${key} needs a value.`;
      named[key] = v;
    } else if (a.startsWith('--')) {
      return `unknown option '${a}'.`;
    } else if (expression === undefined) {
      expression = a;
    } else {
      return 'give the expression as one argument (quote it).';
    }
  }
  if (expression === undefined) return 'no expression given.';
  const seed = named.seed === undefined ? 1 : Number(named.seed);
  if (!Number.isInteger(seed)) return '--seed needs an integer.';
  return {
    expression,
    attributes: named.attributes,
    parameters: named.parameters,
    now: named.now,
    seed,
  };
}

function readObject(text: string, what: string): Record<string, JsonData> | string {
  const parsed = parseJson(text);
  if (!parsed.ok) return `${what}: ${parsed.message} (column ${parsed.position.column}).`;
  const data = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return `${what} must be a JSON object.`;
  return data;
}

function decodeAttributes(text: string): AttributeBag | string {
  const obj = readObject(text, '--attributes');
  if (typeof obj === 'string') return obj;
  const bag: AttributeBag = {};
  for (const [name, json] of Object.entries(obj)) {
    const known = lookupAttribute(AD_ATTRIBUTES, name);
    // Syntax applies only to the exact spelling: attribute names are case-sensitive here.
    const syntax = known && known.name === name ? known.syntax : undefined;
    const r = decodeJsonValue(json, syntax ? { syntax } : {});
    if (!r.ok) return `--attributes: ${name}${r.path.map((p) => `[${p}]`).join('')}: ${r.message}.`;
    if (r.value !== null) bag[name] = r.value as Value;
  }
  return bag;
}

function decodeParameters(text: string): Record<string, string> | string {
  const obj = readObject(text, '--parameters');
  if (typeof obj === 'string') return obj;
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(obj)) {
    if (typeof v !== 'string') return `--parameters: ${name} must be a string.`;
    out[name] = v;
  }
  return out;
}

/** A small seeded generator (Park–Miller) so RandomNum and Guid repeat for the same --seed. */
function seeded(seed: number): () => number {
  let s = Math.abs(seed) % 2147483647 || 1;
  return () => {
    s = (s * 48271) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/**
 * @example
 * evalCommand(['Left("John Doe", 3)'], io); // prints {"value":"Joh"}, returns 0
 */
export function evalCommand(args: string[], io: CliIo): number {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.stderr(`synclab eval: ${options}\n${USAGE}`);
    return 2;
  }
  const attributes = options.attributes === undefined ? {} : decodeAttributes(options.attributes);
  const parameters = options.parameters === undefined ? {} : decodeParameters(options.parameters);
  for (const problem of [attributes, parameters]) {
    if (typeof problem === 'string') {
      io.stderr(`synclab eval: ${problem}\n`);
      return 2;
    }
  }
  let clock: () => bigint;
  if (options.now !== undefined) {
    const at = isoToDateTime(options.now);
    if (!at) {
      io.stderr(`synclab eval: --now needs an ISO-8601 date-time such as 2024-05-01T10:00:00Z.\n`);
      return 2;
    }
    clock = () => at.fileTime;
  } else {
    // The command line may read the wall clock; the engine only sees the injected clock.
    clock = () => BigInt(Date.now()) * 10000n + 116444736000000000n;
  }
  const compiled = compileExpression(options.expression, { parameters: Object.keys(parameters) });
  if (!compiled.ok) {
    const diagnostics = compiled.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => ({ message: d.message, start: d.start, end: d.end }));
    io.stdout(stringifyJson({ diagnostics }) + '\n');
    return 2;
  }
  const result = compiled.evaluate({
    attributes: attributes as AttributeBag,
    parameters: parameters as Record<string, string>,
    clock,
    random: seeded(options.seed),
  });
  const doc: JsonData = result.ok
    ? { value: encodeJsonValue(result.value) }
    : { error: { type: result.error.type, message: result.error.message } };
  io.stdout(stringifyJson(doc) + '\n');
  return 0;
}
