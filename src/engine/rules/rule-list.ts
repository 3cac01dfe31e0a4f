/**
 * The Synchronization Rules Editor's list: which attributes a rule reads and writes on each side,
 * and the filters of the list (direction, connector, object types, connector attribute, metaverse
 * attribute), sorted by precedence as the editor shows them.
 */
import { parseExpression, walk } from '../expr/index.ts';
import type { Direction, SyncRule } from './model.ts';

/** The attributes a rule uses, by side. */
export interface RuleAttributeUse {
  connector: string[];
  metaverse: string[];
}

function expressionAttributes(text: string): string[] {
  const parsed = parseExpression(text);
  const out: string[] = [];
  if (parsed.ast) {
    walk(parsed.ast, (n) => {
      if (n.kind === 'Attribute') out.push(n.name);
      // ImportedValue("proxyAddresses") and ValueCount("member") name an attribute in quotes.
      if (n.kind === 'Call' && (n.name === 'ImportedValue' || n.name === 'ValueCount')) {
        const a = n.args[0];
        if (a?.kind === 'String') out.push(a.value);
      }
    });
  }
  return out;
}

/**
 * Every attribute a rule reads or writes: scoping and join source attributes and flow sources are
 * on the source side, flow targets and join targets on the other.
 *
 * @example
 * ruleAttributeUse(inFromAdUserCommon).metaverse.includes('proxyAddresses'); // true
 */
export function ruleAttributeUse(rule: SyncRule): RuleAttributeUse {
  const source = new Set<string>();
  const target = new Set<string>();
  for (const group of rule.scopingFilter) for (const c of group) source.add(c.attribute);
  for (const group of rule.joinRules) {
    for (const c of group) {
      source.add(c.source);
      target.add(c.target);
    }
  }
  for (const t of rule.transformations) {
    target.add(t.target);
    const sources = t.source === undefined ? [] : Array.isArray(t.source) ? t.source : [t.source];
    for (const s of sources) source.add(s);
    if (t.flowType === 'Expression' && t.expression) {
      for (const a of expressionAttributes(t.expression)) source.add(a);
    }
  }
  // Outbound rules read the metaverse and write the connector space.
  const [connector, metaverse] = rule.direction === 'Inbound' ? [source, target] : [target, source];
  const sorted = (s: Set<string>) =>
    [...s].filter((a) => a !== '').sort((a, b) => a.localeCompare(b));
  return { connector: sorted(connector), metaverse: sorted(metaverse) };
}

export interface RuleFilter {
  direction: Direction;
  /** Connector name, compared without regard to case. */
  connector?: string;
  connectorObjectType?: string;
  metaverseObjectType?: string;
  connectorAttribute?: string;
  metaverseAttribute?: string;
}

/** The connector-side and metaverse-side object types of a rule. */
export function ruleObjectTypes(rule: SyncRule): { connector: string; metaverse: string } {
  return rule.direction === 'Inbound'
    ? { connector: rule.sourceObjectType, metaverse: rule.targetObjectType }
    : { connector: rule.targetObjectType, metaverse: rule.sourceObjectType };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The rules the editor's list shows for a filter, in precedence order.
 *
 * @example
 * filterRules(rules, { direction: 'Inbound', metaverseAttribute: 'proxyAddresses' })
 * // every inbound rule that flows proxyAddresses
 */
export function filterRules(rules: readonly SyncRule[], filter: RuleFilter): SyncRule[] {
  return rules
    .filter((r) => {
      if (r.direction !== filter.direction) return false;
      if (filter.connector && !same(r.connector, filter.connector)) return false;
      const types = ruleObjectTypes(r);
      if (filter.connectorObjectType && !same(types.connector, filter.connectorObjectType))
        return false;
      if (filter.metaverseObjectType && !same(types.metaverse, filter.metaverseObjectType))
        return false;
      if (filter.connectorAttribute || filter.metaverseAttribute) {
        const use = ruleAttributeUse(r);
        if (
          filter.connectorAttribute &&
          !use.connector.some((a) => same(a, filter.connectorAttribute ?? ''))
        )
          return false;
        if (
          filter.metaverseAttribute &&
          !use.metaverse.some((a) => same(a, filter.metaverseAttribute ?? ''))
        )
          return false;
      }
      return true;
    })
    .sort((a, b) => a.precedence - b.precedence || a.name.localeCompare(b.name));
}
