/**
 * Metaverse Object Properties as SyncLab shows them: every attribute with its contributing
 * connector, rule and precedence, the timeline step that last changed it, and every competing
 * contribution with the reason it lost (lower precedence, NULL, AuthoritativeNull, IgnoreThisFlow,
 * out of scope); the joined connector-space objects; each attribute's values across the timeline
 * (from the engine's journal); and two objects side by side.
 */
import { encodeJsonValue } from '../io/json-values.ts';
import type { JsonData } from '../io/json-text.ts';
import type { Value } from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import { contributionOf, type MvObject } from '../sync/model.ts';
import { displayValue, valueEquals } from '../sync/value-keys.ts';
import { csScopeContext, scopeVerdict } from './explain.ts';

/** A contribution that did not make the value. */
export interface CompetingContribution {
  connector: string;
  csId: string;
  ruleName: string;
  precedence: number;
  /** The value offered, as text (`NULL`, `AuthoritativeNull` ... for the special literals). */
  value: string;
  /** `lower precedence`, `NULL (nothing to contribute)`, `AuthoritativeNull of a ...`, `out of scope: <clause>` */
  reason: string;
}

export interface AttributeReport {
  name: string;
  /** Absent when no rule gives it a value (it is listed because a rule competes for it). */
  value?: JsonData;
  display: string;
  connector?: string;
  csId?: string;
  ruleName?: string;
  precedence?: number;
  /** Merge flows: every contributor whose values are in the result. */
  contributors?: { connector: string; ruleName: string; precedence: number }[];
  /** The timeline step that last changed the value (when the journal recorded it). */
  lastChanged?: { stepId: number; label: string };
  competing: CompetingContribution[];
}

export interface ConnectorReport {
  csId: string;
  connector: string;
  dn: string;
  objectType: string;
  state: string;
  /** The rule that linked it and how: joined, projected (inbound) or provisioned (outbound). */
  ruleName?: string;
  direction?: 'Inbound' | 'Outbound';
  action?: string;
  link?: string;
  pendingExport?: string;
  exportError?: string;
  syncError?: string;
}

export interface AttributeChangeAt {
  stepId: number;
  label: string;
  /** Text of the value after the step; undefined when the step removed it. */
  value?: string;
}

export interface MvHistory {
  /** Every step of the timeline (journal marks), oldest first. */
  steps: { id: number; label: string }[];
  /** Steps that created or deleted the object, or changed its connectors, in words. */
  events: { stepId: number; label: string; text: string }[];
  /** Per attribute, each step that changed it, oldest first. */
  attributes: { name: string; changes: AttributeChangeAt[] }[];
}

export interface MvReport {
  id: string;
  objectType: string;
  attributes: AttributeReport[];
  connectors: ConnectorReport[];
}

function text(v: Value | undefined): string | undefined {
  return v === undefined ? undefined : displayValue(v);
}

/**
 * Each attribute's values across the steps of the timeline, read from the journal's snapshots
 * (one per run profile, cycle or workspace action), e.g. sourceObjectType Contact → User.
 *
 * @example
 * mvHistory(engine, mvId).attributes.find((a) => a.name === 'sourceObjectType')?.changes
 * // [{ label: 'contoso.com: Full Synchronization', value: 'Contact' }, { label: 'Run initial cycle', value: 'User' }]
 */
export function mvHistory(e: SyncEngine, mvId: string): MvHistory {
  const points = e.journal.history(e.mv, mvId);
  const current = e.mv.get(mvId);
  const events: MvHistory['events'] = [];
  const changes = new Map<string, AttributeChangeAt[]>();
  const csName = (id: string) => {
    const cs = e.cs.get(id);
    return cs ? `${cs.connector} ${cs.dn}` : `a connector-space object since deleted (${id})`;
  };
  points.forEach((p, i) => {
    const before = p.value;
    const after = i + 1 < points.length ? points[i + 1]?.value : current;
    if (before === after) return;
    const at = { stepId: p.id, label: p.label };
    if (!before && after) events.push({ ...at, text: `Created as ${after.objectType}.` });
    if (before && !after) events.push({ ...at, text: 'Deleted.' });
    const joined = (after?.connectors ?? []).filter((id) => !before?.connectors.includes(id));
    const left = (before?.connectors ?? []).filter((id) => !after?.connectors.includes(id));
    for (const id of joined) events.push({ ...at, text: `Connector linked: ${csName(id)}.` });
    for (const id of left) events.push({ ...at, text: `Connector removed: ${csName(id)}.` });
    const a = before?.attributes ?? {};
    const b = after?.attributes ?? {};
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (valueEquals(a[name], b[name])) continue;
      let list = changes.get(name);
      if (!list) changes.set(name, (list = []));
      const value = text(b[name]);
      list.push(value === undefined ? at : { ...at, value });
    }
  });
  return {
    steps: points.map((p) => ({ id: p.id, label: p.label })),
    events,
    attributes: [...changes]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([name, list]) => ({ name, changes: list })),
  };
}

function outOfScope(e: SyncEngine, mv: MvObject): Map<string, CompetingContribution[]> {
  const out = new Map<string, CompetingContribution[]>();
  const add = (attr: string, c: CompetingContribution) => {
    let list = out.get(attr);
    if (!list) out.set(attr, (list = []));
    list.push(c);
  };
  for (const csId of mv.connectors) {
    const cs = e.cs.get(csId);
    if (!cs || cs.link?.direction === 'Outbound') continue;
    const inScope = new Set(cs.inScope);
    const ctx = csScopeContext(e, cs);
    for (const r of e.inboundRules(cs.connector, cs.objectType)) {
      if (r.rule.targetObjectType !== mv.objectType) continue;
      const base = {
        connector: cs.connector,
        csId,
        ruleName: r.rule.name,
        precedence: r.rule.precedence,
      };
      if (!inScope.has(r.rule.id)) {
        const v = scopeVerdict(r.rule.name, r.rule.precedence, r.rule.scopingFilter, ctx);
        const why = v.failed[0]?.text ?? 'not in scope at the last synchronization';
        for (const f of r.flows)
          add(f.target, { ...base, value: '(not evaluated)', reason: `out of scope: ${why}` });
        continue;
      }
      // NULL results are not stored as contributions: an in-scope flow without one returned NULL.
      for (const f of r.flows) {
        const has = contributionOf(cs.contributions, r.rule.id, f.target) !== undefined;
        if (!has) add(f.target, { ...base, value: 'NULL', reason: 'NULL (nothing to contribute)' });
      }
    }
  }
  return out;
}

/**
 * Everything the Attributes and Connectors tabs show for one metaverse object.
 *
 * @example
 * const r = mvReport(engine, mvId);
 * r?.attributes.find((a) => a.name === 'sourceObjectType')
 * // { display: 'User', connector: 'fabrikam.com', ruleName: 'In from AD - User Common', precedence: 104,
 * //   lastChanged: { label: 'Run initial cycle' }, competing: [{ ruleName: 'In from AD - Contact Common', reason: 'lower precedence' }] }
 */
export function mvReport(e: SyncEngine, mvId: string): MvReport | undefined {
  const mv = e.mv.get(mvId);
  if (!mv) return undefined;
  const provenance = e.provenance(mvId);
  const missing = outOfScope(e, mv);
  const history = mvHistory(e, mvId);
  const last = new Map(
    history.attributes.map((a) => {
      const c = a.changes[a.changes.length - 1] as AttributeChangeAt;
      return [a.name, { stepId: c.stepId, label: c.label }] as const;
    }),
  );
  const names = new Set([
    ...Object.keys(mv.attributes),
    ...Object.keys(provenance),
    ...missing.keys(),
  ]);
  const attributes = [...names]
    .sort((a, b) => a.localeCompare(b))
    .map((name): AttributeReport => {
      const v = mv.attributes[name];
      const p = provenance[name];
      const lc = last.get(name);
      return {
        name,
        ...(v !== undefined ? { value: encodeJsonValue(v) as JsonData } : {}),
        display: v === undefined ? '(absent)' : displayValue(v),
        ...(p
          ? {
              connector: p.connector,
              csId: p.csId,
              ruleName: p.ruleName,
              precedence: p.precedence,
              ...(p.contributors
                ? {
                    contributors: p.contributors.map(({ connector, ruleName, precedence }) => ({
                      connector,
                      ruleName,
                      precedence,
                    })),
                  }
                : {}),
            }
          : {}),
        ...(lc ? { lastChanged: lc } : {}),
        competing: [
          ...(p?.losing ?? []).map((l) => ({
            connector: l.connector,
            csId: l.csId,
            ruleName: l.ruleName,
            precedence: l.precedence,
            value: l.value,
            reason: l.reason,
          })),
          ...(missing.get(name) ?? []),
        ].sort((a, b) => a.precedence - b.precedence),
      };
    });
  const connectors = mv.connectors.flatMap((id): ConnectorReport[] => {
    const cs = e.cs.get(id);
    if (!cs) return [];
    return [
      {
        csId: cs.id,
        connector: cs.connector,
        dn: cs.dn,
        objectType: cs.objectType,
        state: cs.state,
        ...(cs.link
          ? {
              ruleName: cs.link.ruleName,
              direction: cs.link.direction,
              action: cs.link.action,
              ...(cs.link.link ? { link: cs.link.link } : {}),
            }
          : {}),
        ...(cs.pendingExport ? { pendingExport: cs.pendingExport.type } : {}),
        ...(cs.exportError
          ? { exportError: `${cs.exportError.type}: ${cs.exportError.message}` }
          : {}),
        ...(cs.syncError ? { syncError: `${cs.syncError.type}: ${cs.syncError.message}` } : {}),
      },
    ];
  });
  return { id: mv.id, objectType: mv.objectType, attributes, connectors };
}

export interface CompareRow {
  attribute: string;
  left?: string;
  right?: string;
  same: boolean;
  leftRule?: string;
  rightRule?: string;
}

export interface MvComparison {
  left: { id: string; objectType: string; connectors: string[] };
  right: { id: string; objectType: string; connectors: string[] };
  rows: CompareRow[];
}

/**
 * Two metaverse objects side by side: every attribute either has, whether the values are the same
 * (multi-values as sets), and the rule that contributed each side.
 *
 * @example
 * compareMv(engine, contactMvId, userMvId)?.rows.find((r) => r.attribute === 'mail')
 * // { left: 'dana.fox@fabrikam.com', right: 'dana.fox@fabrikam.com', same: true, ... }
 */
export function compareMv(
  e: SyncEngine,
  leftId: string,
  rightId: string,
): MvComparison | undefined {
  const a = e.mv.get(leftId);
  const b = e.mv.get(rightId);
  if (!a || !b) return undefined;
  const pa = e.provenance(leftId);
  const pb = e.provenance(rightId);
  const side = (mv: MvObject) => ({
    id: mv.id,
    objectType: mv.objectType,
    connectors: mv.connectors.map((id) => {
      const cs = e.cs.get(id);
      return cs ? `${cs.connector}: ${cs.dn}` : id;
    }),
  });
  const names = [...new Set([...Object.keys(a.attributes), ...Object.keys(b.attributes)])].sort(
    (x, y) => x.localeCompare(y),
  );
  const rows = names.map((attribute): CompareRow => {
    const l = text(a.attributes[attribute]);
    const r = text(b.attributes[attribute]);
    const lr = pa[attribute]?.ruleName;
    const rr = pb[attribute]?.ruleName;
    return {
      attribute,
      ...(l !== undefined ? { left: l } : {}),
      ...(r !== undefined ? { right: r } : {}),
      same: valueEquals(a.attributes[attribute], b.attributes[attribute]),
      ...(lr ? { leftRule: lr } : {}),
      ...(rr ? { rightRule: rr } : {}),
    };
  });
  return { left: side(a), right: side(b), rows };
}
