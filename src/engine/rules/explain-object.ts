/**
 * Scoping filters and join rules explained on one object: each clause true or false with the
 * values it compared, and the metaverse (or connector-space) candidates each join group finds,
 * with the outcome the engine draws from them (spec §2.3–2.4).
 */
import type { Scalar } from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { CsObject, MvObject } from '../sync/model.ts';
import { displayValue, joinKey, valuesOf } from '../sync/value-keys.ts';
import type { JoinCondition, ScopeCondition, SyncRule } from './model.ts';
import { csScopeContext, mvLabel, mvScopeContext } from './object-context.ts';
import { evaluateCondition, substituteParameters, type ScopeContext } from './scoping.ts';

export interface ClauseExplanation {
  attribute: string;
  operator: ScopeCondition['operator'];
  /** The value as written in the rule. */
  value: string;
  /** The value compared, after `%parameters%` are replaced. */
  compared: string;
  /** The object's values of the attribute, as text (empty: the attribute is absent). */
  actual: string[];
  result: boolean;
}

export interface ScopeExplanation {
  groups: { clauses: ClauseExplanation[]; result: boolean }[];
  inScope: boolean;
}

/**
 * Evaluates every clause of a scoping filter (no short-circuit, so that each shows its result).
 *
 * @example
 * explainScopingFilter([[{ attribute: 'mail', operator: 'ENDSWITH', value: '@contoso.com' }]],
 *   { attributes: { mail: 'ann@contoso.com' } }).inScope // true
 */
export function explainScopingFilter(
  filter: readonly ScopeCondition[][],
  ctx: ScopeContext,
): ScopeExplanation {
  const groups = filter.map((group) => {
    const clauses = group.map((c): ClauseExplanation => ({
      attribute: c.attribute,
      operator: c.operator,
      value: c.value,
      compared: substituteParameters(c.value, ctx.parameters),
      actual: valuesOf(ctx.attributes[c.attribute]).map((v) => displayValue(v)),
      result: evaluateCondition(c, ctx),
    }));
    return { clauses, result: clauses.every((c) => c.result) };
  });
  return { groups, inScope: groups.length === 0 || groups.some((g) => g.result) };
}

/** The object a rule reads: a connector-space object inbound, a metaverse object outbound. */
function sourceObject(
  engine: SyncEngine,
  rule: SyncRule,
  id: string,
): { ok: true; cs?: CsObject; mv?: MvObject } | { ok: false; message: string } {
  if (rule.direction === 'Inbound') {
    const cs = engine.cs.get(id);
    if (!cs) return { ok: false, message: 'The object is no longer in the connector space.' };
    if (cs.connector.toLowerCase() !== rule.connector.toLowerCase())
      return { ok: false, message: `The object is in ${cs.connector}, not in ${rule.connector}.` };
    return { ok: true, cs };
  }
  const mv = engine.mv.get(id);
  if (!mv) return { ok: false, message: 'The object is no longer in the metaverse.' };
  return { ok: true, mv };
}

/**
 * The scoping filter of `rule` (a draft or a saved rule) on a connector-space object (inbound) or
 * a metaverse object (outbound).
 *
 * @example
 * explainScopeOnObject(engine, rule, csId) // { ok: true, explanation: { inScope: false, ... } }
 */
export function explainScopeOnObject(
  engine: SyncEngine,
  rule: SyncRule,
  id: string,
):
  | { ok: true; explanation: ScopeExplanation; typeMatches: boolean; objectType: string }
  | { ok: false; message: string } {
  const src = sourceObject(engine, rule, id);
  if (!src.ok) return src;
  const ctx = src.cs
    ? csScopeContext(engine, src.cs)
    : mvScopeContext(engine, src.mv as MvObject, rule.connector);
  const objectType = (src.cs ?? src.mv)?.objectType ?? '';
  return {
    ok: true,
    explanation: explainScopingFilter(rule.scopingFilter, ctx),
    typeMatches: objectType.toLowerCase() === rule.sourceObjectType.toLowerCase(),
    objectType,
  };
}

// ------------------------------------------------------------------------------------ join

export interface JoinCandidate {
  id: string;
  label: string;
  objectType: string;
  /** Why the engine would not take it, when it would not (already joined, other type ...). */
  excluded?: string;
}

export type JoinGroupOutcome =
  /** No candidate: the next group is tried. */
  | 'no-match'
  /** Exactly one: the object joins it. */
  | 'join'
  /** Several: the join is ambiguous and the next group is tried. */
  | 'several'
  /** An earlier group already joined. */
  | 'not-evaluated';

export interface JoinGroupExplanation {
  clauses: { source: string; target: string; caseSensitive: boolean; values: string[] }[];
  /** Candidates the engine counts (type and state match), at most 20, and how many there are. */
  candidates: JoinCandidate[];
  count: number;
  outcome: JoinGroupOutcome;
}

export interface JoinExplanation {
  groups: JoinGroupExplanation[];
  /** What happens to the object with this rule, in words. */
  result: string;
  joinedTo?: JoinCandidate;
  /** The object is already joined: the engine evaluates no join rule for it. */
  alreadyJoined?: string;
}

const MAX_CANDIDATES = 20;

function keysOf(values: readonly Scalar[], caseSensitive: boolean): Set<string> {
  return new Set(values.map((v) => joinKey(v, caseSensitive)));
}

function matches(value: unknown, keys: Set<string>, caseSensitive: boolean): boolean {
  for (const v of valuesOf(value as Parameters<typeof valuesOf>[0]))
    if (keys.has(joinKey(v, caseSensitive))) return true;
  return false;
}

function clauseText(
  group: readonly JoinCondition[],
  values: (c: JoinCondition) => readonly Scalar[],
) {
  return group.map((c) => ({
    source: c.source,
    target: c.target,
    caseSensitive: c.caseSensitive,
    values: values(c).map((v) => displayValue(v)),
  }));
}

function outcomeOf(count: number): JoinGroupOutcome {
  return count === 0 ? 'no-match' : count === 1 ? 'join' : 'several';
}

/**
 * Inbound: the metaverse objects each join group of `rule` finds for a connector-space object.
 * A group's clauses are ANDed; the first group with exactly one candidate of the rule's metaverse
 * type joins; without one, a Provision rule projects and other rules leave a disconnector.
 *
 * @example
 * explainJoinOnObject(engine, userJoinRule, csId).result // 'Joins Ann Lee (group 1).'
 */
export function explainJoinOnObject(
  engine: SyncEngine,
  rule: SyncRule,
  id: string,
): { ok: true; explanation: JoinExplanation } | { ok: false; message: string } {
  const src = sourceObject(engine, rule, id);
  if (!src.ok) return src;
  return {
    ok: true,
    explanation: src.cs
      ? inboundJoin(engine, rule, src.cs)
      : outboundJoin(engine, rule, src.mv as MvObject),
  };
}

function inboundJoin(engine: SyncEngine, rule: SyncRule, cs: CsObject): JoinExplanation {
  const attributes = engine.expressionContext(cs.id)?.attributes ?? cs.attributes;
  const mvType = rule.targetObjectType;
  const groups: JoinGroupExplanation[] = [];
  let joinedTo: JoinCandidate | undefined;
  for (const group of rule.joinRules) {
    const clauses = clauseText(group, (c) => valuesOf(attributes[c.source]));
    if (joinedTo || group.length === 0) {
      groups.push({ clauses, candidates: [], count: 0, outcome: 'not-evaluated' });
      continue;
    }
    const conds = group.map((c) => ({
      c,
      keys: keysOf(valuesOf(attributes[c.source]), c.caseSensitive),
    }));
    const found: MvObject[] = [];
    if (conds.every((x) => x.keys.size > 0)) {
      for (const mv of engine.mv.values()) {
        if (mvType !== '*' && mv.objectType !== mvType) continue;
        if (conds.every(({ c, keys }) => matches(mv.attributes[c.target], keys, c.caseSensitive)))
          found.push(mv);
      }
    }
    const candidates = found.slice(0, MAX_CANDIDATES).map((mv): JoinCandidate => {
      const clash = mv.connectors
        .map((x) => engine.cs.get(x))
        .find((o) => o && o.id !== cs.id && o.connector === cs.connector);
      return {
        id: mv.id,
        label: mvLabel(engine, mv),
        objectType: mv.objectType,
        ...(clash ? { excluded: `already joined to ${clash.dn} in ${cs.connector}` } : {}),
      };
    });
    const outcome = outcomeOf(found.length);
    groups.push({ clauses, candidates, count: found.length, outcome });
    if (outcome === 'join') joinedTo = candidates[0];
  }
  const alreadyJoined = cs.mvId
    ? `The object is already joined to ${engine.mv.get(cs.mvId) ? mvLabel(engine, engine.mv.get(cs.mvId) as MvObject) : cs.mvId}: join rules are evaluated for disconnectors only.`
    : undefined;
  let result: string;
  const n = groups.findIndex((g) => g.outcome === 'join') + 1;
  if (joinedTo?.excluded)
    result = `Group ${n} finds exactly one metaverse object, but it is ${joinedTo.excluded}: a synchronization error (ambiguous join), no join.`;
  else if (joinedTo) result = `Joins ${joinedTo.label} (group ${n}).`;
  else if (rule.linkType === 'Provision') {
    const used = rule.joinRules.flat().map((c) => c.source);
    const anyValue = used.length === 0 || used.some((a) => valuesOf(attributes[a]).length > 0);
    result = anyValue
      ? `No group finds exactly one ${mvType} object: the rule projects a new ${rule.targetObjectType} object.`
      : 'No attribute the join conditions use has a value: the object is not projected and stays a disconnector.';
  } else
    result =
      rule.joinRules.length === 0
        ? 'The rule has no join conditions: it flows attributes once another rule has joined the object.'
        : `No group finds exactly one ${mvType} object: the object stays a disconnector.`;
  return {
    groups,
    result,
    ...(joinedTo ? { joinedTo } : {}),
    ...(alreadyJoined ? { alreadyJoined } : {}),
  };
}

function outboundJoin(engine: SyncEngine, rule: SyncRule, mv: MvObject): JoinExplanation {
  const connector = engine.connectors.find(
    (c) => c.name.toLowerCase() === rule.connector.toLowerCase(),
  )?.name;
  const groups: JoinGroupExplanation[] = [];
  let joinedTo: JoinCandidate | undefined;
  for (const group of rule.joinRules) {
    // Outbound, `target` names the metaverse attribute and `source` the connector's.
    const clauses = clauseText(group, (c) => valuesOf(mv.attributes[c.target]));
    if (joinedTo || group.length === 0 || !connector) {
      groups.push({ clauses, candidates: [], count: 0, outcome: 'not-evaluated' });
      continue;
    }
    const conds = group.map((c) => ({
      c,
      keys: keysOf(valuesOf(mv.attributes[c.target]), c.caseSensitive),
    }));
    const found: CsObject[] = [];
    const excluded: JoinCandidate[] = [];
    if (conds.every((x) => x.keys.size > 0)) {
      for (const id of engine.csIds(connector)) {
        const o = engine.cs.get(id);
        if (!o) continue;
        if (!conds.every(({ c, keys }) => matches(o.attributes[c.source], keys, c.caseSensitive)))
          continue;
        const why =
          o.objectType !== rule.targetObjectType
            ? `object type ${o.objectType}`
            : o.mvId
              ? 'already joined'
              : o.state !== 'disconnector'
                ? `a ${o.state}`
                : o.pendingExport
                  ? 'has a pending export'
                  : undefined;
        if (why) excluded.push({ id: o.id, label: o.dn, objectType: o.objectType, excluded: why });
        else found.push(o);
      }
    }
    const candidates = [
      ...found.map((o) => ({ id: o.id, label: o.dn, objectType: o.objectType })),
      ...excluded,
    ].slice(0, MAX_CANDIDATES);
    const outcome = outcomeOf(found.length);
    groups.push({ clauses, candidates, count: found.length, outcome });
    if (outcome === 'join') joinedTo = candidates[0];
  }
  const joined = mv.connectors
    .map((x) => engine.cs.get(x))
    .find((o) => o && o.connector === connector);
  const alreadyJoined = joined
    ? `The metaverse object is already joined to ${joined.dn} in ${joined.connector}: join rules are evaluated only when it has no object there.`
    : undefined;
  const n = groups.findIndex((g) => g.outcome === 'join') + 1;
  const result = joinedTo
    ? `Joins ${joinedTo.label} (group ${n}).`
    : rule.linkType === 'Provision'
      ? `No group finds exactly one ${rule.targetObjectType} object: the rule provisions a new object in ${rule.connector} (unless an object with the same DN exists, which is joined).`
      : `No group finds exactly one ${rule.targetObjectType} object: nothing is joined in ${rule.connector}.`;
  return {
    groups,
    result,
    ...(joinedTo ? { joinedTo } : {}),
    ...(alreadyJoined ? { alreadyJoined } : {}),
  };
}
