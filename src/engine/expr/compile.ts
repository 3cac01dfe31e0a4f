/**
 * Turns a syntax tree into a tree of closures once, so that evaluating the same flow on many
 * objects costs no parsing and no tree dispatch.
 */
import type { ExprNode } from './ast.ts';
import { getFunction } from './functions/index.ts';
import type { Compiled, Frame, StrictFunction } from './functions/types.ts';
import { applyBinary } from './operators.ts';
import {
  ExprFailure,
  FLOW_FAILED,
  fail,
  multi,
  readAttribute,
  type EvalContext,
} from './runtime.ts';
import {
  AUTHORITATIVE_NULL,
  IGNORE_THIS_FLOW,
  isSpecial,
  type EvalResult,
  type FlowValue,
  type Scalar,
} from './values.ts';

function lookupVariable(frame: Frame | null, name: string): FlowValue {
  for (let f = frame; f; f = f.parent) if (f.name === name) return f.value;
  return fail(`The variable '$${name}' is not defined here.`);
}

function callStrict(def: StrictFunction, args: FlowValue[], ctx: EvalContext): FlowValue {
  const lift = def.lift;
  let n = -1;
  for (let k = 0; k < lift.length; k++) {
    const a = args[lift[k] ?? -1];
    if (Array.isArray(a)) {
      if (n >= 0 && a.length !== n) {
        fail(`${def.name}: multi-valued arguments have different numbers of values.`);
      }
      n = a.length;
    }
  }
  if (n < 0) return def.impl(args, ctx);
  // Per-value application: the function sees one value at a time and NULL results drop out.
  const out: Scalar[] = [];
  const one = args.slice();
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < lift.length; k++) {
      const p = lift[k] ?? -1;
      const a = args[p];
      if (Array.isArray(a)) one[p] = (a as readonly Scalar[])[i] ?? null;
    }
    const r = def.impl(one, ctx);
    if (r === null) continue;
    if (Array.isArray(r)) out.push(...(r as readonly Scalar[]));
    else if (isSpecial(r)) return r;
    else out.push(r as Scalar);
  }
  return multi(out);
}

/** Compiles one node. Unknown functions compile to a closure that fails when reached. */
export function compileNode(node: ExprNode): Compiled {
  switch (node.kind) {
    case 'Number': {
      const v = node.value;
      return () => v;
    }
    case 'String': {
      const v = node.value;
      return () => v;
    }
    case 'Boolean': {
      const v = node.value;
      return () => v;
    }
    case 'Keyword':
      switch (node.keyword) {
        case 'NULL':
          return () => null;
        case 'AuthoritativeNull':
          return () => AUTHORITATIVE_NULL;
        case 'IgnoreThisFlow':
          return () => IGNORE_THIS_FLOW;
        default:
          return () => '\r\n';
      }
    case 'Enum': {
      const v = node.name;
      return () => v;
    }
    case 'Attribute': {
      const name = node.name;
      return (ctx) => readAttribute(ctx.attributes, name);
    }
    case 'Parameter': {
      const name = node.name;
      return (ctx) => {
        const v = ctx.parameters?.[name];
        return v === undefined ? fail(`The parameter %${name}% is not defined.`) : v;
      };
    }
    case 'Variable': {
      const name = node.name;
      return (_ctx, frame) => lookupVariable(frame, name);
    }
    case 'Paren':
      return compileNode(node.expression);
    case 'Binary': {
      const op = node.op;
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      // `&&` and `||` short-circuit on a single Boolean left operand: the out-of-box mailEnabled
      // flow reads Item([proxyAddresses], Contains(...)) behind `Contains(...) > 0 &&`, and groups
      // without an SMTP address are documented to sync as not mail-enabled rather than fail.
      if (op === '&&') {
        return (ctx, frame) => {
          const l = left(ctx, frame);
          return l === false ? false : applyBinary(op, l, right(ctx, frame));
        };
      }
      if (op === '||') {
        return (ctx, frame) => {
          const l = left(ctx, frame);
          return l === true ? true : applyBinary(op, l, right(ctx, frame));
        };
      }
      return (ctx, frame) => applyBinary(op, left(ctx, frame), right(ctx, frame));
    }
    case 'Call': {
      const def = getFunction(node.name);
      const name = node.name;
      if (!def) return () => fail(`Unknown function '${name}'.`);
      const args = node.args.map(compileNode);
      if (def.kind === 'lazy') {
        const names = node.args.map((a) => (a.kind === 'Variable' ? a.name : null));
        return def.compile(args, names);
      }
      const count = args.length;
      // One argument buffer per call site: a site is never re-entered while its arguments are
      // being evaluated (the tree has no cycles), and implementations do not keep the array.
      // This saves an allocation per call on the hot path.
      const buffer: FlowValue[] = new Array<FlowValue>(count).fill(null);
      if (count === 0) return (ctx) => def.impl(buffer, ctx);
      if (count === 1) {
        const a0 = args[0] as Compiled;
        return (ctx, frame) => {
          buffer[0] = a0(ctx, frame);
          return callStrict(def, buffer, ctx);
        };
      }
      if (count === 2) {
        const a0 = args[0] as Compiled;
        const a1 = args[1] as Compiled;
        return (ctx, frame) => {
          const v0 = a0(ctx, frame);
          buffer[1] = a1(ctx, frame);
          buffer[0] = v0;
          return callStrict(def, buffer, ctx);
        };
      }
      return (ctx, frame) => {
        for (let i = 0; i < count; i++) buffer[i] = (args[i] as Compiled)(ctx, frame);
        return callStrict(def, buffer, ctx);
      };
    }
  }
}

/** Runs a compiled expression, turning domain errors into an `EvalResult`. */
export function run(compiled: Compiled, ctx: EvalContext): EvalResult {
  try {
    return { ok: true, value: compiled(ctx, null) };
  } catch (e) {
    if (e instanceof ExprFailure) return { ok: false, error: e.error };
    // Runaway recursion or a string/array past the engine's limits (PadLeft to 2^63) is a failure of
    // this object's flow, not of the engine.
    if (e instanceof RangeError && /call stack|string length|array length/i.test(e.message)) {
      return {
        ok: false,
        error: {
          type: FLOW_FAILED,
          message: `The expression could not be evaluated: ${e.message}.`,
        },
      };
    }
    throw e;
  }
}
