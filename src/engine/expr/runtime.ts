/**
 * Run-time support shared by the evaluator and the function library: the evaluation context,
 * domain errors, and the coercions between the value model's scalars.
 */
import {
  DateTime,
  Ref,
  isSpecial,
  type AttributeBag,
  type FlowValue,
  type ObjectError,
  type Scalar,
  type Value,
} from './values.ts';

/** What an expression can see while it is evaluated. */
export interface EvalContext {
  /** The source object's attributes (connector space inbound, metaverse outbound). */
  attributes: AttributeBag;
  /** Values as last confirmed by import, for `ImportedValue("attr")`; defaults to `attributes`. */
  importedAttributes?: AttributeBag;
  /** `%Name%` parameters, e.g. `{ 'Domain.FQDN': 'contoso.com' }`. */
  parameters?: Record<string, string>;
  /** Current time as a FILETIME, for `Now()`. Required for `Now()`; never the wall clock. */
  clock?: () => bigint;
  /** Seeded source of numbers in [0, 1), for `RandomNum()` and `Guid()`. */
  random?: () => number;
}

/** Error type used for every evaluation failure other than `Error()`. [inferred] */
export const FLOW_FAILED = 'sync-rule-flow-provisioning-failed';
/** Error type of the `Error("…")` function. */
export const FUNCTION_TRIGGERED = 'sync-rule-error-function-triggered';

/** A domain error raised during evaluation; the evaluator turns it into `{ ok: false, error }`. */
export class ExprFailure {
  constructor(readonly error: ObjectError) {}
}

export function fail(message: string, type: string = FLOW_FAILED): never {
  throw new ExprFailure({ type, message });
}

export function isMulti(v: FlowValue): v is readonly Scalar[] {
  return Array.isArray(v);
}

/** A multi-valued result: empty means absent (NULL). */
export function multi(values: Scalar[]): FlowValue {
  return values.length === 0 ? null : values;
}

export function typeName(v: FlowValue): string {
  if (v === null) return 'NULL';
  if (isSpecial(v)) return String(v.description);
  if (Array.isArray(v)) return 'multi-valued';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'Boolean';
  if (v instanceof Uint8Array) return 'binary';
  if (v instanceof Ref) return 'reference';
  if (v instanceof DateTime) return 'date-time';
  return 'value';
}

// ---- dates ---------------------------------------------------------------------------------------

/** 100-ns ticks between 1601-01-01 and 1970-01-01. */
export const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** The UTC instant of a FILETIME, floored to the millisecond. */
export function fileTimeToDate(ft: bigint): Date {
  const t = ft - FILETIME_UNIX_EPOCH;
  const ms = t / 10000n - (t % 10000n < 0n ? 1n : 0n);
  return new Date(Number(ms));
}
export function dateToFileTime(d: Date, extraTicks = 0n): bigint {
  return BigInt(d.getTime()) * 10000n + FILETIME_UNIX_EPOCH + extraTicks;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The default string form of a date-time (`CStr`, `&`): invariant culture, `MM/dd/yyyy HH:mm:ss`. */
export function dateTimeToString(dt: DateTime): string {
  const d = fileTimeToDate(dt.fileTime);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

// ---- coercions -----------------------------------------------------------------------------------

/** `str` parameter: strings pass; numbers, Booleans, references and dates convert; binary fails. */
export function asString(v: FlowValue, fn: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Ref) return v.dn;
  if (v instanceof DateTime) return dateTimeToString(v);
  return fail(`${fn}: expected a string but got a ${typeName(v)} value.`);
}

/** Parses a whole number written in decimal (or `&H` hex), as CNum does; undefined if it is not one. */
export function parseInteger(text: string): number | bigint | undefined {
  const s = text.trim();
  let v: bigint;
  if (/^[+-]?\d+$/.test(s)) v = BigInt(s);
  else if (/^&[Hh][0-9A-Fa-f]+$/.test(s)) v = BigInt('0x' + s.slice(2));
  else return undefined;
  if (v > 0x7fffffffffffffffn || v < -0x8000000000000000n) return undefined;
  return normalize(v);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export function normalize(v: bigint): number | bigint {
  return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v;
}

/** `num` parameter: integers pass; numeric strings and Booleans (True = -1, as in VBA) convert. */
export function asNumber(v: FlowValue, fn: string): number | bigint {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return Math.trunc(v);
    return v;
  }
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string') {
    const n = parseInteger(v);
    if (n !== undefined) return n;
    return fail(`${fn}: '${v}' is not a number.`);
  }
  if (typeof v === 'boolean') return v ? -1 : 0;
  return fail(`${fn}: expected a number but got a ${typeName(v)} value.`);
}

export function asBigInt(v: FlowValue, fn: string): bigint {
  const n = asNumber(v, fn);
  return typeof n === 'bigint' ? n : BigInt(n);
}

/** A num argument used as a count or index: clamped into the safe integer range. */
export function asInt(v: FlowValue, fn: string): number {
  const n = asNumber(v, fn);
  return typeof n === 'bigint' ? (n > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER) : n;
}

/** `exp`/`bool`: Booleans pass; NULL is False; numbers are True when non-zero; "True"/"False" parse. */
export function asBoolean(v: FlowValue, fn: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
    const n = parseInteger(v);
    if (n !== undefined) return n !== 0 && n !== 0n;
    return fail(`${fn}: '${v}' is not a Boolean value.`);
  }
  return fail(`${fn}: expected a Boolean but got a ${typeName(v)} value.`);
}

export function asBinary(v: FlowValue, fn: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  return fail(`${fn}: expected a binary value but got a ${typeName(v)} value.`);
}

export function asRef(v: FlowValue, fn: string): Ref {
  if (v instanceof Ref) return v;
  if (typeof v === 'string') return new Ref(v);
  return fail(`${fn}: expected a reference but got a ${typeName(v)} value.`);
}

export function asDateTime(v: FlowValue, fn: string): DateTime {
  if (v instanceof DateTime) return v;
  return fail(`${fn}: expected a date-time but got a ${typeName(v)} value.`);
}

/** mv parameters: a single value counts as a one-value list; NULL as an empty one. */
export function asList(v: FlowValue): readonly Scalar[] {
  if (v === null || isSpecial(v)) return [];
  if (Array.isArray(v)) return v as readonly Scalar[];
  return [v as Scalar];
}

export function isScalarValue(v: FlowValue): v is Scalar {
  return v !== null && !Array.isArray(v) && !isSpecial(v);
}

/** Reads an attribute; an empty list is the same as absent. */
export function readAttribute(bag: AttributeBag | undefined, name: string): FlowValue {
  if (!bag) return null;
  const v: Value | undefined = bag[name];
  if (v === undefined) return null;
  if (Array.isArray(v) && v.length === 0) return null;
  return v;
}
