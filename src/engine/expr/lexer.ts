/**
 * Scanner for the expression language. Produces a flat token list; lexical problems become
 * diagnostics and the scanner carries on, so the parser always sees a well-formed token stream.
 */
import type { BinaryOperator, Diagnostic } from './ast.ts';

export type TokenKind =
  | 'identifier'
  | 'variable'
  | 'attribute'
  | 'parameter'
  | 'string'
  | 'number'
  | 'operator'
  | '('
  | ')'
  | ','
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Decoded text: identifier/variable/attribute/parameter name, string value, operator, number spelling. */
  text: string;
  start: number;
  end: number;
  /** Parsed value of a number token. */
  number?: number | bigint;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Keeps integers as `number` while exact, `bigint` beyond. */
export function normalizeInteger(v: bigint): number | bigint {
  return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v;
}

function isIdentStart(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isHexDigit(c: string): boolean {
  return isDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}
function isSpace(c: string): boolean {
  return (
    c === ' ' ||
    c === '\t' ||
    c === '\r' ||
    c === '\n' ||
    c === '\f' ||
    c === '\v' ||
    c === '\u00a0'
  );
}

const TWO_CHAR_OPERATORS: ReadonlySet<string> = new Set(['&&', '||', '<>', '<=', '>=']);
const ONE_CHAR_OPERATORS: ReadonlySet<string> = new Set(['&', '+', '-', '*', '=', '<', '>']);

/**
 * Splits `text` into tokens.
 *
 * @example
 * tokenize('Left([sn], &H3)').tokens.map((t) => t.kind);
 * // ['identifier', '(', 'attribute', ',', 'number', ')', 'eof']
 */
export function tokenize(text: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  const n = text.length;
  let i = 0;
  const error = (message: string, start: number, end: number): void => {
    diagnostics.push({ message, start, end, severity: 'error' });
  };

  while (i < n) {
    const c = text.charAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      // Only `\\` and `\"` are escapes: the default rules write "\\0ACNF:" to match the DN escape
      // `\0A`, while every other backslash (Replace's `\r\n` monikers) stays literal.
      let value = '';
      i++;
      let closed = false;
      while (i < n) {
        const d = text.charAt(i);
        if (d === '\\' && (text.charAt(i + 1) === '\\' || text.charAt(i + 1) === '"')) {
          value += text.charAt(i + 1);
          i += 2;
          continue;
        }
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        value += d;
        i++;
      }
      if (!closed) error('Unterminated string constant.', start, n);
      tokens.push({ kind: 'string', text: value, start, end: i });
      continue;
    }
    if (c === '\u201c' || c === '\u201d') {
      const close = text.indexOf(c === '\u201c' ? '\u201d' : c, i + 1);
      const end = close < 0 ? n : close + 1;
      error('String constants use straight quotes ("), not typographic quotes.', start, end);
      tokens.push({ kind: 'string', text: text.slice(i + 1, close < 0 ? n : close), start, end });
      i = end;
      continue;
    }
    if (c === '[') {
      const close = text.indexOf(']', i + 1);
      if (close < 0) {
        error("Missing ']' after the attribute name.", start, n);
        tokens.push({ kind: 'attribute', text: text.slice(i + 1).trim(), start, end: n });
        i = n;
        continue;
      }
      const name = text.slice(i + 1, close);
      if (name.trim() === '') error('Empty attribute name.', start, close + 1);
      tokens.push({ kind: 'attribute', text: name, start, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (c === '%') {
      let j = i + 1;
      while (
        j < n &&
        (isIdentPart(text.charAt(j)) || text.charAt(j) === '.' || text.charAt(j) === '-')
      )
        j++;
      if (text.charAt(j) !== '%' || j === i + 1) {
        error("A parameter is written '%Name%'.", start, Math.min(j + 1, n));
        tokens.push({ kind: 'parameter', text: text.slice(i + 1, j), start, end: j });
        i = j === i + 1 ? i + 1 : j;
        continue;
      }
      tokens.push({ kind: 'parameter', text: text.slice(i + 1, j), start, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (c === '&' && (text.charAt(i + 1) === 'H' || text.charAt(i + 1) === 'h')) {
      let j = i + 2;
      while (j < n && isHexDigit(text.charAt(j))) j++;
      if (j > i + 2 && !(j < n && isIdentPart(text.charAt(j)))) {
        const digits = text.slice(i + 2, j);
        let v = BigInt('0x' + digits);
        // A 16-digit literal with the top bit set is a negative Int64, as in .NET.
        if (digits.replace(/^0+/, '').length <= 16 && v >= 1n << 63n) v = BigInt.asIntN(64, v);
        tokens.push({
          kind: 'number',
          text: text.slice(i, j),
          start,
          end: j,
          number: normalizeInteger(v),
        });
        i = j;
        continue;
      }
    }
    if (isDigit(c)) {
      let j = i;
      while (j < n && isDigit(text.charAt(j))) j++;
      if (text.charAt(j) === '.' && isDigit(text.charAt(j + 1))) {
        let k = j + 1;
        while (k < n && isDigit(text.charAt(k))) k++;
        error('Numbers are whole (64-bit integer) numbers; decimals are not supported.', start, k);
        j = k;
      } else if (j < n && isIdentStart(text.charAt(j))) {
        let k = j;
        while (k < n && isIdentPart(text.charAt(k))) k++;
        error(`Invalid number '${text.slice(i, k)}'.`, start, k);
        j = k;
      }
      const digits = text
        .slice(i, j)
        .replace(/\..*$/, '')
        .replace(/[^0-9]/g, '');
      tokens.push({
        kind: 'number',
        text: text.slice(i, j),
        start,
        end: j,
        number: normalizeInteger(BigInt(digits === '' ? '0' : digits)),
      });
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charAt(j))) j++;
      tokens.push({ kind: 'identifier', text: text.slice(i, j), start, end: j });
      i = j;
      continue;
    }
    if (c === '$') {
      let j = i + 1;
      while (j < n && isIdentPart(text.charAt(j))) j++;
      if (j === i + 1 || !isIdentStart(text.charAt(i + 1))) {
        error("A variable is written '$name'.", start, Math.min(n, Math.max(j, i + 1)));
      }
      tokens.push({ kind: 'variable', text: text.slice(i + 1, j), start, end: Math.max(j, i + 1) });
      i = Math.max(j, i + 1);
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, start, end: i + 1 });
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPERATORS.has(two)) {
      tokens.push({ kind: 'operator', text: two as BinaryOperator, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (two === '==' || two === '!=') {
      const suggestion = two === '==' ? '=' : '<>';
      error(`Unknown operator '${two}'. Did you mean '${suggestion}'?`, start, i + 2);
      tokens.push({ kind: 'operator', text: suggestion, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPERATORS.has(c)) {
      tokens.push({ kind: 'operator', text: c, start, end: i + 1 });
      i++;
      continue;
    }
    if (c === '/') {
      error('There is no division operator in the expression language.', start, i + 1);
      tokens.push({ kind: 'operator', text: '*', start, end: i + 1 });
      i++;
      continue;
    }
    if (c === '|') {
      error("Unknown operator '|'. Did you mean '||'?", start, i + 1);
      tokens.push({ kind: 'operator', text: '||', start, end: i + 1 });
      i++;
      continue;
    }
    if (c === '!') {
      error(
        "There is no '!' (not) operator; compare with False instead (… = False).",
        start,
        i + 1,
      );
      i++;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const len = cp > 0xffff ? 2 : 1;
    error(`Unexpected character '${text.slice(i, i + len)}'.`, start, i + len);
    i += len;
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n });
  return { tokens, diagnostics };
}
