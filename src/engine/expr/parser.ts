/**
 * Parser for the expression language.
 *
 * Precedence: the reference says all operators share one priority and apply left to right. The
 * default rules, however, write `IsPresent([a]) || IsPresent([b]) = False || [c] = "x"`, which only
 * type-checks (and only filters what the product is known to filter) when `&&`/`||` bind looser
 * than the other operators. So: `&&` and `||` form the lowest level, every other operator shares
 * the level above, and each level associates left to right (docs/fidelity.md).
 */
import type { BinaryOperator, Diagnostic, ExprNode, LiteralKeyword } from './ast.ts';
import { normalizeInteger, tokenize, type Token } from './lexer.ts';

export interface ParseResult {
  /** The tree, or `null` when the text has errors. */
  ast: ExprNode | null;
  diagnostics: Diagnostic[];
}

const KEYWORDS: ReadonlySet<string> = new Set([
  'NULL',
  'AuthoritativeNull',
  'IgnoreThisFlow',
  'CRLF',
]);
const LOGICAL: ReadonlySet<string> = new Set(['&&', '||']);
const MAX_DEPTH = 256;

class ParseAbort {
  constructor(readonly diagnostic: Diagnostic) {}
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos] ?? this.eof();
  }
  private eof(): Token {
    return { kind: 'eof', text: '', start: this.text.length, end: this.text.length };
  }
  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  private fail(message: string, start: number, end: number): never {
    throw new ParseAbort({ message, start, end, severity: 'error' });
  }
  private describe(t: Token): string {
    switch (t.kind) {
      case 'eof':
        return 'end of expression';
      case 'string':
        return 'a string';
      case 'number':
        return `'${t.text}'`;
      case 'attribute':
        return `'[${t.text}]'`;
      case 'parameter':
        return `'%${t.text}%'`;
      case 'variable':
        return `'$${t.text}'`;
      default:
        return `'${t.text}'`;
    }
  }

  parseRoot(): ExprNode {
    const node = this.parseLogical();
    const t = this.peek();
    if (t.kind !== 'eof') {
      this.fail(`Unexpected ${this.describe(t)} after the end of the expression.`, t.start, t.end);
    }
    return node;
  }

  private parseLogical(): ExprNode {
    let left = this.parseOperand();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'operator' || !LOGICAL.has(t.text)) return left;
      this.next();
      const right = this.parseOperand();
      left = this.binary(t, left, right);
    }
  }

  private parseOperand(): ExprNode {
    let left = this.parsePrimary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'operator' || LOGICAL.has(t.text)) return left;
      this.next();
      const right = this.parsePrimary();
      left = this.binary(t, left, right);
    }
  }

  private binary(op: Token, left: ExprNode, right: ExprNode): ExprNode {
    return {
      kind: 'Binary',
      op: op.text as BinaryOperator,
      opStart: op.start,
      left,
      right,
      start: left.start,
      end: right.end,
    };
  }

  private parsePrimary(): ExprNode {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'Number', value: t.number ?? 0, raw: t.text, start: t.start, end: t.end };
      case 'string':
        return { kind: 'String', value: t.text, start: t.start, end: t.end };
      case 'attribute':
        return { kind: 'Attribute', name: t.text, start: t.start, end: t.end };
      case 'parameter':
        return { kind: 'Parameter', name: t.text, start: t.start, end: t.end };
      case 'variable':
        return { kind: 'Variable', name: t.text, start: t.start, end: t.end };
      case 'operator': {
        const n = this.peek();
        if (t.text === '-' && n.kind === 'number' && n.start === t.end) {
          this.next();
          const v = typeof n.number === 'bigint' ? -n.number : -(n.number ?? 0);
          const value =
            typeof v === 'bigint' ? normalizeInteger(BigInt.asIntN(64, v)) : v === 0 ? 0 : v;
          return { kind: 'Number', value, raw: '-' + n.text, start: t.start, end: n.end };
        }
        if (t.text === '-') {
          this.fail('A minus sign must be written directly before a number (-5).', t.start, t.end);
        }
        return this.fail(`Expected a value but found '${t.text}'.`, t.start, t.end);
      }
      case '(': {
        if (++this.depth > MAX_DEPTH)
          this.fail('The expression is nested too deeply.', t.start, t.end);
        const inner = this.parseLogical();
        this.depth--;
        const close = this.next();
        if (close.kind !== ')') {
          this.fail(`Expected ')' but found ${this.describe(close)}.`, close.start, close.end);
        }
        return { kind: 'Paren', expression: inner, start: t.start, end: close.end };
      }
      case 'identifier':
        return this.parseIdentifier(t);
      default:
        return this.fail(`Expected a value but found ${this.describe(t)}.`, t.start, t.end);
    }
  }

  private parseIdentifier(t: Token): ExprNode {
    if (this.peek().kind === '(') {
      const open = this.next();
      if (++this.depth > MAX_DEPTH)
        this.fail('The expression is nested too deeply.', open.start, open.end);
      const args: ExprNode[] = [];
      if (this.peek().kind !== ')') {
        for (;;) {
          args.push(this.parseLogical());
          const sep = this.next();
          if (sep.kind === ')') {
            this.depth--;
            return {
              kind: 'Call',
              name: t.text,
              nameEnd: t.end,
              args,
              start: t.start,
              end: sep.end,
            };
          }
          if (sep.kind !== ',') {
            this.fail(`Expected ',' or ')' but found ${this.describe(sep)}.`, sep.start, sep.end);
          }
        }
      }
      const close = this.next();
      this.depth--;
      return { kind: 'Call', name: t.text, nameEnd: t.end, args, start: t.start, end: close.end };
    }
    if (t.text === 'True' || t.text === 'False') {
      return { kind: 'Boolean', value: t.text === 'True', start: t.start, end: t.end };
    }
    if (KEYWORDS.has(t.text)) {
      return { kind: 'Keyword', keyword: t.text as LiteralKeyword, start: t.start, end: t.end };
    }
    return { kind: 'Enum', name: t.text, start: t.start, end: t.end };
  }
}

/**
 * Parses one expression. Never throws: problems come back as diagnostics.
 *
 * @example
 * parseExpression('IIF(IsPresent([sn]), Trim([sn]), NULL)').ast?.kind; // 'Call'
 * parseExpression('Left([sn], ').diagnostics[0]?.message; // "Expected a value but found end of expression."
 */
export function parseExpression(text: string): ParseResult {
  const { tokens, diagnostics } = tokenize(text);
  const parser = new Parser(tokens, text);
  try {
    const ast = parser.parseRoot();
    return { ast: diagnostics.length > 0 ? null : ast, diagnostics };
  } catch (e) {
    if (e instanceof ParseAbort) {
      return { ast: null, diagnostics: [...diagnostics, e.diagnostic] };
    }
    throw e;
  }
}
