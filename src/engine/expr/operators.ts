/**
 * The binary operators. Each applies per value when an operand is multi-valued (NULL results drop
 * out), like the functions do.
 */
import type { BinaryOperator } from './ast.ts';
import {
  asBoolean,
  asNumber,
  asString,
  fail,
  multi,
  normalize,
  parseInteger,
  typeName,
} from './runtime.ts';
import { DateTime, Ref, isSpecial, type FlowValue, type Scalar } from './values.ts';

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** `&`: NULL acts as an empty string (VBA); binary & binary concatenates the bytes (device keys). */
function concat(a: FlowValue, b: FlowValue): FlowValue {
  if (a === null && b === null) return null;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (a === null) return b;
    if (b === null) return a;
    if (a instanceof Uint8Array && b instanceof Uint8Array) return concatBytes(a, b);
    return fail(`'&' cannot join a ${typeName(a)} value and a ${typeName(b)} value.`);
  }
  return (a === null ? '' : asString(a, "'&'")) + (b === null ? '' : asString(b, "'&'"));
}

function arithmetic(op: '+' | '-' | '*', a: FlowValue, b: FlowValue): FlowValue {
  if (a === null || b === null) return null;
  const x = asNumber(a, `'${op}'`);
  const y = asNumber(b, `'${op}'`);
  if (typeof x === 'number' && typeof y === 'number') {
    const r = op === '+' ? x + y : op === '-' ? x - y : x * y;
    if (Number.isSafeInteger(r)) return r;
  }
  const bx = BigInt(x);
  const by = BigInt(y);
  const r = op === '+' ? bx + by : op === '-' ? bx - by : bx * by;
  // 64-bit integer arithmetic wraps, as Int64 does in the product.
  return normalize(BigInt.asIntN(64, r));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function sign(d: number): number {
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

function compareNumbers(x: number | bigint, y: number | bigint): number {
  if (typeof x === 'number' && typeof y === 'number') return sign(x - y);
  const bx = BigInt(x);
  const by = BigInt(y);
  return bx < by ? -1 : bx > by ? 1 : 0;
}

function boolFromText(s: string): boolean | undefined {
  const t = s.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/**
 * Orders two scalars, or `undefined` when they cannot be compared. Strings compare ordinally
 * (case-sensitive, VBA's default `Option Compare Binary`); references compare their DNs without
 * regard to case, as directory DNs do.
 */
export function compareScalars(a: Scalar, b: Scalar): number | undefined {
  const an = typeof a === 'number' || typeof a === 'bigint';
  const bn = typeof b === 'number' || typeof b === 'bigint';
  if (an && bn) return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (an && typeof b === 'string') {
    const y = parseInteger(b);
    return y === undefined ? undefined : compareNumbers(a, y);
  }
  if (bn && typeof a === 'string') {
    const x = parseInteger(a);
    return x === undefined ? undefined : compareNumbers(x, b);
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const x =
      typeof a === 'boolean'
        ? a
        : typeof a === 'string'
          ? boolFromText(a)
          : an
            ? a != 0
            : undefined;
    const y =
      typeof b === 'boolean'
        ? b
        : typeof b === 'string'
          ? boolFromText(b)
          : bn
            ? b != 0
            : undefined;
    if (x === undefined || y === undefined) return undefined;
    return x === y ? 0 : x ? 1 : -1;
  }
  if ((a instanceof Ref || typeof a === 'string') && (b instanceof Ref || typeof b === 'string')) {
    const x = (a instanceof Ref ? a.dn : a).toLowerCase();
    const y = (b instanceof Ref ? b.dn : b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof DateTime && b instanceof DateTime) return compareNumbers(a.fileTime, b.fileTime);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  return undefined;
}

/** Equality of two values as the operators and Contains/RemoveDuplicates see it. */
export function scalarsEqual(a: Scalar, b: Scalar): boolean {
  return compareScalars(a, b) === 0;
}

/**
 * Comparisons are two-valued: NULL equals only NULL, and every ordering test with a NULL side is
 * False (the default rules rely on `[absent] = True` being False). [inferred]
 */
function comparison(op: BinaryOperator, a: FlowValue, b: FlowValue): boolean {
  if (a === null || b === null) {
    const eq = a === b;
    return op === '=' ? eq : op === '<>' ? !eq : false;
  }
  const c = compareScalars(a as Scalar, b as Scalar);
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c !== undefined && c < 0;
    case '<=':
      return c !== undefined && c <= 0;
    case '>':
      return c !== undefined && c > 0;
    default:
      return c !== undefined && c >= 0;
  }
}

function applyScalar(op: BinaryOperator, a: FlowValue, b: FlowValue): FlowValue {
  switch (op) {
    case '&':
      return concat(a, b);
    case '+':
    case '-':
    case '*':
      return arithmetic(op, a, b);
    case '&&':
      return asBoolean(a, "'&&'") && asBoolean(b, "'&&'");
    case '||':
      return asBoolean(a, "'||'") || asBoolean(b, "'||'");
    default:
      return comparison(op, a, b);
  }
}

/**
 * Applies a binary operator to two evaluated operands (compile.ts short-circuits `&&` and `||`
 * before calling this when the left operand alone decides). A multi-valued operand maps the operator over its values; two multi-valued
 * operands of the same length pair up.
 */
export function applyBinary(op: BinaryOperator, a: FlowValue, b: FlowValue): FlowValue {
  if (isSpecial(a) || isSpecial(b)) {
    return fail(`'${op}' cannot take ${typeName(isSpecial(a) ? a : b)} as an operand.`);
  }
  const am = Array.isArray(a);
  const bm = Array.isArray(b);
  if (!am && !bm) return applyScalar(op, a, b);
  const av = a as readonly Scalar[];
  const bv = b as readonly Scalar[];
  if (am && bm && av.length !== bv.length) {
    return fail(
      `'${op}' cannot pair multi-valued operands with ${av.length} and ${bv.length} values.`,
    );
  }
  const n = am ? av.length : bv.length;
  const out: Scalar[] = [];
  for (let i = 0; i < n; i++) {
    const r = applyScalar(op, am ? (av[i] ?? null) : a, bm ? (bv[i] ?? null) : b);
    if (r !== null) out.push(r as Scalar);
  }
  return multi(out);
}
