/**
 * A Markdown table of a rule set (precedence, name, direction, connector, types, link type,
 * password sync, scoping filter, join rules), as docs/default-rules.md shows the generated set.
 */
import type { SyncRule } from '../rules/model.ts';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * @example
 * describeRuleSetMarkdown(generateDefaultRules(installation, connectors)).split('\n')[2]
 * // '| 100 | In from AD - User Join | In | AD | user → person | Provision |  | … |'
 */
export function describeRuleSetMarkdown(
  rules: readonly SyncRule[],
  entraConnector?: string,
): string {
  const isEntra = (r: SyncRule) =>
    entraConnector !== undefined
      ? r.connector.toLowerCase() === entraConnector.toLowerCase()
      : r.connector.endsWith(' - AAD');
  const scope = (r: SyncRule) =>
    r.scopingFilter.length === 0
      ? '—'
      : r.scopingFilter
          .map((g) =>
            g
              .map((s) => `${s.attribute} ${s.operator}${s.value !== '' ? ` ${s.value}` : ''}`)
              .join(' AND '),
          )
          .join(' OR ');
  const join = (r: SyncRule) =>
    r.joinRules.length === 0
      ? '—'
      : r.joinRules
          .map(
            (g, i) =>
              `${i + 1}: ` +
              g
                .map(
                  (c) => `${c.source} = ${c.target}${c.caseSensitive ? ' (case-sensitive)' : ''}`,
                )
                .join(' AND '),
          )
          .join('; ');
  const lines = [
    '| Prec | Name | Dir | Connector | Types | Link | Pwd | Scoping filter | Join rules |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rules.map(
      (r) =>
        `| ${r.precedence} | ${cell(r.name)} | ${r.direction === 'Inbound' ? 'In' : 'Out'} | ${
          isEntra(r) ? 'Entra ID' : cell(r.connector)
        } | ${r.sourceObjectType} → ${r.targetObjectType} | ${r.linkType} | ${
          r.enablePasswordSync ? 'yes' : ''
        } | ${cell(scope(r))} | ${cell(join(r))} |`,
    ),
  ];
  return lines.join('\n');
}
