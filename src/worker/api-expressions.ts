import { compileExpression } from '../engine/expr/index.ts';
import { decodeJsonValue, encodeJsonValue } from '../engine/io/json-values.ts';
import type { AttributeBag } from '../engine/expr/values.ts';
import type { EvaluateRequest, EvaluateResponse, ExpressionApi, JsonValue } from './protocol.ts';

function evaluate(request: EvaluateRequest): EvaluateResponse {
  const attributes: AttributeBag = {};
  for (const [name, json] of Object.entries(request.attributes ?? {})) {
    const decoded = decodeJsonValue(json);
    if (!decoded.ok) {
      return {
        diagnostics: [{ message: `attributes.${name}: ${decoded.message}`, start: 0, end: 0 }],
      };
    }
    if (decoded.value !== null && typeof decoded.value !== 'symbol')
      attributes[name] = decoded.value;
  }
  const compiled = compileExpression(request.expression);
  if (!compiled.ok) {
    return {
      diagnostics: compiled.diagnostics.map(({ message, start, end }) => ({ message, start, end })),
    };
  }
  const result = compiled.evaluate({ attributes, parameters: request.parameters ?? {} });
  if (!result.ok) return { error: result.error };
  return { value: encodeJsonValue(result.value) as JsonValue };
}

export const expressionApi: ExpressionApi = { evaluate };
