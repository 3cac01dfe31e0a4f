/**
 * Syntax tree of the declarative provisioning expression language. Every node carries the source
 * span it was parsed from (`start` inclusive, `end` exclusive, UTF-16 offsets into the text) so the
 * checker and the editor can point at it.
 */

export interface Span {
  start: number;
  end: number;
}

export type BinaryOperator =
  '&' | '+' | '-' | '*' | '=' | '<>' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export type LiteralKeyword = 'NULL' | 'AuthoritativeNull' | 'IgnoreThisFlow' | 'CRLF';

/** `Name(arg1, …)`; `nameEnd` is where the function name stops (for diagnostics on the name). */
export interface CallNode extends Span {
  kind: 'Call';
  name: string;
  nameEnd: number;
  args: ExprNode[];
}
/** `[attributeName]` */
export interface AttributeNode extends Span {
  kind: 'Attribute';
  name: string;
}
/** `%Parameter.Name%` */
export interface ParameterNode extends Span {
  kind: 'Parameter';
  name: string;
}
export interface StringNode extends Span {
  kind: 'String';
  value: string;
}
/** Decimal or `&H` hexadecimal integer; `bigint` beyond 2^53. `raw` is the source spelling. */
export interface NumberNode extends Span {
  kind: 'Number';
  value: number | bigint;
  raw: string;
}
export interface BooleanNode extends Span {
  kind: 'Boolean';
  value: boolean;
}
/** `NULL`, `AuthoritativeNull`, `IgnoreThisFlow`, `CRLF`. */
export interface KeywordNode extends Span {
  kind: 'Keyword';
  keyword: LiteralKeyword;
}
/** A bare word used as an enumeration argument: `CaseInsensitive`, `UTF8`, `vbTextCompare` … */
export interface EnumNode extends Span {
  kind: 'Enum';
  name: string;
}
/** `$item`; `name` excludes the `$`. */
export interface VariableNode extends Span {
  kind: 'Variable';
  name: string;
}
export interface BinaryNode extends Span {
  kind: 'Binary';
  op: BinaryOperator;
  opStart: number;
  left: ExprNode;
  right: ExprNode;
}
export interface ParenNode extends Span {
  kind: 'Paren';
  expression: ExprNode;
}

export type ExprNode =
  | CallNode
  | AttributeNode
  | ParameterNode
  | StringNode
  | NumberNode
  | BooleanNode
  | KeywordNode
  | EnumNode
  | VariableNode
  | BinaryNode
  | ParenNode;

export type Severity = 'error' | 'warning';

/** A problem found in an expression. Data, never thrown. */
export interface Diagnostic extends Span {
  message: string;
  severity: Severity;
}

/** Calls `visit` on `node` and every descendant, parents first. */
export function walk(node: ExprNode, visit: (n: ExprNode) => void): void {
  visit(node);
  switch (node.kind) {
    case 'Call':
      for (const a of node.args) walk(a, visit);
      break;
    case 'Binary':
      walk(node.left, visit);
      walk(node.right, visit);
      break;
    case 'Paren':
      walk(node.expression, visit);
      break;
    default:
      break;
  }
}
