import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryOperator, ExprNode } from './ast.ts';
import { checkExpression } from './checker.ts';
import { getFunction } from './functions/index.ts';
import type { ParamType } from './functions/types.ts';
import { compileExpression, parseExpression, printExpression } from './index.ts';
import { schemaFromTable } from './schema.ts';
import { DateTime, Ref, type AttributeBag, type Scalar } from './values.ts';

const span = { start: 0, end: 0 };
const OPERATORS: BinaryOperator[] = [
  '&',
  '+',
  '-',
  '*',
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '&&',
  '||',
];
const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const KEYWORDS = new Set(['True', 'False', 'NULL', 'AuthoritativeNull', 'IgnoreThisFlow', 'CRLF']);

/** Any syntactically valid tree (names need not exist: this is about syntax). */
const anyTree: fc.Arbitrary<ExprNode> = fc.letrec<{ node: ExprNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string().map((value): ExprNode => ({ kind: 'String', value, ...span })),
    fc
      .oneof(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))
      .map((v): ExprNode => {
        const value =
          typeof v === 'bigint' && v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v;
        return { kind: 'Number', value, raw: String(value), ...span };
      }),
    fc.integer({ min: 0, max: 0x7fffffff }).map((v): ExprNode => ({
      kind: 'Number',
      value: v,
      raw: '&H' + v.toString(16).toUpperCase(),
      ...span,
    })),
    fc.boolean().map((value): ExprNode => ({ kind: 'Boolean', value, ...span })),
    fc
      .constantFrom('NULL', 'AuthoritativeNull', 'IgnoreThisFlow', 'CRLF')
      .map((keyword): ExprNode => ({ kind: 'Keyword', keyword, ...span })),
    fc
      .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/)
      .map((name): ExprNode => ({ kind: 'Attribute', name, ...span })),
    fc
      .stringMatching(/^[A-Za-z][A-Za-z0-9]{0,5}(\.[A-Za-z][A-Za-z0-9]{0,5})?$/)
      .map((name): ExprNode => ({ kind: 'Parameter', name, ...span })),
    identifier
      .filter((n) => !KEYWORDS.has(n))
      .map((name): ExprNode => ({ kind: 'Enum', name, ...span })),
    identifier.map((name): ExprNode => ({ kind: 'Variable', name, ...span })),
    fc
      .tuple(identifier, fc.array(tie('node'), { maxLength: 3 }))
      .map(([name, args]): ExprNode => ({ kind: 'Call', name, nameEnd: 0, args, ...span })),
    fc
      .tuple(fc.constantFrom(...OPERATORS), tie('node'), tie('node'))
      .map(([op, left, right]): ExprNode => ({
        kind: 'Binary',
        op,
        opStart: 0,
        left,
        right,
        ...span,
      })),
    tie('node').map((expression): ExprNode => ({ kind: 'Paren', expression, ...span })),
  ),
})).node;

/** The tree without positions and parentheses: what an expression means. */
function shape(node: ExprNode): unknown {
  switch (node.kind) {
    case 'Paren':
      return shape(node.expression);
    case 'Call':
      return { call: node.name, args: node.args.map(shape) };
    case 'Binary':
      return { op: node.op, left: shape(node.left), right: shape(node.right) };
    case 'Number':
      return { number: String(node.value) };
    default: {
      const { start: _s, end: _e, ...rest } = node;
      return rest;
    }
  }
}

describe('properties', () => {
  it('print(parse(x)) means the same as x, and printing is stable', () => {
    fc.assert(
      fc.property(anyTree, (tree) => {
        const text = printExpression(tree);
        const parsed = parseExpression(text);
        expect(parsed.diagnostics).toEqual([]);
        if (!parsed.ast) throw new Error(text);
        expect(shape(parsed.ast)).toEqual(shape(tree));
        expect(printExpression(parsed.ast)).toBe(text);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('random text never crashes the parser; failures come with diagnostics inside the text', () => {
    const tokens = fc.constantFrom(
      'IIF',
      '(',
      ')',
      ',',
      '[sn]',
      '%Domain.FQDN%',
      '"x"',
      '"',
      '&',
      '&&',
      '&H',
      '&HFF',
      '-',
      '5',
      '$i',
      'NULL',
      '=',
      '<',
      '>',
      ' ',
      '\n',
      '[',
      '%',
      '||',
      '|',
      '!',
      '/',
      '“',
      '1.5',
      'True',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(tokens, { maxLength: 20 }).map((t) => t.join('')),
    );
    fc.assert(
      fc.property(text, (input) => {
        const r = parseExpression(input);
        if (r.ast === null) expect(r.diagnostics.length).toBeGreaterThan(0);
        for (const d of r.diagnostics) {
          expect(d.start).toBeGreaterThanOrEqual(0);
          expect(d.start).toBeLessThanOrEqual(d.end);
          expect(d.end).toBeLessThanOrEqual(input.length);
        }
        if (r.ast) checkExpression(r.ast, {});
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 2000) },
    );
  });

  it('deep nesting is a diagnostic, not a stack overflow', () => {
    const deep = 'Trim('.repeat(5000) + '"x"' + ')'.repeat(5000);
    expect(parseExpression(deep).diagnostics[0]?.message).toBe(
      'The expression is nested too deeply.',
    );
  });
});

// ---- well-typed random expressions ----------------------------------------------------------

const TABLE = {
  s: 's',
  s2: 's',
  n: 'n',
  big: 'n',
  b: 'b',
  x: 'x',
  r: 'r',
  S: 'S',
  X: 'X',
  R: 'R',
} as const;
const schema = schemaFromTable(TABLE);
const attributesOf: Record<string, string[]> = {
  str: ['s', 's2'],
  num: ['n', 'big'],
  bool: ['b'],
  bin: ['x'],
  ref: ['r'],
  mvstr: ['S'],
  mvbin: ['X'],
  mvref: ['R'],
};
/** Function names by result type, for the type-directed generator. */
const PRODUCERS: Record<string, string[]> = {
  str: [
    'Left',
    'Right',
    'Mid',
    'Trim',
    'LCase',
    'UCase',
    'PCase',
    'Word',
    'PadLeft',
    'Replace',
    'ReplaceChars',
    'Join',
    'CStr',
    'ConvertToBase64',
    'ConvertFromBase64',
    'ConvertToUTF8Hex',
    'ConvertFromUTF8Hex',
    'StringFromGuid',
    'StringFromSid',
    'FormatDateTime',
    'DNComponent',
    'DNComponentRev',
    'EscapeDNComponent',
    'IIF',
  ],
  num: [
    'Len',
    'InStr',
    'InStrRev',
    'BitAnd',
    'BitOr',
    'CNum',
    'Count',
    'Contains',
    'NumFromDate',
    'RandomNum',
  ],
  bool: [
    'IsNull',
    'IsPresent',
    'IsEmpty',
    'IsNullOrEmpty',
    'IsString',
    'IsNumeric',
    'IsDate',
    'IsGuid',
    'IsBitSet',
    'CBool',
    'IsCert',
  ],
  bin: ['CGuid', 'CBin'],
  ref: ['CRef'],
  dt: ['CDate', 'DateFromNum', 'DateAdd', 'Now'],
  mvstr: ['Split', 'RemoveDuplicates'],
};

function leaf(type: string): fc.Arbitrary<string> {
  const attrs = (attributesOf[type] ?? []).map((a) => fc.constant(`[${a}]`));
  switch (type) {
    case 'str':
      return fc.oneof(
        fc
          .string({ maxLength: 8 })
          .map((s) => printExpression({ kind: 'String', value: s, ...span })),
        fc.constantFrom(
          '"a:b,c:d"',
          '"5b973110-6382-4a80-bbf8-6bb21c1bb741"',
          '"2013-01-10 4:00 PM -8"',
          '"SGVsbG8="',
          '"48656C"',
          '"CN=a,DC=b"',
        ),
        ...attrs,
      );
    case 'num':
      return fc.oneof(
        fc.integer({ min: -20, max: 20 }).map(String),
        fc.constantFrom(
          '&HFF',
          '129699324000000000',
          '9223372036854775807',
          '-9223372036854775808',
          '0',
          'ValueCount("S")',
        ),
        ...attrs,
      );
    case 'bool':
      return fc.oneof(fc.constantFrom('True', 'False'), ...attrs);
    case 'dt':
      return fc.constant('DateFromNum(129699324000000000)');
    case 'enum':
      return fc.constant('vbTextCompare');
    default:
      return attrs.length > 0 ? fc.oneof(...attrs) : fc.constant('NULL');
  }
}

function paramToType(p: ParamType): string {
  return p === 'exp' ? 'bool' : p === 'var' || p === 'mvattr' || p === 'func' ? 'str' : p;
}

function typed(type: string, depth: number): fc.Arbitrary<string> {
  const producers = PRODUCERS[type] ?? [];
  if (depth <= 0 || producers.length === 0) return leaf(type);
  const calls = fc.constantFrom(...producers).chain((name) => {
    const def = getFunction(name);
    const signature = def?.signatures[0];
    if (!def || !signature) return leaf(type);
    const enums = def.enums ?? {};
    const count = signature.params.length;
    const args = signature.params
      .slice(0, count)
      .map((p, i) =>
        enums[i] ? fc.constantFrom(...(enums[i] ?? [])) : typed(paramToType(p), depth - 1),
      );
    return fc.tuple(...args).map((a) => `${name}(${a.join(', ')})`);
  });
  return fc.oneof({ weight: 1, arbitrary: leaf(type) }, { weight: 2, arbitrary: calls });
}

const scalarFor: Record<string, fc.Arbitrary<Scalar>> = {
  s: fc.string({ maxLength: 6 }),
  s2: fc.constantFrom('SMTP:a@b', ' x ', ''),
  n: fc.integer({ min: -5, max: 5 }),
  big: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  b: fc.boolean(),
  x: fc.uint8Array({ maxLength: 20 }),
  r: fc.constantFrom(new Ref('CN=a,OU=b,DC=c'), new Ref('x')),
};
const bag: fc.Arbitrary<AttributeBag> = fc.record(
  {
    ...scalarFor,
    S: fc.array(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 3 }),
    X: fc.array(fc.uint8Array({ maxLength: 4 }), { minLength: 1, maxLength: 3 }),
    R: fc.array(fc.constantFrom(new Ref('CN=a'), new Ref('CN=b')), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);

describe('evaluation of well-typed random expressions', () => {
  it('never throws: every failure is a domain error result', () => {
    const expr = fc
      .constantFrom('str', 'num', 'bool', 'bin', 'ref', 'dt', 'mvstr')
      .chain((t) => typed(t, 3));
    fc.assert(
      fc.property(expr, bag, (text, attributes) => {
        const c = compileExpression(text, { schema });
        if (!c.ok) throw new Error(`${text}: ${c.diagnostics.map((d) => d.message).join('; ')}`);
        let seed = 7;
        const r = c.evaluate({
          attributes,
          clock: () => 133000000000000000n,
          random: () => (seed = (seed * 48271) % 2147483647) / 2147483647,
        });
        if (!r.ok) expect(typeof r.error.message).toBe('string');
        else if (r.value instanceof DateTime) expect(typeof r.value.fileTime).toBe('bigint');
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 1500) },
    );
  });
});
