/**
 * How a function of the expression language is described: its documented signatures (for the
 * checker) and its implementation (for the evaluator).
 */
import type { EvalContext } from '../runtime.ts';
import type { FlowValue } from '../values.ts';

/** Parameter types of the reference (plus `variable` and `func` for Select/Where/With). */
export type ParamType =
  | 'str'
  | 'num'
  | 'bool'
  | 'bin'
  | 'ref'
  | 'dt'
  | 'mvstr'
  | 'mvbin'
  | 'mvref'
  | 'mvattr'
  | 'var'
  | 'exp'
  | 'enum'
  | 'variable'
  | 'func';

/** Result types; `mvattr` and `var` depend on the arguments. */
export type ReturnType = Exclude<ParamType, 'exp' | 'enum' | 'variable' | 'func'> | 'void';

export interface Signature {
  params: readonly ParamType[];
  /** Number of leading `params` that must be given; the rest are optional. Default: all. */
  required?: number;
  /** A group of parameters that may repeat after `params` (Switch's condition/value pairs). */
  repeat?: readonly ParamType[];
  returns: ReturnType;
}

/** Variable bindings of Select/Where/With, innermost first. */
export interface Frame {
  readonly name: string;
  value: FlowValue;
  readonly parent: Frame | null;
}

/** A compiled sub-expression. */
export type Compiled = (ctx: EvalContext, frame: Frame | null) => FlowValue;

interface FunctionBase {
  name: string;
  signatures: readonly Signature[];
  /** Allowed bare words at an argument position, e.g. `{ 2: ['CaseSensitive', 'CaseInsensitive'] }`. */
  enums?: Readonly<Record<number, readonly string[]>>;
  /** True for Now/Guid/RandomNum: the result is not a function of the arguments alone. */
  volatile?: boolean;
}

/** Arguments are evaluated first; at `lift` positions a multi-valued argument maps the call per value. */
export interface StrictFunction extends FunctionBase {
  kind: 'strict';
  lift: readonly number[];
  impl: (args: FlowValue[], ctx: EvalContext) => FlowValue;
}

/** The function decides which arguments to evaluate (IIF, Select, Where, With). */
export interface LazyFunction extends FunctionBase {
  kind: 'lazy';
  compile: (args: readonly Compiled[], argNames: readonly (string | null)[]) => Compiled;
}

export type FunctionDef = StrictFunction | LazyFunction;

/** Shorthand for one signature: `sig('str', 'str', 'num')` = `str F(str, num)`. */
export function sig(returns: ReturnType, ...params: ParamType[]): Signature {
  return { params, returns };
}

/** A signature whose trailing parameters are optional: `opt(1, 'str', 'mvstr', 'str')`. */
export function opt(required: number, returns: ReturnType, ...params: ParamType[]): Signature {
  return { params, returns, required };
}

/**
 * A one-value function applied per value of a multi-valued argument, NULL in giving NULL out;
 * `fn` only ever sees a present single value.
 */
export function perValue(
  name: string,
  signatures: readonly Signature[],
  fn: (v: FlowValue, ctx: EvalContext) => FlowValue,
): StrictFunction {
  return {
    name,
    kind: 'strict',
    signatures,
    lift: [0],
    impl: ([v], ctx) => (v == null ? null : fn(v, ctx)),
  };
}
