/**
 * Prints a syntax tree back to expression text. Printing is canonical (one space after commas,
 * spaces around operators, parentheses kept where written), so `print(parse(print(x)))` equals
 * `print(x)`.
 */
import type { ExprNode } from './ast.ts';

function quote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/**
 * @example
 * printExpression(parseExpression('IIF( [a]="x" ,1,2)').ast!); // 'IIF([a] = "x", 1, 2)'
 */
export function printExpression(node: ExprNode): string {
  switch (node.kind) {
    case 'Call':
      return `${node.name}(${node.args.map(printExpression).join(', ')})`;
    case 'Attribute':
      return `[${node.name}]`;
    case 'Parameter':
      return `%${node.name}%`;
    case 'String':
      return quote(node.value);
    case 'Number':
      return node.raw;
    case 'Boolean':
      return node.value ? 'True' : 'False';
    case 'Keyword':
      return node.keyword;
    case 'Enum':
      return node.name;
    case 'Variable':
      return `$${node.name}`;
    case 'Paren':
      return `(${printExpression(node.expression)})`;
    case 'Binary': {
      // A tree built by hand may need parentheses the source never had: the right operand of a
      // left-associative chain, or a looser (logical) operand under a tighter operator.
      const logical = node.op === '&&' || node.op === '||';
      const needsParens = (child: ExprNode, isRight: boolean): boolean => {
        if (child.kind !== 'Binary') return false;
        const childLogical = child.op === '&&' || child.op === '||';
        if (childLogical && !logical) return true;
        return isRight && childLogical === logical;
      };
      const l = printExpression(node.left);
      const r = printExpression(node.right);
      return `${needsParens(node.left, false) ? `(${l})` : l} ${node.op} ${needsParens(node.right, true) ? `(${r})` : r}`;
    }
  }
}
