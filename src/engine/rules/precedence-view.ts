/**
 * The precedence view: for one metaverse attribute and object type, every inbound rule that flows
 * into it, in the order precedence resolves them (spec §2.5–2.6), what each would contribute for a
 * chosen metaverse object, and which one wins; plus the precedence numbers that break the rules
 * (collisions, custom rules outside 0–99) and a reorder of custom rules that keeps them valid.
 */
import {
  AUTHORITATIVE_NULL,
  IGNORE_THIS_FLOW,
  type FlowValue,
  type Value,
} from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { CsObject } from '../sync/model.ts';
import { displayValue } from '../sync/value-keys.ts';
import { byPrecedence, compileRule } from './compiled.ts';
import type { SyncRule, Transformation } from './model.ts';
import { csEvalContext, csScopeContext, mvLabel } from './object-context.ts';
import { resolveAttribute, type Candidate } from './precedence.ts';
import { isInScope } from './scoping.ts';

/** Custom rules live below the out-of-box range, which starts at 100. */
export const CUSTOM_PRECEDENCE_MAX = 99;

export type ContributionState =
  | 'value'
  | 'NULL'
  | 'AuthoritativeNull'
  | 'IgnoreThisFlow'
  | 'error'
  | 'out of scope'
  | 'disabled'
  | 'not joined';

export interface PrecedenceRow {
  ruleId: string;
  ruleName: string;
  connector: string;
  precedence: number;
  isDefault: boolean;
  disabled: boolean;
  flowType: Transformation['flowType'];
  /** The source attribute, the constant or the expression. */
  flow: string;
  mergeType: Transformation['mergeType'];
  applyOnce: boolean;
  /** For the chosen object. */
  contribution?: {
    state: ContributionState;
    /** The value as text (`NULL`, `AuthoritativeNull` … for the special values). */
    value: string;
    wins: boolean;
    /** Why it does not win (lower precedence, NULL …), or why it wins. */
    reason: string;
  };
}

export interface PrecedenceIssue {
  ruleId: string;
  ruleName: string;
  precedence: number;
  message: string;
}

export interface PrecedenceView {
  attribute: string;
  objectType: string;
  rows: PrecedenceRow[];
  /** For the chosen object: the resolved value as text, and the rule it comes from. */
  result?: { value: string; ruleName?: string; label: string };
  /** Problems of the precedence numbers in the whole rule set. */
  issues: PrecedenceIssue[];
}

function flowText(t: Transformation): string {
  if (t.flowType === 'Constant') return JSON.stringify(t.value ?? '');
  if (t.flowType === 'Expression') return t.expression ?? '';
  return Array.isArray(t.source) ? t.source.join(', ') : (t.source ?? '');
}

function valueText(v: FlowValue): { state: ContributionState; value: string } {
  if (v === null) return { state: 'NULL', value: 'NULL' };
  if (v === AUTHORITATIVE_NULL) return { state: 'AuthoritativeNull', value: 'AuthoritativeNull' };
  if (v === IGNORE_THIS_FLOW) return { state: 'IgnoreThisFlow', value: 'IgnoreThisFlow' };
  return { state: 'value', value: displayValue(v as Value) };
}

/**
 * Precedence problems of a rule set: numbers used by more than one rule, and custom rules outside
 * 0–99 (or not whole numbers).
 *
 * @example
 * precedenceIssues([{ ...a, precedence: 50 }, { ...b, precedence: 50 }]) // two collisions
 */
export function precedenceIssues(rules: readonly SyncRule[]): PrecedenceIssue[] {
  const out: PrecedenceIssue[] = [];
  const byNumber = new Map<number, SyncRule[]>();
  for (const r of rules) {
    const list = byNumber.get(r.precedence);
    if (list) list.push(r);
    else byNumber.set(r.precedence, [r]);
  }
  for (const r of rules) {
    const others = (byNumber.get(r.precedence) ?? []).filter((x) => x.id !== r.id);
    if (others.length > 0)
      out.push({
        ruleId: r.id,
        ruleName: r.name,
        precedence: r.precedence,
        message: `Precedence ${r.precedence} is also used by ${others.map((x) => `'${x.name}'`).join(', ')}.`,
      });
    if (
      !r.immutableTag &&
      (!Number.isInteger(r.precedence) || r.precedence < 0 || r.precedence > CUSTOM_PRECEDENCE_MAX)
    )
      out.push({
        ruleId: r.id,
        ruleName: r.name,
        precedence: r.precedence,
        message: `Custom rules need a whole precedence from 0 to ${CUSTOM_PRECEDENCE_MAX}; '${r.name}' has ${r.precedence}.`,
      });
  }
  return out;
}

export interface PrecedenceRequest {
  attribute: string;
  /** Metaverse object type, e.g. `person`. */
  objectType: string;
  /** A metaverse object to show contributions for. */
  mvId?: string;
}

/**
 * Every inbound rule (of `rules`, which may hold an unsaved draft) that flows into `attribute` of
 * `objectType`, in resolution order, with the contributions for `mvId`.
 *
 * @example
 * precedenceView(engine, rules, { attribute: 'displayName', objectType: 'person', mvId })
 *   .rows.find((r) => r.contribution?.wins)?.ruleName // 'In from AD - User Common'
 */
export function precedenceView(
  engine: SyncEngine,
  rules: readonly SyncRule[],
  req: PrecedenceRequest,
): PrecedenceView {
  const order = (name: string) =>
    engine.connectors.find((c) => c.name.toLowerCase() === name.toLowerCase())?.order ?? 1e9;
  const contributing = rules
    .filter(
      (r) =>
        r.direction === 'Inbound' &&
        (r.targetObjectType === req.objectType || r.targetObjectType === '*') &&
        r.transformations.some((t) => t.target === req.attribute),
    )
    .sort(byPrecedence(order));
  const rows: PrecedenceRow[] = [];
  for (const r of contributing) {
    for (const t of r.transformations) {
      if (t.target !== req.attribute) continue;
      rows.push({
        ruleId: r.id,
        ruleName: r.name,
        connector: r.connector,
        precedence: r.precedence,
        isDefault: !!r.immutableTag,
        disabled: r.disabled,
        flowType: t.flowType,
        flow: flowText(t),
        mergeType: t.mergeType,
        applyOnce: t.applyOnce,
      });
    }
  }
  const issues = precedenceIssues(rules);
  const mv = req.mvId ? engine.mv.get(req.mvId) : undefined;
  if (!mv) return { attribute: req.attribute, objectType: req.objectType, rows, issues };

  const joined = mv.connectors
    .map((id) => engine.cs.get(id))
    .filter((c): c is CsObject => c !== undefined);
  type Src = { row: PrecedenceRow };
  const candidates: Candidate<Src>[] = [];
  for (const row of rows) {
    const rule = contributing.find((r) => r.id === row.ruleId) as SyncRule;
    const set = (state: ContributionState, value: string, reason: string) => {
      row.contribution = { state, value, wins: false, reason };
    };
    if (rule.disabled) {
      set('disabled', '', 'The rule is disabled.');
      continue;
    }
    const cs = joined.find(
      (c) =>
        c.connector.toLowerCase() === rule.connector.toLowerCase() &&
        c.objectType.toLowerCase() === rule.sourceObjectType.toLowerCase(),
    );
    if (!cs) {
      set('not joined', '', `No ${rule.sourceObjectType} object of ${rule.connector} is joined.`);
      continue;
    }
    if (!isInScope(rule.scopingFilter, csScopeContext(engine, cs))) {
      set('out of scope', '', `${cs.dn} is outside the rule's scoping filter.`);
      continue;
    }
    const flow = compileRule(rule).flows.find((f) => f.target === req.attribute);
    const ctx = csEvalContext(engine, cs);
    if (!flow || !ctx) continue;
    const kept = flow.applyOnce
      ? cs.contributions.find((c) => c.flow.ruleId === rule.id && c.flow.attribute === flow.target)
      : undefined;
    const res = kept ? { ok: true as const, value: kept.value } : flow.evaluate(ctx);
    if (!res.ok) {
      set(
        'error',
        res.error.message,
        `${res.error.type}: the object gets a synchronization error.`,
      );
      continue;
    }
    // The engine's flows yield only NULL, values and the two special symbols.
    const value = res.value as FlowValue;
    const shown = valueText(value);
    set(shown.state, shown.value, '');
    candidates.push({
      value,
      precedence: rule.precedence,
      mergeType: flow.mergeType,
      source: { row },
    });
  }
  const resolution = resolveAttribute(candidates);
  let result: PrecedenceView['result'];
  const label = mvLabel(engine, mv);
  if (resolution.kind === 'error') {
    for (const c of candidates)
      if (c.source.row.contribution) c.source.row.contribution.reason = resolution.message;
    result = { value: '(error)', label };
  } else {
    for (const l of resolution.losing)
      if (l.source.row.contribution) l.source.row.contribution.reason = l.reason;
    if (resolution.kind === 'value') {
      const winners = new Set(resolution.contributors.map((c) => c.row));
      for (const c of candidates) {
        if (!winners.has(c.source.row) || !c.source.row.contribution) continue;
        c.source.row.contribution.wins = true;
        c.source.row.contribution.reason =
          winners.size > 1
            ? 'Contributes to the merged value.'
            : 'Wins: the first rule with a value.';
      }
      result = {
        value: displayValue(resolution.value),
        ruleName: resolution.winner.row.ruleName,
        label,
      };
    } else if (resolution.kind === 'absent' && resolution.authoritative) {
      const row = resolution.authoritative.row;
      if (row.contribution) {
        row.contribution.wins = true;
        row.contribution.reason = 'Wins: AuthoritativeNull removes the value.';
      }
      result = { value: '(absent)', ruleName: row.ruleName, label };
    } else if (resolution.kind === 'keep') {
      const current = mv.attributes[req.attribute];
      result = {
        value: `${current === undefined ? '(absent)' : displayValue(current)} (kept: IgnoreThisFlow)`,
        label,
      };
    } else result = { value: '(absent)', label };
  }
  return { attribute: req.attribute, objectType: req.objectType, rows, result, issues };
}

export type ReorderResult =
  | { ok: true; changes: { id: string; name: string; from: number; to: number }[] }
  | { ok: false; message: string };

/**
 * New precedence numbers that put the custom rules `orderedIds` in that order (first = highest
 * precedence = lowest number). The rules trade their own numbers when these are valid and unique;
 * otherwise they take free numbers below 100, so that no number collides with another rule's.
 *
 * @example
 * reorderCustomRules(rules, [b.id, a.id]) // a: 40 → 50, b: 50 → 40
 */
export function reorderCustomRules(
  rules: readonly SyncRule[],
  orderedIds: readonly string[],
): ReorderResult {
  const moved = orderedIds.map((id) => rules.find((r) => r.id === id));
  for (const [i, r] of moved.entries()) {
    if (!r) return { ok: false, message: `The rule ${orderedIds[i]} no longer exists.` };
    if (r.immutableTag)
      return {
        ok: false,
        message: `'${r.name}' is an out-of-box rule: clone it to change its precedence.`,
      };
  }
  const list = moved as SyncRule[];
  const ids = new Set(orderedIds);
  const usedByOthers = new Set(rules.filter((r) => !ids.has(r.id)).map((r) => r.precedence));
  const own = list.map((r) => r.precedence).sort((a, b) => a - b);
  const valid =
    new Set(own).size === own.length &&
    own.every(
      (p) => Number.isInteger(p) && p >= 0 && p <= CUSTOM_PRECEDENCE_MAX && !usedByOthers.has(p),
    );
  let numbers = own;
  if (!valid) {
    const free: number[] = [];
    for (let p = 0; p <= CUSTOM_PRECEDENCE_MAX; p++) if (!usedByOthers.has(p)) free.push(p);
    if (free.length < list.length)
      return { ok: false, message: `There are not ${list.length} free numbers below 100.` };
    // Stay near the rules' own numbers: the free numbers from the smallest valid one up.
    const start = own.find((p) => Number.isInteger(p) && p >= 0) ?? 0;
    const from = free.filter((p) => p >= start);
    numbers = (from.length >= list.length ? from : free).slice(0, list.length);
  }
  const changes = list
    .map((r, i) => ({ id: r.id, name: r.name, from: r.precedence, to: numbers[i] as number }))
    .filter((c) => c.from !== c.to);
  return { ok: true, changes };
}
