/**
 * Program flow: IIF, Switch, Error, and the variable-binding functions Select, Where and With.
 */
import { asBoolean, asList, asString, fail, FUNCTION_TRIGGERED, multi } from '../runtime.ts';
import { isSpecial, type FlowValue, type Scalar } from '../values.ts';
import { sig, type Compiled, type FunctionDef } from './types.ts';

function argAt(args: readonly Compiled[], i: number, fn: string): Compiled {
  return args[i] ?? (() => fail(`${fn}: argument ${i + 1} is missing.`));
}

function pickValue(v: FlowValue, i: number, n: number, fn: string): FlowValue {
  if (!Array.isArray(v)) return v;
  if (v.length !== n)
    return fail(`${fn}: multi-valued arguments have different numbers of values.`);
  return (v as readonly Scalar[])[i] ?? null;
}

/**
 * Select and Where: binds the $variable to each value of argument 2, evaluates argument 3 and lets
 * `step` collect; `step` may return a special value to end with it.
 */
function eachValue(
  fn: string,
  args: readonly Compiled[],
  names: readonly (string | null)[],
  step: (item: Scalar, result: FlowValue, out: Scalar[]) => FlowValue | undefined,
): Compiled {
  const name = names[0];
  if (name == null) return () => fail(`${fn}: the first argument must be a $variable.`);
  const source = argAt(args, 1, fn);
  const body = argAt(args, 2, fn);
  return (ctx, frame) => {
    const out: Scalar[] = [];
    const inner = { name, value: null as FlowValue, parent: frame };
    for (const item of asList(source(ctx, frame))) {
      inner.value = item;
      const stop = step(item, body(ctx, inner), out);
      if (stop !== undefined) return stop;
    }
    return multi(out);
  };
}

export const flowFunctions: FunctionDef[] = [
  {
    name: 'IIF',
    kind: 'lazy',
    signatures: [sig('var', 'exp', 'var', 'var')],
    compile(args) {
      const cond = argAt(args, 0, 'IIF');
      const whenTrue = argAt(args, 1, 'IIF');
      const whenFalse = argAt(args, 2, 'IIF');
      return (ctx, frame) => {
        const c = cond(ctx, frame);
        if (!Array.isArray(c)) {
          return asBoolean(c, 'IIF') ? whenTrue(ctx, frame) : whenFalse(ctx, frame);
        }
        // A multi-valued condition decides per value, pairing with multi-valued branches
        // (IIF(InStr([proxyAddresses],"SIP:")=1,NULL,[proxyAddresses]) drops SIP addresses).
        const conds = c as readonly Scalar[];
        const t = whenTrue(ctx, frame);
        const f = whenFalse(ctx, frame);
        const out: Scalar[] = [];
        for (let i = 0; i < conds.length; i++) {
          const v = asBoolean(conds[i] ?? null, 'IIF')
            ? pickValue(t, i, conds.length, 'IIF')
            : pickValue(f, i, conds.length, 'IIF');
          if (v === null) continue;
          if (isSpecial(v)) return v;
          out.push(v as Scalar);
        }
        return multi(out);
      };
    },
  },
  {
    name: 'Switch',
    kind: 'strict',
    // Documented as var Switch(exp expr1, var value1[, exp expr2, var value2 …]); every argument is
    // evaluated before one is picked, so an Error() anywhere fires.
    signatures: [{ params: ['exp', 'var'], repeat: ['exp', 'var'], returns: 'var' }],
    lift: [],
    impl(args) {
      if (args.length % 2 !== 0)
        return fail('Switch: arguments must come in condition/value pairs.');
      for (let i = 0; i < args.length; i += 2) {
        if (asBoolean(args[i] ?? null, 'Switch')) return args[i + 1] ?? null;
      }
      return null;
    },
  },
  {
    name: 'Error',
    kind: 'strict',
    signatures: [sig('void', 'str')],
    lift: [],
    impl(args) {
      const m = args[0] ?? null;
      const message =
        m === null
          ? ''
          : Array.isArray(m)
            ? m.map((x) => asString(x, 'Error')).join(' ')
            : asString(m, 'Error');
      return fail(message, FUNCTION_TRIGGERED);
    },
  },
  {
    name: 'Select',
    kind: 'lazy',
    signatures: [
      sig('mvattr', 'variable', 'mvattr', 'func'),
      sig('mvattr', 'variable', 'exp', 'func'),
    ],
    compile: (args, names) =>
      eachValue('Select', args, names, (item, r, out) => {
        if (r === null) return undefined;
        if (isSpecial(r)) return r;
        if (Array.isArray(r)) out.push(...(r as readonly Scalar[]));
        else out.push(r as Scalar);
        return undefined;
      }),
  },
  {
    name: 'Where',
    kind: 'lazy',
    signatures: [
      sig('mvattr', 'variable', 'mvattr', 'exp'),
      sig('mvattr', 'variable', 'exp', 'exp'),
    ],
    compile: (args, names) =>
      eachValue('Where', args, names, (item, r, out) => {
        if (asBoolean(r, 'Where')) out.push(item);
        return undefined;
      }),
  },
  {
    name: 'With',
    kind: 'lazy',
    signatures: [sig('var', 'variable', 'exp', 'exp')],
    compile(args, names) {
      const name = names[0];
      if (name == null) return () => fail('With: the first argument must be a $variable.');
      const sub = argAt(args, 1, 'With');
      const body = argAt(args, 2, 'With');
      return (ctx, frame) => body(ctx, { name, value: sub(ctx, frame), parent: frame });
    },
  },
];
