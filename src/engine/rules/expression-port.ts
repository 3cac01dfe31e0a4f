/**
 * The one place the rules layer reaches the expression language, so that rules compile every
 * expression once and the engine never evaluates text.
 */
import type { ExprNode } from '../expr/ast.ts';
import { compileExpression } from '../expr/index.ts';
import type { EvalContext } from '../expr/runtime.ts';
import type { EvalResult } from '../expr/values.ts';

export interface ExpressionDiagnostic {
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
}

export type CompiledExpression =
  | {
      ok: true;
      evaluate: (ctx: EvalContext) => EvalResult;
      diagnostics: ExpressionDiagnostic[];
      /** The attributes the expression reads, or `null` when its result can change without them. */
      inputs: readonly string[] | null;
    }
  | { ok: false; diagnostics: ExpressionDiagnostic[] };

/**
 * Compiles one flow expression.
 *
 * @example
 * const c = compileFlowExpression('Trim([sn])');
 * if (c.ok) c.evaluate({ attributes: { sn: ' Doe ' } }); // { ok: true, value: 'Doe' }
 */
export function compileFlowExpression(text: string): CompiledExpression {
  const r = compileExpression(text);
  const diagnostics = r.diagnostics.map((d) => ({
    message: d.message,
    start: d.start,
    end: d.end,
    severity: d.severity === 'error' ? ('error' as const) : ('warning' as const),
  }));
  return r.ok
    ? { ok: true, evaluate: r.evaluate, diagnostics, inputs: expressionInputs(r.ast) }
    : { ok: false, diagnostics };
}

/** Functions whose result depends on more than their arguments: the clock, randomness, the import. */
const VOLATILE = new Set(['Now', 'RandomNum', 'Guid', 'ImportedValue']);

/**
 * The attributes an expression reads (`[attr]`; a parameter reads `dn`, which decides the domain
 * parameters), or `null` when it calls a function that reads something else.
 *
 * @example
 * expressionInputs(parseExpression('Left([givenName],1) & [sn]').ast) // ['givenName', 'sn']
 */
export function expressionInputs(ast: ExprNode): readonly string[] | null {
  const out = new Set<string>();
  let volatile = false;
  const walk = (n: ExprNode): void => {
    switch (n.kind) {
      case 'Attribute':
        out.add(n.name);
        return;
      case 'Parameter':
        out.add('dn');
        return;
      case 'Call':
        if (VOLATILE.has(n.name)) volatile = true;
        for (const a of n.args) walk(a);
        return;
      case 'Binary':
        walk(n.left);
        walk(n.right);
        return;
      case 'Paren':
        walk(n.expression);
        return;
      default:
        return;
    }
  };
  walk(ast);
  return volatile ? null : [...out];
}
