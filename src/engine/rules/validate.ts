/**
 * Validation of a rule before the editor saves it, against the rule set it joins: required
 * fields, unique precedence, join conflicts, link types without a joining rule, mixed merge types
 * and expression diagnostics. Errors block saving; warnings are shown, as the real editor warns
 * about expressions but still saves.
 */
import { checkExpression, parseExpression } from '../expr/index.ts';
import { attributesOf, ruleSides, schemaOf, type ConnectorKind } from './editor-schema.ts';
import type { MergeType, SyncRule } from './model.ts';

export interface RuleIssue {
  /** Where: `precedence`, `joinRules`, `transformations[2].expression` … */
  path: string;
  message: string;
  severity: 'error' | 'warning';
  /** Span inside an expression. */
  start?: number;
  end?: number;
}

export interface ValidationConnector {
  name: string;
  kind: ConnectorKind;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const mergeClass = (m: MergeType) => (m === 'Replace' ? 'Update' : m);
const NO_VALUE = new Set(['ISNULL', 'ISNOTNULL']);
const BIT = new Set(['ISBITSET', 'ISNOTBITSET', 'ISBITNOTSET']);

/** Rules that act on the same objects as `rule`: same direction, connector and object types. */
function sameObjects(a: SyncRule, b: SyncRule): boolean {
  return (
    a.direction === b.direction &&
    same(a.connector, b.connector) &&
    same(a.sourceObjectType, b.sourceObjectType) &&
    same(a.targetObjectType, b.targetObjectType)
  );
}

/**
 * Validates `rule` as it would be saved into `rules` (a rule with the same id is replaced).
 *
 * @example
 * validateRule({ ...custom, precedence: 100 }, defaults, connectors)
 * // [{ path: 'precedence', severity: 'error', message: "Precedence 100 is already used by 'In from AD - User Join'." }, …]
 */
export function validateRule(
  rule: SyncRule,
  rules: readonly SyncRule[],
  connectors: readonly ValidationConnector[],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const error = (path: string, message: string) =>
    issues.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string) =>
    issues.push({ path, message, severity: 'warning' });
  const others = rules.filter((r) => r.id !== rule.id);
  const active = others.filter((r) => !r.disabled);

  if (rule.name.trim() === '') error('name', 'The rule needs a name.');
  else if (others.some((r) => same(r.name, rule.name) && same(r.connector, rule.connector)))
    warn('name', `Another rule of ${rule.connector} is named '${rule.name}'.`);
  const connector = connectors.find((c) => same(c.name, rule.connector));
  if (!connector) error('connector', `Choose a connected system ('${rule.connector}' is not one).`);
  if (rule.sourceObjectType.trim() === '')
    error('sourceObjectType', 'Choose a source object type.');
  if (rule.targetObjectType.trim() === '')
    error('targetObjectType', 'Choose a target object type.');

  // Precedence: a whole number, unique in the whole system; custom rules below the defaults.
  if (!Number.isInteger(rule.precedence) || rule.precedence < 0) {
    error('precedence', 'Precedence must be a whole number of 0 or more.');
  } else {
    const taken = others.find((r) => r.precedence === rule.precedence);
    if (taken)
      error('precedence', `Precedence ${rule.precedence} is already used by '${taken.name}'.`);
    if (!rule.immutableTag && rule.precedence >= 100)
      warn(
        'precedence',
        'Custom rules should have a precedence below 100: the out-of-box rules start at 100.',
      );
  }

  // Scoping filter clauses.
  rule.scopingFilter.forEach((group, g) => {
    if (group.length === 0) warn(`scopingFilter[${g}]`, `Scoping group ${g + 1} has no clause.`);
    group.forEach((c, i) => {
      const path = `scopingFilter[${g}][${i}]`;
      if (c.attribute.trim() === '')
        error(path + '.attribute', 'A scoping clause needs an attribute.');
      if (!NO_VALUE.has(c.operator) && c.value === '')
        warn(path + '.value', `${c.operator} compares with an empty value.`);
      if (BIT.has(c.operator) && !/^(\d+|&H[0-9a-f]+)$/i.test(c.value.trim()))
        error(path + '.value', `${c.operator} needs a number, not '${c.value}'.`);
    });
  });

  // Join rules: clauses complete; at most one join rule in scope per object.
  const hasJoin = rule.joinRules.some((g) => g.length > 0);
  rule.joinRules.forEach((group, g) =>
    group.forEach((c, i) => {
      if (c.source.trim() === '' || c.target.trim() === '')
        error(`joinRules[${g}][${i}]`, 'A join clause needs a source and a target attribute.');
    }),
  );
  if (hasJoin && !rule.disabled) {
    for (const o of active.filter(
      (r) => sameObjects(r, rule) && r.joinRules.some((g) => g.length > 0),
    )) {
      if (rule.scopingFilter.length === 0 && o.scopingFilter.length === 0) {
        error(
          'joinRules',
          `'${o.name}' also has join rules for these objects and neither rule has a scoping filter: only one rule with join rules may be in scope for an object.`,
        );
      } else {
        warn(
          'joinRules',
          `'${o.name}' also has join rules for these objects: make sure their scoping filters never both match one object.`,
        );
      }
    }
  }
  if (!hasJoin && rule.linkType !== 'Provision' && !rule.disabled) {
    const linker = active.some(
      (r) =>
        sameObjects(r, rule) &&
        (r.linkType === 'Provision' || r.joinRules.some((g) => g.length > 0)),
    );
    if (!linker)
      warn(
        'joinRules',
        `Link type ${rule.linkType} without join rules: no other rule joins or provisions these objects, so this rule's flows never apply.`,
      );
  }

  // Transformations.
  const kind = connector?.kind ?? 'ad';
  const sides = ruleSides(rule.direction, kind);
  const sourceSchema = schemaOf(sides.source, rule.sourceObjectType);
  const targetNames = new Set(attributesOf(sides.target, rule.targetObjectType).map((a) => a.name));
  const seen = new Map<string, number>();
  rule.transformations.forEach((t, i) => {
    const path = `transformations[${i}]`;
    if (t.target.trim() === '') {
      error(path + '.target', 'A transformation needs a target attribute.');
      return;
    }
    const first = seen.get(t.target);
    if (first !== undefined)
      error(
        path + '.target',
        `'${t.target}' is already the target of transformation ${first + 1}.`,
      );
    else seen.set(t.target, i);
    if (!targetNames.has(t.target))
      warn(path + '.target', `'${t.target}' is not an attribute of ${rule.targetObjectType}.`);
    if (t.flowType === 'Direct') {
      const src = Array.isArray(t.source) ? t.source[0] : t.source;
      if (!src) error(path + '.source', 'A Direct flow needs a source attribute.');
      else if (!sourceSchema.attributes.has(src))
        warn(path + '.source', `'${src}' is not an attribute of ${rule.sourceObjectType}.`);
    } else if (t.flowType === 'Expression') {
      const text = t.expression ?? '';
      if (text.trim() === '') {
        error(path + '.expression', 'An Expression flow needs an expression.');
      } else {
        const parsed = parseExpression(text);
        const found = parsed.ast
          ? [
              ...parsed.diagnostics,
              ...checkExpression(parsed.ast, { schema: sourceSchema, direction: rule.direction }),
            ]
          : parsed.diagnostics;
        for (const d of found)
          issues.push({
            path: path + '.expression',
            message: d.message,
            severity: d.severity,
            start: d.start,
            end: d.end,
          });
      }
    }
    // Every rule in scope contributing one attribute must use the same merge type.
    if (!rule.disabled) {
      for (const o of active) {
        if (o.direction !== rule.direction || !same(o.targetObjectType, rule.targetObjectType))
          continue;
        if (rule.direction === 'Outbound' && !same(o.connector, rule.connector)) continue;
        const ot = o.transformations.find((x) => x.target === t.target);
        if (ot && mergeClass(ot.mergeType) !== mergeClass(t.mergeType)) {
          error(
            path + '.mergeType',
            `Merge type ${t.mergeType} of '${t.target}' conflicts with ${ot.mergeType} in '${o.name}': all rules contributing an attribute must use the same merge type.`,
          );
          break;
        }
      }
    }
  });
  return issues;
}
