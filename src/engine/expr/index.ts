/**
 * Entra Connect Sync's declarative provisioning expression language: parse, check, compile,
 * evaluate and print.
 *
 * @example
 * const flow = compileExpression('IIF(IsPresent([sn]), Trim([sn]), NULL)');
 * if (flow.ok) flow.evaluate({ attributes: { sn: ' Doe ' } }); // { ok: true, value: 'Doe' }
 */
import type { Diagnostic, ExprNode } from './ast.ts';
import { checkExpression, type CheckContext } from './checker.ts';
import { compileNode, run } from './compile.ts';
import { parseExpression } from './parser.ts';
import type { EvalContext } from './runtime.ts';
import type { EvalResult } from './values.ts';

export type {
  BinaryNode,
  BinaryOperator,
  CallNode,
  Diagnostic,
  ExprNode,
  LiteralKeyword,
  Severity,
  Span,
} from './ast.ts';
export { walk } from './ast.ts';
export { tokenize, type Token, type TokenKind } from './lexer.ts';
export { parseExpression, type ParseResult } from './parser.ts';
export {
  checkExpression,
  inferType,
  suggest,
  type CheckContext,
  type StaticType,
} from './checker.ts';
export { printExpression } from './printer.ts';
export { FLOW_FAILED, FUNCTION_TRIGGERED, type EvalContext } from './runtime.ts';
export {
  decodeAttributeCode,
  schemaFromTable,
  type AttributeSyntax,
  type AttributeType,
  type ExprSchema,
} from './schema.ts';
export { CLOUD_PROVISIONING_FUNCTIONS, functionNames, getFunction } from './functions/index.ts';
export type { FunctionDef, ParamType, ReturnType, Signature } from './functions/types.ts';

/** A compiled expression, ready to evaluate on many objects. */
export interface CompiledExpression {
  ok: true;
  ast: ExprNode;
  /** Diagnostics that did not stop compilation (warnings). */
  diagnostics: Diagnostic[];
  evaluate(ctx: EvalContext): EvalResult;
}

export type CompileResult = CompiledExpression | { ok: false; diagnostics: Diagnostic[] };

/**
 * Parses, checks and compiles an expression once; `evaluate` then runs it with no parsing.
 * Compilation fails on any error diagnostic (warnings, such as an attribute missing from the
 * schema, are returned but do not stop it).
 *
 * @example
 * const c = compileExpression('Left([sn], 3)');
 * if (c.ok) c.evaluate({ attributes: { sn: 'Doe-Smith' } }); // { ok: true, value: 'Doe' }
 */
export function compileExpression(text: string, context: CheckContext = {}): CompileResult {
  const parsed = parseExpression(text);
  if (!parsed.ast) return { ok: false, diagnostics: parsed.diagnostics };
  const diagnostics = [...parsed.diagnostics, ...checkExpression(parsed.ast, context)];
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  const compiled = compileNode(parsed.ast);
  return { ok: true, ast: parsed.ast, diagnostics, evaluate: (ctx) => run(compiled, ctx) };
}

/**
 * Evaluates an expression (text or a parsed tree) once. Text that does not parse gives an
 * `expression-invalid` error result; prefer {@link compileExpression} to see diagnostics and to
 * evaluate repeatedly.
 *
 * @example
 * evaluateExpression('Word("The quick brown fox", 3, " ")', { attributes: {} });
 * // { ok: true, value: 'brown' }
 */
export function evaluateExpression(textOrAst: string | ExprNode, ctx: EvalContext): EvalResult {
  let ast: ExprNode;
  if (typeof textOrAst === 'string') {
    const parsed = parseExpression(textOrAst);
    if (!parsed.ast) {
      const d = parsed.diagnostics[0];
      return {
        ok: false,
        error: { type: 'expression-invalid', message: d ? d.message : 'Invalid expression.' },
      };
    }
    ast = parsed.ast;
  } else {
    ast = textOrAst;
  }
  return run(compileNode(ast), ctx);
}
