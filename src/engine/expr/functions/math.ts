/** Numeric functions: BitAnd, BitOr, IsBitSet, RandomNum. */
import { asBigInt, asNumber, fail, normalize } from '../runtime.ts';
import type { FlowValue } from '../values.ts';
import { sig, type FunctionDef } from './types.ts';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function isInt32(v: number | bigint): v is number {
  return typeof v === 'number' && v >= INT32_MIN && v <= INT32_MAX;
}

/** Bitwise operation on 64-bit integers; the 32-bit fast path avoids BigInt for common masks. */
function bitwise(
  op: 'and' | 'or',
  a: FlowValue | undefined,
  b: FlowValue | undefined,
  fn: string,
): FlowValue {
  if (a == null || b == null) return null;
  const x = asNumber(a, fn);
  const y = asNumber(b, fn);
  if (isInt32(x) && isInt32(y)) return op === 'and' ? x & y : x | y;
  const bx = BigInt.asIntN(64, BigInt(x));
  const by = BigInt.asIntN(64, BigInt(y));
  return normalize(op === 'and' ? bx & by : bx | by);
}

export const mathFunctions: FunctionDef[] = [
  {
    name: 'BitAnd',
    kind: 'strict',
    signatures: [sig('num', 'num', 'num')],
    lift: [0, 1],
    impl: ([a, b]) => bitwise('and', a, b, 'BitAnd'),
  },
  {
    name: 'BitOr',
    kind: 'strict',
    signatures: [sig('num', 'num', 'num')],
    lift: [0, 1],
    impl: ([a, b]) => bitwise('or', a, b, 'BitOr'),
  },
  {
    name: 'IsBitSet',
    kind: 'strict',
    signatures: [sig('bool', 'num', 'num')],
    lift: [0, 1],
    impl([a, b]) {
      if (a == null || b == null) return false;
      return BigInt.asIntN(64, asBigInt(a, 'IsBitSet') & asBigInt(b, 'IsBitSet')) !== 0n;
    },
  },
  {
    name: 'RandomNum',
    kind: 'strict',
    signatures: [sig('num', 'num', 'num')],
    lift: [],
    volatile: true,
    impl([a, b], ctx) {
      const random = ctx.random ?? fail('RandomNum: no random source is configured.');
      const lo = Number(asNumber(a ?? null, 'RandomNum'));
      const hi = Number(asNumber(b ?? null, 'RandomNum'));
      if (hi < lo) return fail('RandomNum: the end must not be less than the start.');
      return lo + Math.floor(random() * (hi - lo + 1));
    },
  },
];
