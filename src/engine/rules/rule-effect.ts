/**
 * What one version of a rule does to one object, as a comparable signature: whether it is in
 * scope (when it can link), and the value each of its flows gives. Two versions with the same
 * signature on an object leave that object exactly as it is, so the impact engine need not
 * synchronize it.
 */
import {
  AUTHORITATIVE_NULL,
  IGNORE_THIS_FLOW,
  type FlowValue,
  type Value,
} from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { CsObject, MvObject } from '../sync/model.ts';
import { scalarKey, valuesOf } from '../sync/value-keys.ts';
import { compileRule } from './compiled.ts';
import type { SyncRule } from './model.ts';
import { csEvalContext, csScopeContext, mvEvalContext, mvScopeContext } from './object-context.ts';
import { isInScope } from './scoping.ts';

/** The old and the new version of a changed rule (one is absent when it was added or removed). */
export interface RulePair {
  before?: SyncRule;
  after?: SyncRule;
}

function canLink(r: SyncRule): boolean {
  return r.linkType !== 'Join' || r.joinRules.some((g) => g.length > 0);
}

const linkFields = (r: SyncRule) =>
  JSON.stringify([
    r.direction,
    r.connector.toLowerCase(),
    r.sourceObjectType.toLowerCase(),
    r.targetObjectType,
    r.linkType,
    r.joinRules,
  ]);

/**
 * Whether the two versions differ in how they link objects (joins, projection, provisioning), in
 * which case every object in reach must be synchronized.
 *
 * @example
 * linksDiffer({ before: rule, after: { ...rule, linkType: 'Provision' } }) // true
 */
export function linksDiffer(pair: RulePair): boolean {
  const versions = [pair.before, pair.after].filter(
    (r): r is SyncRule => r !== undefined && !r.disabled,
  );
  if (!versions.some(canLink)) return false;
  return (
    versions.length !== 2 ||
    linkFields(versions[0] as SyncRule) !== linkFields(versions[1] as SyncRule)
  );
}

function valueKey(v: FlowValue): string {
  if (v === null) return 'null';
  if (v === AUTHORITATIVE_NULL) return 'AuthoritativeNull';
  if (v === IGNORE_THIS_FLOW) return 'IgnoreThisFlow';
  const list = valuesOf(v as Value).map(scalarKey);
  return (Array.isArray(v) ? 'multi:' : 'one:') + JSON.stringify(list);
}

/**
 * The signature of an inbound rule version on a connector-space object: empty when the rule is
 * absent, disabled, out of scope or contributes only NULL (all the same to the engine).
 *
 * @example
 * inboundEffect(engine, rule, cs) === inboundEffect(engine, editedRule, cs) // unaffected
 */
export function inboundEffect(
  engine: SyncEngine,
  rule: SyncRule | undefined,
  cs: CsObject,
): string {
  if (!rule || rule.disabled) return '';
  if (!isInScope(rule.scopingFilter, csScopeContext(engine, cs))) return '';
  const ctx = csEvalContext(engine, cs);
  if (!ctx) return '';
  const parts: string[] = canLink(rule) ? ['link'] : [];
  for (const f of compileRule(rule).flows) {
    const kept = f.applyOnce
      ? cs.contributions.find((c) => c.flow.ruleId === rule.id && c.flow.attribute === f.target)
      : undefined;
    const res = kept ? { ok: true as const, value: kept.value } : f.evaluate(ctx);
    if (!res.ok) return `error:${res.error.type}:${res.error.message}`;
    const value = res.value as FlowValue;
    // NULL contributes nothing, except that an Apply Once result is kept whatever it is.
    if (value === null && !f.applyOnce) continue;
    parts.push(`${f.target}|${f.mergeType}|${rule.precedence}|${f.applyOnce}|${valueKey(value)}`);
  }
  return parts.join('\n');
}

/**
 * The signature of an outbound rule version on a metaverse object: empty when absent, disabled or
 * out of scope; NULL counts, since an outbound rule in scope manages its target attributes.
 *
 * @example
 * outboundEffect(engine, rule, mv)
 */
export function outboundEffect(
  engine: SyncEngine,
  rule: SyncRule | undefined,
  mv: MvObject,
): string {
  if (!rule || rule.disabled) return '';
  if (!isInScope(rule.scopingFilter, mvScopeContext(engine, mv, rule.connector))) return '';
  const ctx = mvEvalContext(engine, mv, rule.connector);
  const parts: string[] = [`in scope|${rule.enablePasswordSync}`];
  for (const f of compileRule(rule).flows) {
    const res = f.evaluate(ctx);
    if (!res.ok) return `error:${res.error.type}:${res.error.message}`;
    parts.push(
      `${f.target}|${f.mergeType}|${rule.precedence}|${f.applyOnce}|${valueKey(res.value as FlowValue)}`,
    );
  }
  return parts.join('\n');
}
