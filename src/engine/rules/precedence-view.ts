/**
 * The precedence view: for one metaverse attribute and object type, every inbound rule that flows
 * into it, in the order precedence resolves them (spec §2.5–2.6), what each would contribute for a
 * chosen metaverse object, and which one wins. Outbound, the same for one target attribute of one
 * connector's object type, resolved the way outbound synchronization resolves it (scope on the
 * metaverse object, the target connector-space object, Apply Once, references as DNs). Plus the
 * precedence numbers that break the rules (collisions, custom rules outside 0–99) and a reorder of
 * custom rules that keeps them valid.
 */
import {
  AUTHORITATIVE_NULL,
  IGNORE_THIS_FLOW,
  Ref,
  type EvalResult,
  type FlowValue,
  type Scalar,
  type Value,
} from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import { contributionOf, type CsObject, type MvObject } from '../sync/model.ts';
import { displayValue, valueEquals, valuesOf } from '../sync/value-keys.ts';
import { byPrecedence, compileRule } from './compiled.ts';
import type { Direction, SyncRule, Transformation } from './model.ts';
import {
  csEvalContext,
  csScopeContext,
  mvEvalContext,
  mvLabel,
  mvScopeContext,
} from './object-context.ts';
import { resolveAttribute, type Candidate, type Resolution } from './precedence.ts';
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
  | 'not joined'
  /** Outbound: the rule reads another metaverse object type than the chosen object's. */
  | 'other object type'
  /** Outbound: an Apply Once flow, evaluated only when the target object is created. */
  | 'apply once';

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
  direction: Direction;
  /** Outbound: the target connector. */
  connector?: string;
  attribute: string;
  /** Inbound: the metaverse object type; outbound: the target connector's object type. */
  objectType: string;
  rows: PrecedenceRow[];
  /**
   * For the chosen object: the resolved value as text, and the rule it comes from. Outbound,
   * `target` says which connector-space object receives it and what is exported.
   */
  result?: { value: string; ruleName?: string; label: string; target?: string };
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

export type PrecedenceRequest =
  | {
      direction?: 'Inbound';
      attribute: string;
      /** Metaverse object type, e.g. `person`. */
      objectType: string;
      /** A metaverse object to show contributions for. */
      mvId?: string;
    }
  | {
      direction: 'Outbound';
      /** The target connector, e.g. `contoso.onmicrosoft.com - AAD`. */
      connector: string;
      /** The target connector's object type, e.g. `user`. */
      objectType: string;
      /** The target attribute, e.g. `displayName`. */
      attribute: string;
      /** A metaverse object to show contributions for. */
      mvId?: string;
    };

/** The rows of the flows into `attribute`, each with its rule and transformation. */
function rowsOf(
  rules: readonly SyncRule[],
  attribute: string,
): { rule: SyncRule; transformation: Transformation; row: PrecedenceRow }[] {
  const rows: { rule: SyncRule; transformation: Transformation; row: PrecedenceRow }[] = [];
  for (const r of rules) {
    for (const t of r.transformations) {
      if (t.target !== attribute) continue;
      rows.push({
        rule: r,
        transformation: t,
        row: {
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
        },
      });
    }
  }
  return rows;
}

/** Marks the winners and the losers' reasons on the rows of a resolution's candidates. */
function markResolution(
  resolution: Resolution<{ row: PrecedenceRow }>,
  candidates: readonly Candidate<{ row: PrecedenceRow }>[],
): void {
  if (resolution.kind === 'error') {
    for (const c of candidates)
      if (c.source.row.contribution) c.source.row.contribution.reason = resolution.message;
    return;
  }
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
  } else if (resolution.kind === 'absent' && resolution.authoritative) {
    const c = resolution.authoritative.row.contribution;
    if (c) {
      c.wins = true;
      c.reason = 'Wins: AuthoritativeNull removes the value.';
    }
  }
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
  if (req.direction === 'Outbound') return outboundPrecedenceView(engine, rules, req);
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
  const rows = rowsOf(contributing, req.attribute).map((e) => e.row);
  const issues = precedenceIssues(rules);
  const mv = req.mvId ? engine.mv.get(req.mvId) : undefined;
  const base = {
    direction: 'Inbound' as const,
    attribute: req.attribute,
    objectType: req.objectType,
    rows,
    issues,
  };
  if (!mv) return base;

  const joined = mv.connectors
    .map((id) => engine.cs.get(id))
    .filter((c): c is CsObject => c !== undefined);
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
      ? contributionOf(cs.contributions, rule.id, flow.target)
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
  markResolution(resolution, candidates);
  const label = mvLabel(engine, mv);
  let result: PrecedenceView['result'];
  if (resolution.kind === 'error') result = { value: '(error)', label };
  else if (resolution.kind === 'value')
    result = {
      value: displayValue(resolution.value),
      ruleName: resolution.winner.row.ruleName,
      label,
    };
  else if (resolution.kind === 'absent' && resolution.authoritative)
    result = { value: '(absent)', ruleName: resolution.authoritative.row.ruleName, label };
  else if (resolution.kind === 'keep') {
    const current = mv.attributes[req.attribute];
    result = {
      value: `${current === undefined ? '(absent)' : displayValue(current)} (kept: IgnoreThisFlow)`,
      label,
    };
  } else result = { value: '(absent)', label };
  return { ...base, result };
}

type Src = { row: PrecedenceRow };

/** A metaverse reference as export writes it: the DN of the object joined to it in `connector`. */
function refInConnector(engine: SyncEngine, mvId: string, connector: string): Ref | undefined {
  let dn: string | undefined;
  for (const id of engine.mv.get(mvId)?.connectors ?? []) {
    const cs = engine.cs.get(id);
    if (cs && cs.connector === connector) dn = cs.dn;
  }
  return dn === undefined ? undefined : new Ref(dn);
}

interface ExportTarget {
  /** The connector-space object the flows go to, when one is connected. */
  cs?: CsObject;
  /** Apply Once flows run only for an object being created (a pending export Add). */
  creating: boolean;
  /** What receives the values, as text. */
  text: string;
  /** Why nothing flows, when it does not. */
  blocked?: string;
}

/**
 * The target of outbound synchronization for a metaverse object in `connector`, as the engine's
 * outbound pass finds it: the connected object (disconnected first when the rule that linked it
 * left scope), or the object the first rule in scope that can link would provision or join.
 */
function outboundTarget(
  engine: SyncEngine,
  mv: MvObject,
  connector: string,
  objectType: string,
  inScope: readonly SyncRule[],
): ExportTarget {
  let cs: CsObject | undefined;
  for (const id of mv.connectors) {
    const c = engine.cs.get(id);
    if (c && c.connector === connector) cs = c;
  }
  let lead = '';
  const link = cs?.link;
  if (cs && link?.direction === 'Outbound' && !inScope.some((r) => r.id === link.ruleId)) {
    lead = `${cs.dn} is ${link.action === 'Provision' ? 'deprovisioned' : 'disconnected'} first: '${link.ruleName}', which linked it, is out of scope. `;
    cs = undefined;
  }
  if (cs) {
    const text = `${cs.dn} (${cs.objectType})`;
    if (cs.objectType !== objectType)
      return {
        cs,
        creating: false,
        text,
        blocked: `It is joined to ${text}: flows into ${objectType} objects do not apply.`,
      };
    if (cs.pendingExport?.type === 'Delete')
      return { cs, creating: false, text, blocked: `${cs.dn} awaits its deletion: nothing flows.` };
    const linking = inScope.some(
      (r) => r.targetObjectType === objectType && compileRule(r).linkCapable,
    );
    if (!linking)
      return {
        cs,
        creating: false,
        text,
        blocked: `No join or provisioning rule for ${objectType} is in scope: attributes do not flow to ${cs.dn}.`,
      };
    return { cs, creating: cs.pendingExport?.type === 'Add', text };
  }
  const linker = inScope.find((r) => compileRule(r).linkCapable && r.linkType !== 'StickyJoin');
  if (!linker)
    return {
      creating: false,
      text: '(none)',
      blocked: `${lead}Not connected to ${connector}, and no rule in scope joins or provisions it: nothing flows.`,
    };
  if (linker.targetObjectType !== objectType)
    return {
      creating: false,
      text: '(none)',
      blocked: `${lead}'${linker.name}' links it as a ${linker.targetObjectType}: flows into ${objectType} objects do not apply.`,
    };
  return linker.linkType === 'Provision'
    ? {
        creating: true,
        text: `${lead}a new ${objectType} that '${linker.name}' provisions (unless an object with its DN, or one its join rules find, is joined instead)`,
      }
    : {
        creating: false,
        text: `${lead}the ${objectType} that '${linker.name}' joins, if its join rules find exactly one`,
      };
}

/**
 * Every outbound rule of `req.connector` that flows into `req.attribute` of `req.objectType`, in
 * precedence order, with what each gives the metaverse object `req.mvId` and the value export
 * would write, as outbound synchronization decides it.
 */
function outboundPrecedenceView(
  engine: SyncEngine,
  rules: readonly SyncRule[],
  req: Extract<PrecedenceRequest, { direction: 'Outbound' }>,
): PrecedenceView {
  const info = engine.connectors.find((c) => c.name.toLowerCase() === req.connector.toLowerCase());
  const connector = info?.name ?? req.connector;
  const order = (name: string) =>
    engine.connectors.find((c) => c.name.toLowerCase() === name.toLowerCase())?.order ?? 1e9;
  const ofConnector = rules
    .filter((r) => r.direction === 'Outbound' && r.connector === connector)
    .sort(byPrecedence(order));
  const entries = rowsOf(
    ofConnector.filter((r) => r.targetObjectType === req.objectType),
    req.attribute,
  );
  const rows = entries.map((e) => e.row);
  const base = {
    direction: 'Outbound' as const,
    connector,
    attribute: req.attribute,
    objectType: req.objectType,
    rows,
    issues: precedenceIssues(rules),
  };
  const mv = req.mvId ? engine.mv.get(req.mvId) : undefined;
  if (!mv) return base;

  const mvType = mv.objectType.toLowerCase();
  const scope = mvScopeContext(engine, mv, connector);
  const inScope = ofConnector.filter(
    (r) =>
      !r.disabled &&
      r.sourceObjectType.toLowerCase() === mvType &&
      isInScope(r.scopingFilter, scope),
  );
  const target = outboundTarget(engine, mv, connector, req.objectType, inScope);
  // Every flow of the rules in scope for the target type is evaluated: the first error, or an
  // attribute whose contributors mix merge types, and nothing is exported to the object.
  const ctx = mvEvalContext(engine, mv, connector);
  const evaluated = new Map<Transformation, EvalResult>();
  const mergeTypes = new Map<string, Set<string>>();
  let objectError: string | undefined;
  for (const r of inScope) {
    if (r.targetObjectType !== req.objectType || objectError) continue;
    for (const f of compileRule(r).flows) {
      if (f.applyOnce && !target.creating) continue;
      const res = f.evaluate(ctx);
      evaluated.set(f.transformation, res);
      if (!res.ok) {
        objectError = `'${r.name}' fails on ${f.target}: ${res.error.type}: ${res.error.message}`;
        break;
      }
      const types = mergeTypes.get(f.target) ?? new Set<string>();
      types.add(f.mergeType);
      mergeTypes.set(f.target, types);
    }
  }
  const mixed = [...mergeTypes].find(([attr, t]) => t.size > 1 && attr !== req.attribute);
  if (!objectError && mixed)
    objectError = `The rules contributing to ${mixed[0]} mix merge types: nothing is exported.`;

  const candidates: Candidate<Src>[] = [];
  for (const { rule, transformation, row } of entries) {
    const set = (state: ContributionState, value: string, reason: string) => {
      row.contribution = { state, value, wins: false, reason };
    };
    if (rule.disabled) set('disabled', '', 'The rule is disabled.');
    else if (rule.sourceObjectType.toLowerCase() !== mvType)
      set(
        'other object type',
        '',
        `The rule reads ${rule.sourceObjectType} objects; this is a ${mv.objectType}.`,
      );
    else if (!inScope.includes(rule))
      set('out of scope', '', "The metaverse object is outside the rule's scoping filter.");
    else if (transformation.applyOnce && !target.creating)
      set('apply once', '', 'Apply Once: flows only when the object is created.');
    else {
      const res = evaluated.get(transformation);
      if (!res) set('error', '', objectError ?? 'Not evaluated.');
      else if (!res.ok)
        set(
          'error',
          res.error.message,
          `${res.error.type}: the object gets a synchronization error.`,
        );
      else {
        const value = res.value as FlowValue;
        const shown = valueText(value);
        set(shown.state, shown.value, target.blocked ? 'Nothing flows (see the target).' : '');
        candidates.push({
          value,
          precedence: rule.precedence,
          mergeType: transformation.mergeType === 'Replace' ? 'Update' : transformation.mergeType,
          source: { row },
        });
      }
    }
  }
  const label = mvLabel(engine, mv);
  if (target.blocked)
    return { ...base, result: { value: '(nothing flows)', label, target: target.blocked } };
  if (objectError)
    return {
      ...base,
      result: { value: '(error)', label, target: `${target.text}. ${objectError}` },
    };
  const resolution = resolveAttribute(candidates);
  markResolution(resolution, candidates);
  const cs = target.cs;
  const current = cs?.attributes[req.attribute];
  const now = current === undefined ? 'no value' : displayValue(current);
  const has = cs && !target.creating ? ` It has ${now}` : '';
  let result: PrecedenceView['result'];
  if (resolution.kind === 'error')
    result = { value: '(error)', label, target: `${target.text}. ${resolution.message}` };
  else if (resolution.kind === 'value') {
    // References become the DN of the object joined to the referenced one in this connector.
    const out: Scalar[] = [];
    let unresolved = 0;
    for (const x of valuesOf(resolution.value)) {
      if (!(x instanceof Ref)) out.push(x);
      else {
        const ref = refInConnector(engine, x.dn, connector);
        if (ref) out.push(ref);
        else unresolved++;
      }
    }
    const merge = candidates[0]?.mergeType !== 'Update';
    const value =
      out.length === 0 ? undefined : Array.isArray(resolution.value) || merge ? out : out[0];
    const pending =
      unresolved > 0
        ? ` ${unresolved} reference(s) to objects not yet in ${connector} flow once those are.`
        : '';
    const exports =
      !cs || target.creating
        ? ' Exported with the new object.'
        : value === undefined
          ? `${has}.`
          : merge
            ? `${has}; export adds the values it lacks.`
            : valueEquals(current, value)
              ? `${has} already: nothing to export.`
              : `${has}; export changes it to ${displayValue(value)}.`;
    result = {
      value: value === undefined ? '(absent)' : displayValue(value),
      ruleName: resolution.winner.row.ruleName,
      label,
      target: `${target.text}.${exports}${pending}`,
    };
  } else {
    const merge = candidates[0]?.mergeType !== undefined && candidates[0].mergeType !== 'Update';
    if (resolution.kind === 'keep' || merge) {
      const why = resolution.kind === 'keep' ? 'IgnoreThisFlow' : 'a Merge flow adds nothing';
      result = {
        value: `${current === undefined ? '(absent)' : now} (kept: ${why})`,
        label,
        target: `${target.text}.${has ? `${has}, and export leaves it.` : ''}`,
      };
    } else {
      // Absent: an AD target loses the value; Entra ID keeps values sync did not set itself.
      const clears =
        current !== undefined &&
        (info?.kind === 'AD' || (cs?.managed.includes(req.attribute) ?? false));
      const fate =
        current === undefined || !has
          ? ''
          : clears
            ? `${has}; export clears it.`
            : `${has}, which ${connector} set itself: export leaves it.`;
      result = {
        value: '(absent)',
        ...(resolution.authoritative ? { ruleName: resolution.authoritative.row.ruleName } : {}),
        label,
        target: `${target.text}.${fate}`,
      };
    }
  }
  return { ...base, result };
}

/** What the outbound view can show for one target connector: an object type and its attributes. */
export interface OutboundTarget {
  /** The connector's object type, e.g. `user`. */
  objectType: string;
  /** Attributes outbound rules flow into, sorted. */
  attributes: string[];
  /** Metaverse object types those rules read. */
  metaverseObjectTypes: string[];
}

/**
 * The object types and attributes outbound rules of `connector` flow into (the pickers of the
 * outbound precedence view).
 *
 * @example
 * outboundTargets(rules, 'contoso.onmicrosoft.com - AAD')[0]
 * // { objectType: 'contact', attributes: ['cloudFiltered', 'displayName', …], metaverseObjectTypes: ['person'] }
 */
export function outboundTargets(rules: readonly SyncRule[], connector: string): OutboundTarget[] {
  const byType = new Map<string, { attributes: Set<string>; sources: Set<string> }>();
  for (const r of rules) {
    if (r.direction !== 'Outbound' || r.connector.toLowerCase() !== connector.toLowerCase())
      continue;
    const entry = byType.get(r.targetObjectType) ?? { attributes: new Set(), sources: new Set() };
    byType.set(r.targetObjectType, entry);
    entry.sources.add(r.sourceObjectType);
    for (const t of r.transformations)
      if (t.target && t.target !== 'dn') entry.attributes.add(t.target);
  }
  const sorted = (xs: Set<string>) => [...xs].sort((a, b) => a.localeCompare(b));
  return [...byType]
    .map(([objectType, e]) => ({
      objectType,
      attributes: sorted(e.attributes),
      metaverseObjectTypes: sorted(e.sources),
    }))
    .sort((a, b) => a.objectType.localeCompare(b.objectType));
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
