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
import { contributionOf, type CsObject, type MvObject } from '../sync/model.ts';
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
    const kept = f.applyOnce ? contributionOf(cs.contributions, rule.id, f.target) : undefined;
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

const flowKey = (r: SyncRule, i: number) => JSON.stringify(r.transformations[i]);

/**
 * The flows (by index in each version) whose definitions differ, when two enabled versions share
 * their scoping filter and precedence; `undefined` when the versions differ in more than flows.
 */
const differing = new WeakMap<SyncRule, WeakMap<SyncRule, { a: number[]; b: number[] } | null>>();

function differingFlows(
  a: SyncRule | undefined,
  b: SyncRule | undefined,
): { a: number[]; b: number[] } | undefined {
  if (!a || !b) return undefined;
  // Asked once per object in reach: compare the two versions once.
  let inner = differing.get(a);
  if (!inner) differing.set(a, (inner = new WeakMap()));
  let hit = inner.get(b);
  if (hit === undefined) inner.set(b, (hit = compareFlows(a, b) ?? null));
  return hit ?? undefined;
}

function compareFlows(a: SyncRule, b: SyncRule): { a: number[]; b: number[] } | undefined {
  if (a.disabled || b.disabled) return undefined;
  if (a.precedence !== b.precedence) return undefined;
  if (JSON.stringify(a.scopingFilter) !== JSON.stringify(b.scopingFilter)) return undefined;
  const inA = new Map<string, number>();
  a.transformations.forEach((_, i) => inA.set(flowKey(a, i), (inA.get(flowKey(a, i)) ?? 0) + 1));
  const onlyB: number[] = [];
  b.transformations.forEach((_, i) => {
    const k = flowKey(b, i);
    const n = inA.get(k) ?? 0;
    if (n > 0) inA.set(k, n - 1);
    else onlyB.push(i);
  });
  const onlyA: number[] = [];
  a.transformations.forEach((_, i) => {
    const k = flowKey(a, i);
    const n = inA.get(k) ?? 0;
    if (n > 0) {
      inA.set(k, n - 1);
      onlyA.push(i);
    }
  });
  return { a: onlyA, b: onlyB };
}

function flowValues(
  rule: SyncRule,
  indexes: readonly number[],
  ctx: Parameters<ReturnType<typeof compileRule>['flows'][number]['evaluate']>[0],
  kept: (ruleId: string, target: string) => FlowValue | undefined,
  keepNull: boolean,
): string {
  const flows = compileRule(rule).flows;
  const parts: string[] = [];
  for (const i of indexes) {
    const t = rule.transformations[i];
    const f = flows.find((x) => x.transformation === t);
    if (!f) {
      parts.push(`invalid:${i}`);
      continue;
    }
    const k = f.applyOnce ? kept(rule.id, f.target) : undefined;
    const res = k !== undefined ? { ok: true as const, value: k } : f.evaluate(ctx);
    if (!res.ok) return `error:${res.error.type}:${res.error.message}`;
    const value = res.value as FlowValue;
    if (value === null && !keepNull && !f.applyOnce) continue;
    parts.push(`${f.target}|${f.mergeType}|${f.applyOnce}|${valueKey(value)}`);
  }
  return parts.sort().join('\n');
}

/**
 * Whether the two versions of a changed inbound rule act differently on a connector-space object.
 * When only flows changed, only those flows are evaluated, and only for objects in scope.
 *
 * @example
 * inboundDiffers(engine, { before: rule, after: edited }, cs) // false: the edit does not touch it
 */
export function inboundDiffers(engine: SyncEngine, pair: RulePair, cs: CsObject): boolean {
  const only = differingFlows(pair.before, pair.after);
  if (!only || !pair.before || !pair.after) {
    return inboundEffect(engine, pair.before, cs) !== inboundEffect(engine, pair.after, cs);
  }
  if (!isInScope(pair.before.scopingFilter, csScopeContext(engine, cs))) return false;
  const ctx = csEvalContext(engine, cs);
  if (!ctx) return false;
  const kept = (ruleId: string, target: string) =>
    contributionOf(cs.contributions, ruleId, target)?.value;
  return (
    flowValues(pair.before, only.a, ctx, kept, false) !==
    flowValues(pair.after, only.b, ctx, kept, false)
  );
}

/**
 * Whether the two versions of a changed outbound rule act differently on a metaverse object.
 *
 * @example
 * outboundDiffers(engine, { before: rule, after: edited }, mv)
 */
export function outboundDiffers(engine: SyncEngine, pair: RulePair, mv: MvObject): boolean {
  const only = differingFlows(pair.before, pair.after);
  if (
    !only ||
    !pair.before ||
    !pair.after ||
    pair.before.connector !== pair.after.connector ||
    pair.before.enablePasswordSync !== pair.after.enablePasswordSync
  ) {
    return outboundEffect(engine, pair.before, mv) !== outboundEffect(engine, pair.after, mv);
  }
  const connector = pair.before.connector;
  if (!isInScope(pair.before.scopingFilter, mvScopeContext(engine, mv, connector))) return false;
  const ctx = mvEvalContext(engine, mv, connector);
  const none = () => undefined;
  return (
    flowValues(pair.before, only.a, ctx, none, true) !==
    flowValues(pair.after, only.b, ctx, none, true)
  );
}
