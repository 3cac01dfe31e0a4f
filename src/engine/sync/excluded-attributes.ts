/**
 * Which inbound rule flows read attributes that the connector's attribute inclusion list leaves
 * out (spec §1.1): such a flow silently contributes nothing, the classic "attribute missing from
 * the inclusion list" surprise.
 */
import { parseExpression, walk } from '../expr/index.ts';
import type { SyncRule } from '../rules/model.ts';
import type { ConnectorConfiguration } from './connector-config.ts';

export interface ExcludedRead {
  ruleId: string;
  ruleName: string;
  /** `transformation <target>`, `scoping filter` or `join rule`. */
  where: string;
  attributes: string[];
}

/** Always present on a connector-space object, whatever the inclusion list says. */
const ALWAYS_AVAILABLE = new Set(['dn', 'objectguid']);

function expressionReads(text: string): string[] {
  const parsed = parseExpression(text);
  if (!parsed.ast) return [];
  const out: string[] = [];
  walk(parsed.ast, (n) => {
    if (n.kind === 'Attribute') out.push(n.name);
  });
  return out;
}

/**
 * The flows of inbound rules of `connector` that read attributes its configuration excludes.
 *
 * @example
 * excludedAttributeReads(rules, 'contoso.com', { attributes: { user: ['sAMAccountName'] } })
 * // [{ ruleName: 'In from AD - User Common', where: 'transformation displayName', attributes: ['displayName'] }, …]
 */
export function excludedAttributeReads(
  rules: Iterable<SyncRule>,
  connector: string,
  config: ConnectorConfiguration,
): ExcludedRead[] {
  const lists = new Map<string, Set<string>>();
  for (const [cls, names] of Object.entries(config.attributes ?? {}))
    lists.set(cls.toLowerCase(), new Set(names.map((n) => n.toLowerCase())));
  if (lists.size === 0) return [];
  const out: ExcludedRead[] = [];
  for (const rule of rules) {
    if (rule.direction !== 'Inbound' || rule.disabled) continue;
    if (rule.connector.toLowerCase() !== connector.toLowerCase()) continue;
    const list = lists.get(rule.sourceObjectType.toLowerCase());
    if (!list) continue;
    const excluded = (names: readonly string[]) => [
      ...new Set(
        names.filter((n) => !list.has(n.toLowerCase()) && !ALWAYS_AVAILABLE.has(n.toLowerCase())),
      ),
    ];
    const add = (where: string, names: readonly string[]) => {
      const attributes = excluded(names);
      if (attributes.length > 0)
        out.push({ ruleId: rule.id, ruleName: rule.name, where, attributes });
    };
    add(
      'scoping filter',
      rule.scopingFilter.flatMap((g) => g.map((c) => c.attribute)),
    );
    add(
      'join rule',
      rule.joinRules.flatMap((g) => g.map((c) => c.source)),
    );
    for (const t of rule.transformations) {
      const reads =
        t.flowType === 'Expression' && t.expression !== undefined
          ? expressionReads(t.expression)
          : t.flowType === 'Direct' && t.source !== undefined
            ? Array.isArray(t.source)
              ? t.source
              : [t.source]
            : [];
      add(`transformation ${t.target}`, reads);
    }
  }
  return out;
}
