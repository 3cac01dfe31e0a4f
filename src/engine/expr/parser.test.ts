import { describe, expect, it } from 'vitest';
import type { ExprNode } from './ast.ts';
import { parseExpression } from './parser.ts';
import { printExpression } from './printer.ts';

function ast(text: string): ExprNode {
  const r = parseExpression(text);
  expect(r.diagnostics).toEqual([]);
  if (!r.ast) throw new Error('no tree');
  return r.ast;
}

describe('parseExpression', () => {
  it('parses calls, attributes, parameters and literals with spans', () => {
    const node = ast('IIF(IsPresent([sn]), %Domain.FQDN%, "x")');
    expect(node).toMatchObject({ kind: 'Call', name: 'IIF', start: 0, end: 40, nameEnd: 3 });
    if (node.kind !== 'Call') throw new Error();
    expect(node.args[0]).toMatchObject({ kind: 'Call', name: 'IsPresent', start: 4, end: 19 });
    expect(node.args[1]).toMatchObject({
      kind: 'Parameter',
      name: 'Domain.FQDN',
      start: 21,
      end: 34,
    });
    expect(node.args[2]).toMatchObject({ kind: 'String', value: 'x', start: 36, end: 39 });
  });

  it('reads decimal, negative and &H hexadecimal numbers exactly', () => {
    expect(ast('&H21C07000')).toMatchObject({ kind: 'Number', value: 0x21c07000 });
    expect(ast('-2147483648')).toMatchObject({ kind: 'Number', value: -2147483648 });
    expect(ast('129699324000000000')).toMatchObject({ kind: 'Number', value: 129699324000000000n });
    expect(ast('&HFFFFFFFFFFFFFFFF')).toMatchObject({ kind: 'Number', value: -1 });
  });

  it('recognises keywords, Booleans, enum words and $variables', () => {
    expect(ast('NULL')).toMatchObject({ kind: 'Keyword', keyword: 'NULL' });
    expect(ast('AuthoritativeNull')).toMatchObject({
      kind: 'Keyword',
      keyword: 'AuthoritativeNull',
    });
    expect(ast('IgnoreThisFlow')).toMatchObject({ kind: 'Keyword', keyword: 'IgnoreThisFlow' });
    expect(ast('CRLF')).toMatchObject({ kind: 'Keyword', keyword: 'CRLF' });
    expect(ast('True')).toMatchObject({ kind: 'Boolean', value: true });
    expect(ast('vbTextCompare')).toMatchObject({ kind: 'Enum', name: 'vbTextCompare' });
    expect(ast('$item')).toMatchObject({ kind: 'Variable', name: 'item' });
    expect(ast('[mS-DS-ConsistencyGuid]')).toMatchObject({
      kind: 'Attribute',
      name: 'mS-DS-ConsistencyGuid',
    });
  });

  it('decodes only \\\\ and \\" inside strings', () => {
    expect(ast('"\\\\0ACNF:"')).toMatchObject({ value: '\\0ACNF:' });
    expect(ast('"a\\"b"')).toMatchObject({ value: 'a"b' });
    expect(ast('"\\r\\n"')).toMatchObject({ value: '\\r\\n' });
  });

  it('applies operators left to right at one level, with && and || looser', () => {
    expect(printExpression(ast('2*5+3'))).toBe('2 * 5 + 3');
    const chain = ast('1 + 2 * 3');
    expect(chain).toMatchObject({ kind: 'Binary', op: '*', left: { kind: 'Binary', op: '+' } });
    const logical = ast('IsPresent([a]) || IsPresent([b]) = False || [c] = "x"');
    expect(logical).toMatchObject({
      op: '||',
      left: { op: '||', right: { op: '=', left: { kind: 'Call' } } },
      right: { op: '=' },
    });
  });

  it('ignores white space and new lines', () => {
    expect(printExpression(ast('\n  IIF(\r\n  [a] ,\t1,2 )  '))).toBe('IIF([a], 1, 2)');
  });

  it('reports errors with positions instead of throwing', () => {
    const cases: [string, string][] = [
      ['Left([sn], ', 'Expected a value but found end of expression.'],
      ['IIF(1,2', "Expected ',' or ')' but found end of expression."],
      ['"abc', 'Unterminated string constant.'],
      ['[sn', "Missing ']' after the attribute name."],
      ['1 / 2', 'There is no division operator in the expression language.'],
      ['[a] == 1', "Unknown operator '=='. Did you mean '='?"],
      ['1.5', 'Numbers are whole (64-bit integer) numbers; decimals are not supported.'],
      ['[a] [b]', "Unexpected '[b]' after the end of the expression."],
      ['“x”', 'String constants use straight quotes ("), not typographic quotes.'],
    ];
    for (const [text, message] of cases) {
      const r = parseExpression(text);
      expect(r.ast, text).toBeNull();
      expect(
        r.diagnostics.map((d) => d.message),
        text,
      ).toContain(message);
      for (const d of r.diagnostics) {
        expect(d.start).toBeGreaterThanOrEqual(0);
        expect(d.end).toBeLessThanOrEqual(text.length);
        expect(d.start).toBeLessThanOrEqual(d.end);
      }
    }
  });

  it('gives the position of an unknown character', () => {
    expect(parseExpression('Trim(#)').diagnostics[0]).toMatchObject({ start: 5, end: 6 });
  });
});
