/**
 * The Synchronization Rules Editor's side of the worker: plain-data DTOs and the methods that adapt
 * the engine to them. No rule logic lives here; it is in src/engine/rules/*.
 */
import { type CheckContext, checkExpression, parseExpression } from '../engine/expr/index.ts';
import type { EvalContext } from '../engine/expr/runtime.ts';
import {
  AUTHORITATIVE_NULL,
  DateTime,
  IGNORE_THIS_FLOW,
  Ref,
  type AttributeBag,
  type EvalResult,
  type FlowValue,
  type Scalar,
} from '../engine/expr/values.ts';
import { bytesToBase64, bytesToGuid, bytesToSid } from '../engine/io/binary.ts';
import { dateTimeToIso } from '../engine/io/json-values.ts';
import {
  attributesOf,
  objectTypesOf,
  schemaOf,
  valueFromText,
  type AttributeInfo,
  type SchemaKind,
} from '../engine/rules/editor-schema.ts';
import { seededRandom } from '../engine/sync/engine.ts';
import { explainExpression } from '../engine/rules/explain-expression.ts';
import { allFunctionHelp, type FunctionHelp } from '../engine/rules/function-docs.ts';
import type { Direction } from '../engine/rules/model.ts';

// ------------------------------------------------------------------------------------ DTOs

/** A side of a rule: the AD or Entra ID connector space, or the metaverse, and an object type. */
export interface SchemaRefDto {
  kind: SchemaKind;
  objectType?: string;
}

export interface NamedDocDto {
  name: string;
  doc: string;
}

/** Everything completion and hover need that does not depend on the rule. */
export interface ExpressionCatalogDto {
  functions: FunctionHelp[];
  parameters: NamedDocDto[];
  keywords: NamedDocDto[];
}

export interface ExprDiagnosticDto {
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
}

/** An expression and where it runs: the attributes it reads and the rule's direction. */
export interface ExpressionRequestDto {
  expression: string;
  source: SchemaRefDto;
  direction: Direction;
}

/** Typed-in attribute values, one text per value (several for a multi-valued attribute). */
export interface TypedAttributeDto {
  name: string;
  values: string[];
}

export type TestInputDto = { kind: 'typed'; attributes: TypedAttributeDto[] };

export interface TestExpressionRequestDto extends ExpressionRequestDto {
  input: TestInputDto;
  /** `%Name%` values, e.g. `{ 'Domain.Netbios': 'CONTOSO' }`. */
  parameters?: Record<string, string>;
}

/** A value as the Test panel shows it: text only, one entry per value. */
export interface DisplayValueDto {
  /** `NULL`, `string`, `number`, `Boolean`, `binary`, `reference`, `date`, `multi-valued` … */
  type: string;
  values: string[];
}

export type ResultDto =
  { ok: true; value: DisplayValueDto } | { ok: false; error: { type: string; message: string } };

export interface TestStepDto {
  start: number;
  end: number;
  text: string;
  depth: number;
  outcome: { status: 'evaluated'; result: ResultDto } | { status: 'skipped'; reason: string };
}

export type TestExpressionResponseDto =
  | { ok: false; diagnostics: ExprDiagnosticDto[]; inputErrors: string[] }
  | {
      ok: true;
      diagnostics: ExprDiagnosticDto[];
      result: ResultDto;
      steps: TestStepDto[];
      perValue?: { attribute: string; rows: { input: string; result: ResultDto }[] };
    };

/** The Synchronization Rules Editor. */
export interface RulesApi {
  rulesCatalog(): ExpressionCatalogDto;
  rulesObjectTypes(kind: SchemaKind): string[];
  rulesAttributes(ref: SchemaRefDto): AttributeInfo[];
  rulesCheckExpression(request: ExpressionRequestDto): ExprDiagnosticDto[];
  rulesTestExpression(request: TestExpressionRequestDto): TestExpressionResponseDto;
}

// ------------------------------------------------------------------------------------ adapters

const PARAMETERS: NamedDocDto[] = [
  { name: 'Domain.Netbios', doc: 'NetBIOS name of the domain being imported, e.g. CONTOSO.' },
  { name: 'Domain.FQDN', doc: 'DNS name of the domain being imported, e.g. contoso.com.' },
  { name: 'Domain.LDAP', doc: 'LDAP form of the domain, e.g. DC=contoso,DC=com.' },
  { name: 'Forest.Netbios', doc: 'NetBIOS name of the forest.' },
  { name: 'Forest.FQDN', doc: 'DNS name of the forest.' },
  { name: 'Forest.LDAP', doc: 'LDAP form of the forest root domain.' },
  { name: 'Connector.ID', doc: 'The identifier of the connector the rule belongs to.' },
];

const KEYWORDS: NamedDocDto[] = [
  { name: 'True', doc: 'Boolean true.' },
  { name: 'False', doc: 'Boolean false.' },
  { name: 'NULL', doc: 'Nothing to contribute: a lower-precedence rule may contribute.' },
  {
    name: 'AuthoritativeNull',
    doc: 'Forces the target empty: no lower-precedence rule may contribute.',
  },
  {
    name: 'IgnoreThisFlow',
    doc: 'Contributes nothing and leaves the target value as it is.',
  },
  { name: 'CRLF', doc: 'A carriage return and line feed.' },
];

function checkContext(request: ExpressionRequestDto): CheckContext {
  return {
    schema: schemaOf(request.source.kind, request.source.objectType),
    direction: request.direction,
  };
}

function diagnosticDto(d: ExprDiagnosticDto): ExprDiagnosticDto {
  return { message: d.message, start: d.start, end: d.end, severity: d.severity };
}

function scalarText(v: Scalar): { type: string; text: string } {
  if (typeof v === 'string') return { type: 'string', text: JSON.stringify(v) };
  if (typeof v === 'boolean') return { type: 'Boolean', text: v ? 'True' : 'False' };
  if (typeof v === 'number' || typeof v === 'bigint') return { type: 'number', text: String(v) };
  if (v instanceof Ref) return { type: 'reference', text: v.dn };
  if (v instanceof DateTime) return { type: 'date', text: dateTimeToIso(v) };
  const readable = v.length === 16 ? bytesToGuid(v) : bytesToSid(v);
  return { type: 'binary', text: readable ?? bytesToBase64(v) };
}

/** A value as text; never markup. */
export function displayValue(v: FlowValue): DisplayValueDto {
  if (v === null) return { type: 'NULL', values: ['NULL'] };
  if (v === AUTHORITATIVE_NULL) return { type: 'special', values: ['AuthoritativeNull'] };
  if (v === IGNORE_THIS_FLOW) return { type: 'special', values: ['IgnoreThisFlow'] };
  if (Array.isArray(v)) {
    return {
      type: 'multi-valued',
      values: (v as readonly Scalar[]).map((s) => scalarText(s).text),
    };
  }
  const one = scalarText(v as Scalar);
  return { type: one.type, values: [one.text] };
}

function resultDto(r: EvalResult): ResultDto {
  return r.ok
    ? { ok: true, value: displayValue(r.value) }
    : { ok: false, error: { type: r.error.type, message: r.error.message } };
}

function typedAttributes(
  attributes: readonly TypedAttributeDto[],
  source: SchemaRefDto,
): { bag: AttributeBag; errors: string[] } {
  const schema = schemaOf(source.kind, source.objectType);
  const bag: AttributeBag = {};
  const errors: string[] = [];
  for (const { name, values } of attributes) {
    const trimmed = name.trim();
    if (!trimmed || values.length === 0) continue;
    const type = schema.attributes.get(trimmed);
    const out: Scalar[] = [];
    for (const text of values) {
      const r = valueFromText(text, type, trimmed);
      if (r.ok) out.push(r.value);
      else errors.push(`${trimmed}: ${r.message}`);
    }
    bag[trimmed] = type?.multi || out.length > 1 ? out : (out[0] as Scalar);
  }
  return { bag, errors };
}

function rulesTestExpression(request: TestExpressionRequestDto): TestExpressionResponseDto {
  const { bag, errors } = typedAttributes(request.input.attributes, request.source);
  if (errors.length > 0) return { ok: false, diagnostics: [], inputErrors: errors };
  const ctx: EvalContext = {
    attributes: bag,
    parameters: request.parameters ?? {},
    // The Test panel is a lab: a fixed clock and seed keep Now() and RandomNum() reproducible.
    clock: () => 133_500_000_000_000_000n,
    random: seededRandom(1),
  };
  const e = explainExpression(request.expression, ctx, checkContext(request));
  if (!e.ok) return { ok: false, diagnostics: e.diagnostics.map(diagnosticDto), inputErrors: [] };
  return {
    ok: true,
    diagnostics: e.diagnostics.map(diagnosticDto),
    result: resultDto(e.result),
    steps: e.steps.map((s) => ({
      start: s.start,
      end: s.end,
      text: s.text,
      depth: s.depth,
      outcome:
        s.outcome.status === 'evaluated'
          ? { status: 'evaluated', result: resultDto(s.outcome.result) }
          : { status: 'skipped', reason: s.outcome.reason },
    })),
    ...(e.perValue
      ? {
          perValue: {
            attribute: e.perValue.attribute,
            rows: e.perValue.rows.map((r) => ({
              input: scalarText(r.input).text,
              result: resultDto(r.result),
            })),
          },
        }
      : {}),
  };
}

export const rulesApi: RulesApi = {
  rulesCatalog: () => ({
    functions: allFunctionHelp(),
    parameters: PARAMETERS,
    keywords: KEYWORDS,
  }),
  rulesObjectTypes: (kind) => objectTypesOf(kind),
  rulesAttributes: (ref) => attributesOf(ref.kind, ref.objectType),
  rulesCheckExpression: (request) => {
    const parsed = parseExpression(request.expression);
    const diagnostics = parsed.ast
      ? [...parsed.diagnostics, ...checkExpression(parsed.ast, checkContext(request))]
      : parsed.diagnostics;
    return diagnostics.map(diagnosticDto);
  },
  rulesTestExpression,
};
