/**
 * Attribute types the checker needs: the expression language's view of a connector-space or
 * metaverse schema.
 */

/** Attribute syntaxes as the expression language types them. */
export type AttributeSyntax = 'str' | 'num' | 'bool' | 'bin' | 'ref' | 'dt';

export interface AttributeType {
  syntax: AttributeSyntax;
  multi: boolean;
}

/** The attributes an expression may read, by exact (case-sensitive) name. */
export interface ExprSchema {
  attributes: ReadonlyMap<string, AttributeType>;
}

/**
 * Decodes the compact `name: code` tables of the generated schema files: `s` string, `n` number,
 * `b` Boolean, `x` binary, `r` reference, `d` date-time; upper case = multi-valued.
 *
 * @example
 * decodeAttributeCode('S'); // { syntax: 'str', multi: true }
 */
export function decodeAttributeCode(code: string): AttributeType {
  const lower = code.toLowerCase();
  const syntax: AttributeSyntax =
    lower === 'n'
      ? 'num'
      : lower === 'b'
        ? 'bool'
        : lower === 'x'
          ? 'bin'
          : lower === 'r'
            ? 'ref'
            : lower === 'd'
              ? 'dt'
              : 'str';
  return { syntax, multi: code !== lower };
}

/**
 * Builds a schema from a compact table (see {@link decodeAttributeCode}), optionally limited to
 * the attribute names of one object type.
 *
 * @example
 * schemaFromTable({ sn: 's', proxyAddresses: 'S' }).attributes.get('proxyAddresses')?.multi; // true
 */
export function schemaFromTable(
  table: Readonly<Record<string, string>>,
  only?: readonly string[],
): ExprSchema {
  const attributes = new Map<string, AttributeType>();
  const names = only ?? Object.keys(table);
  for (const name of names) {
    const code = table[name];
    if (code !== undefined) attributes.set(name, decodeAttributeCode(code));
  }
  return { attributes };
}
