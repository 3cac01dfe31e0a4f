/**
 * Field-by-field comparison of two rule sets, the way AADConnectConfigDocumenter reports a
 * configuration against a baseline. Rules pair up by name and connector (connector names compare
 * without regard to case); the Identifier is not compared, since every installation draws its own.
 */
import type { SyncRule, Transformation } from '../rules/model.ts';

/** One difference. `key` is stable text such as `In from AD - Group Join / mailEnabled / expression`. */
export interface RuleDifference {
  key: string;
  expected: string;
  actual: string;
}

const RULE_FIELDS = [
  'description',
  'direction',
  'sourceObjectType',
  'targetObjectType',
  'linkType',
  'precedence',
  'disabled',
  'enablePasswordSync',
  'immutableTag',
] as const;

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

function flowFields(t: Transformation): Record<string, unknown> {
  return {
    flowType: t.flowType,
    source: t.source,
    value: t.value,
    expression: t.expression,
    applyOnce: t.applyOnce,
    mergeType: t.mergeType,
  };
}

function compareFlows(prefix: string, a: Transformation[], b: Transformation[]): RuleDifference[] {
  const out: RuleDifference[] = [];
  const byTarget = (list: Transformation[]) => new Map(list.map((t) => [t.target, t]));
  const ma = byTarget(a);
  const mb = byTarget(b);
  for (const [target, ta] of ma) {
    const tb = mb.get(target);
    if (tb === undefined) {
      out.push({ key: `${prefix} / ${target}`, expected: 'flow', actual: '(none)' });
      continue;
    }
    const fa = flowFields(ta);
    const fb = flowFields(tb);
    for (const field of Object.keys(fa)) {
      if (show(fa[field]) !== show(fb[field])) {
        out.push({
          key: `${prefix} / ${target} / ${field}`,
          expected: show(fa[field]),
          actual: show(fb[field]),
        });
      }
    }
  }
  for (const target of mb.keys()) {
    if (!ma.has(target))
      out.push({ key: `${prefix} / ${target}`, expected: '(none)', actual: 'flow' });
  }
  const common = (list: Transformation[], other: Map<string, Transformation>) =>
    list.filter((t) => other.has(t.target)).map((t) => t.target);
  const oa = common(a, mb);
  const ob = common(b, ma);
  if (oa.join() !== ob.join()) {
    out.push({ key: `${prefix} / (flow order)`, expected: oa.join(' '), actual: ob.join(' ') });
  }
  return out;
}

/**
 * Compares `actual` with `expected`, rule by rule and field by field.
 *
 * @example
 * compareRuleSets(referenceRules, generateDefaultRules(installation, connectors))
 * // [{ key: 'In from AD - Group Join / mailEnabled / expression', expected: '…', actual: '…' }]
 */
export function compareRuleSets(expected: SyncRule[], actual: SyncRule[]): RuleDifference[] {
  const keyOf = (r: SyncRule) => `${r.name}|${r.connector.toLowerCase()}`;
  const ea = new Map(expected.map((r) => [keyOf(r), r]));
  const eb = new Map(actual.map((r) => [keyOf(r), r]));
  const out: RuleDifference[] = [];
  for (const [k, ra] of ea) {
    const rb = eb.get(k);
    const label = ra.name;
    if (rb === undefined) {
      out.push({ key: label, expected: 'rule', actual: '(none)' });
      continue;
    }
    for (const field of RULE_FIELDS) {
      if (show(ra[field]) !== show(rb[field])) {
        out.push({
          key: `${label} / ${field}`,
          expected: show(ra[field]),
          actual: show(rb[field]),
        });
      }
    }
    if (show(ra.scopingFilter) !== show(rb.scopingFilter)) {
      out.push({
        key: `${label} / scopingFilter`,
        expected: show(ra.scopingFilter),
        actual: show(rb.scopingFilter),
      });
    }
    if (show(ra.joinRules) !== show(rb.joinRules)) {
      out.push({
        key: `${label} / joinRules`,
        expected: show(ra.joinRules),
        actual: show(rb.joinRules),
      });
    }
    out.push(...compareFlows(label, ra.transformations, rb.transformations));
  }
  for (const [k, rb] of eb) {
    if (!ea.has(k)) out.push({ key: rb.name, expected: '(none)', actual: 'rule' });
  }
  return out;
}
