/**
 * The one place the rules layer reaches the expression language, so that rules compile every
 * expression once and the engine never evaluates text.
 */
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
  | { ok: true; evaluate: (ctx: EvalContext) => EvalResult; diagnostics: ExpressionDiagnostic[] }
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
  return r.ok ? { ok: true, evaluate: r.evaluate, diagnostics } : { ok: false, diagnostics };
}
