/**
 * Why an expression gives the value it gives: the value of every sub-expression (each call,
 * operator and attribute read) on one object, which branch of each IIF was taken, and the result
 * per value when the input is multi-valued. The rules editor's Test panel shows this to learners.
 */
import {
  checkExpression,
  evaluateExpression,
  parseExpression,
  type CheckContext,
  type Diagnostic,
  type ExprNode,
} from '../expr/index.ts';
import type { EvalContext } from '../expr/runtime.ts';
import type { EvalResult, Scalar } from '../expr/values.ts';

/** What happened to one sub-expression. */
export type StepOutcome =
  { status: 'evaluated'; result: EvalResult } | { status: 'skipped'; reason: string };

export interface ExpressionStep {
  start: number;
  end: number;
  /** The sub-expression's source text. */
  text: string;
  /** Nesting depth, 0 for the whole expression. */
  depth: number;
  outcome: StepOutcome;
}

export interface PerValueRow {
  input: Scalar;
  result: EvalResult;
}

export type Explanation =
  | { ok: false; diagnostics: Diagnostic[] }
  | {
      ok: true;
      /** Warnings of the checker (an attribute missing from the schema …). */
      diagnostics: Diagnostic[];
      result: EvalResult;
      steps: ExpressionStep[];
      /** Present when exactly one multi-valued attribute with several values is read. */
      perValue?: { attribute: string; rows: PerValueRow[] };
    };

const BINDERS = new Set(['Select', 'Where', 'With']);

/** `$variables` used in `node` and not bound inside it. */
function freeVariables(node: ExprNode): Set<string> {
  switch (node.kind) {
    case 'Variable':
      return new Set([node.name]);
    case 'Paren':
      return freeVariables(node.expression);
    case 'Binary':
      return new Set([...freeVariables(node.left), ...freeVariables(node.right)]);
    case 'Call': {
      const first = node.args[0];
      if (BINDERS.has(node.name) && first?.kind === 'Variable') {
        const out = new Set<string>();
        const [, source, body] = node.args;
        if (source) for (const v of freeVariables(source)) out.add(v);
        if (body) for (const v of freeVariables(body)) if (v !== first.name) out.add(v);
        for (const extra of node.args.slice(3)) for (const v of freeVariables(extra)) out.add(v);
        return out;
      }
      const out = new Set<string>();
      for (const a of node.args) for (const v of freeVariables(a)) out.add(v);
      return out;
    }
    default:
      return new Set();
  }
}

function attributesRead(node: ExprNode, out: Set<string>): Set<string> {
  if (node.kind === 'Attribute') out.add(node.name);
  else if (node.kind === 'Paren') attributesRead(node.expression, out);
  else if (node.kind === 'Binary') {
    attributesRead(node.left, out);
    attributesRead(node.right, out);
  } else if (node.kind === 'Call') for (const a of node.args) attributesRead(a, out);
  return out;
}

const SHOWN = new Set<ExprNode['kind']>(['Call', 'Binary', 'Attribute', 'Parameter']);

/**
 * Parses, checks and evaluates an expression on one object, recording every sub-expression.
 * Branches of an IIF that its condition did not choose are reported as not evaluated, as the
 * engine does not evaluate them either; sub-expressions that use a `$variable` bound by an outer
 * Select/Where/With have no value of their own and are reported as such.
 *
 * @example
 * const e = explainExpression('IIF(IsPresent([sn]), [sn], "none")', { attributes: { sn: 'Lee' } });
 * // e.ok && e.steps: IIF(...) → 'Lee', IsPresent([sn]) → true, [sn] → 'Lee', "none" not evaluated
 */
export function explainExpression(
  text: string,
  ctx: EvalContext,
  check: CheckContext = {},
): Explanation {
  const parsed = parseExpression(text);
  if (!parsed.ast) return { ok: false, diagnostics: parsed.diagnostics };
  const diagnostics = [...parsed.diagnostics, ...checkExpression(parsed.ast, check)];
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  const ast = parsed.ast;
  const steps: ExpressionStep[] = [];

  const visit = (node: ExprNode, depth: number, skipped: string | null): void => {
    if (node.kind === 'Paren') {
      visit(node.expression, depth, skipped);
      return;
    }
    let result: EvalResult | undefined;
    if (SHOWN.has(node.kind)) {
      let outcome: StepOutcome;
      if (skipped !== null) outcome = { status: 'skipped', reason: skipped };
      else {
        const free = [...freeVariables(node)];
        if (free.length > 0) {
          outcome = {
            status: 'skipped',
            reason: `Depends on ${free.map((v) => '$' + v).join(', ')}, bound by an enclosing function.`,
          };
        } else {
          result = evaluateExpression(node, ctx);
          outcome = { status: 'evaluated', result };
        }
      }
      steps.push({
        start: node.start,
        end: node.end,
        text: text.slice(node.start, node.end),
        depth,
        outcome,
      });
    }
    if (node.kind === 'Binary') {
      visit(node.left, depth + 1, skipped);
      visit(node.right, depth + 1, skipped);
    } else if (node.kind === 'Call') {
      if (node.name === 'IIF' && node.args.length === 3 && skipped === null) {
        const [condition, whenTrue, whenFalse] = node.args as [ExprNode, ExprNode, ExprNode];
        const before = steps.length;
        visit(condition, depth + 1, null);
        const conditionStep = steps[before];
        const value =
          conditionStep?.outcome.status === 'evaluated' && conditionStep.outcome.result.ok
            ? conditionStep.outcome.result.value
            : undefined;
        const chose = (b: boolean) =>
          `Not evaluated: the IIF condition is ${b ? 'True' : 'False'}.`;
        visit(whenTrue, depth + 1, value === false ? chose(false) : null);
        visit(whenFalse, depth + 1, value === true ? chose(true) : null);
      } else {
        for (const a of node.args) visit(a, depth + 1, skipped);
      }
    }
  };
  visit(ast, 0, null);

  const result = evaluateExpression(ast, ctx);
  const multi = [...attributesRead(ast, new Set())].filter((name) => {
    const v = ctx.attributes[name];
    return Array.isArray(v) && v.length > 1;
  });
  let perValue: { attribute: string; rows: PerValueRow[] } | undefined;
  const [only] = multi;
  if (multi.length === 1 && only !== undefined) {
    const values = ctx.attributes[only] as readonly Scalar[];
    perValue = {
      attribute: only,
      rows: values.map((input) => ({
        input,
        result: evaluateExpression(ast, {
          ...ctx,
          attributes: { ...ctx.attributes, [only]: [input] },
        }),
      })),
    };
  }
  return { ok: true, diagnostics, result, steps, ...(perValue ? { perValue } : {}) };
}
