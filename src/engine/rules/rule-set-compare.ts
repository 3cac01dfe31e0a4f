/**
 * Two rule sets compared rule by rule and field by field, as AADConnectConfigDocumenter reports a
 * configuration against a reference: each rule Added, Deleted, Modified or Unchanged, and for a
 * modified rule the fields of the editor's pages (Description, Scoping Filter, Join Rules,
 * Transformations) with the reference and the current value. Connector names compare without
 * regard to case.
 */
import type { ScopeCondition, JoinCondition, SyncRule, Transformation } from './model.ts';

export type CompareStatus = 'Added' | 'Deleted' | 'Modified' | 'Unchanged';
export type CompareSection = 'Description' | 'Scoping Filter' | 'Join Rules' | 'Transformations';

export interface FieldDifference {
  section: CompareSection;
  /** `Precedence`, `Group 1 / Clause 2`, `displayName / Merge Type` … */
  field: string;
  /** `(none)` when the side has no such field. */
  reference: string;
  current: string;
}

export interface RuleComparison {
  status: CompareStatus;
  name: string;
  connector: string;
  direction: SyncRule['direction'];
  referenceId?: string;
  currentId?: string;
  referencePrecedence?: number;
  currentPrecedence?: number;
  /** How the rules were paired, or what an added rule is (a clone of a reference rule …). */
  note?: string;
  differences: FieldDifference[];
}

const NONE = '(none)';

function yesNo(b: boolean): string {
  return b ? 'True' : 'False';
}

function describe(r: SyncRule): Record<string, string> {
  const inbound = r.direction === 'Inbound';
  return {
    Name: r.name,
    Description: r.description,
    'Connected System': r.connector,
    'Connected System Object Type': inbound ? r.sourceObjectType : r.targetObjectType,
    'Metaverse Object Type': inbound ? r.targetObjectType : r.sourceObjectType,
    'Link Type': r.linkType,
    Precedence: String(r.precedence),
    Tag: r.immutableTag ?? '',
    'Enable Password Sync': yesNo(r.enablePasswordSync),
    Disabled: yesNo(r.disabled),
  };
}

function scopeText(c: ScopeCondition): string {
  return `${c.attribute} ${c.operator} ${c.value}`.trim();
}

function joinText(c: JoinCondition): string {
  return `${c.source} = ${c.target}${c.caseSensitive ? ' (case sensitive)' : ''}`;
}

function groupsDiff<T>(
  section: CompareSection,
  a: readonly T[][],
  b: readonly T[][],
  text: (c: T) => string,
): FieldDifference[] {
  const out: FieldDifference[] = [];
  for (let g = 0; g < Math.max(a.length, b.length); g++) {
    const ga = a[g] ?? [];
    const gb = b[g] ?? [];
    for (let c = 0; c < Math.max(ga.length, gb.length); c++) {
      const ta = ga[c] === undefined ? NONE : text(ga[c] as T);
      const tb = gb[c] === undefined ? NONE : text(gb[c] as T);
      if (ta !== tb)
        out.push({
          section,
          field: `Group ${g + 1} / Clause ${c + 1}`,
          reference: ta,
          current: tb,
        });
    }
  }
  return out;
}

function flowSource(t: Transformation): string {
  if (t.flowType === 'Constant') return t.value ?? '';
  if (t.flowType === 'Expression') return t.expression ?? '';
  return Array.isArray(t.source) ? t.source.join(', ') : (t.source ?? '');
}

function flowFields(t: Transformation): Record<string, string> {
  return {
    'Flow Type': t.flowType,
    Source: flowSource(t),
    'Apply Once': yesNo(t.applyOnce),
    'Merge Type': t.mergeType,
  };
}

/** Flows keyed by target attribute (a second flow to the same target gets `#2`). */
function flowsByTarget(list: readonly Transformation[]): Map<string, Transformation> {
  const out = new Map<string, Transformation>();
  for (const t of list) {
    let key = t.target;
    for (let n = 2; out.has(key); n++) key = `${t.target} #${n}`;
    out.set(key, t);
  }
  return out;
}

function flowsDiff(a: readonly Transformation[], b: readonly Transformation[]): FieldDifference[] {
  const out: FieldDifference[] = [];
  const ma = flowsByTarget(a);
  const mb = flowsByTarget(b);
  const section = 'Transformations';
  for (const [target, ta] of ma) {
    const tb = mb.get(target);
    const fa = flowFields(ta);
    if (!tb) {
      out.push({
        section,
        field: target,
        reference: `${fa['Flow Type']}: ${fa['Source']}`,
        current: NONE,
      });
      continue;
    }
    const fb = flowFields(tb);
    for (const field of Object.keys(fa))
      if (fa[field] !== fb[field])
        out.push({
          section,
          field: `${target} / ${field}`,
          reference: fa[field] ?? '',
          current: fb[field] ?? '',
        });
  }
  for (const [target, tb] of mb) {
    if (ma.has(target)) continue;
    const fb = flowFields(tb);
    out.push({
      section,
      field: target,
      reference: NONE,
      current: `${fb['Flow Type']}: ${fb['Source']}`,
    });
  }
  return out;
}

/**
 * The field differences between two versions of a rule (connector names compare without case).
 *
 * @example
 * ruleDifferences(defaultRule, { ...defaultRule, disabled: true })
 * // [{ section: 'Description', field: 'Disabled', reference: 'False', current: 'True' }]
 */
export function ruleDifferences(reference: SyncRule, current: SyncRule): FieldDifference[] {
  const out: FieldDifference[] = [];
  const da = describe(reference);
  const db = describe(current);
  for (const field of Object.keys(da)) {
    const a = da[field] ?? '';
    const b = db[field] ?? '';
    const same = field === 'Connected System' ? a.toLowerCase() === b.toLowerCase() : a === b;
    if (!same) out.push({ section: 'Description', field, reference: a, current: b });
  }
  if (reference.direction !== current.direction)
    out.push({
      section: 'Description',
      field: 'Direction',
      reference: reference.direction,
      current: current.direction,
    });
  out.push(
    ...groupsDiff('Scoping Filter', reference.scopingFilter, current.scopingFilter, scopeText),
  );
  out.push(...groupsDiff('Join Rules', reference.joinRules, current.joinRules, joinText));
  out.push(...flowsDiff(reference.transformations, current.transformations));
  return out;
}

const nameKey = (r: SyncRule) =>
  `${r.direction}|${r.connector.toLowerCase()}|${r.name.toLowerCase()}`;

/**
 * Pairs the rules of two sets (same out-of-box tag, else same identifier, else same name,
 * direction and connector) and compares each pair.
 *
 * @example
 * compareRules(defaults, current).filter((r) => r.status !== 'Unchanged')
 * // [{ status: 'Modified', name: 'In from AD - User Join', differences: [Disabled False → True] },
 * //  { status: 'Added', name: 'In from AD - User Join', note: "Same name as the reference rule …" }]
 */
export function compareRules(
  reference: readonly SyncRule[],
  current: readonly SyncRule[],
): RuleComparison[] {
  const pairs = new Map<SyncRule, { ref: SyncRule; how: string }>();
  const usedRef = new Set<SyncRule>();
  const tryPair = (key: (r: SyncRule) => string | undefined, how: string) => {
    const byKey = new Map<string, SyncRule[]>();
    for (const r of reference) {
      const k = key(r);
      if (k === undefined || usedRef.has(r)) continue;
      const list = byKey.get(k);
      if (list) list.push(r);
      else byKey.set(k, [r]);
    }
    for (const c of current) {
      const k = key(c);
      if (k === undefined || pairs.has(c)) continue;
      const ref = byKey.get(k)?.find((r) => !usedRef.has(r));
      if (!ref) continue;
      pairs.set(c, { ref, how });
      usedRef.add(ref);
    }
  };
  tryPair((r) => (r.immutableTag ? r.immutableTag.toLowerCase() : undefined), 'tag');
  tryPair((r) => r.id.toLowerCase(), 'identifier');
  tryPair(nameKey, 'name');
  const refByName = new Map(reference.map((r) => [nameKey(r), r]));
  const out: RuleComparison[] = [];
  for (const c of current) {
    const p = pairs.get(c);
    if (!p) {
      const same = refByName.get(nameKey(c));
      out.push({
        status: 'Added',
        name: c.name,
        connector: c.connector,
        direction: c.direction,
        currentId: c.id,
        currentPrecedence: c.precedence,
        ...(same
          ? {
              note: `Same name as the reference rule at precedence ${same.precedence}: a clone of it.`,
            }
          : {}),
        differences: [],
      });
      continue;
    }
    const differences = ruleDifferences(p.ref, c);
    out.push({
      status: differences.length > 0 ? 'Modified' : 'Unchanged',
      name: c.name,
      connector: c.connector,
      direction: c.direction,
      referenceId: p.ref.id,
      currentId: c.id,
      referencePrecedence: p.ref.precedence,
      currentPrecedence: c.precedence,
      ...(p.how !== 'tag' && p.how !== 'identifier' ? { note: `Paired by ${p.how}.` } : {}),
      differences,
    });
  }
  for (const r of reference) {
    if (usedRef.has(r)) continue;
    out.push({
      status: 'Deleted',
      name: r.name,
      connector: r.connector,
      direction: r.direction,
      referenceId: r.id,
      referencePrecedence: r.precedence,
      differences: [],
    });
  }
  const rank: Record<CompareStatus, number> = { Added: 0, Deleted: 1, Modified: 2, Unchanged: 3 };
  return out.sort(
    (a, b) =>
      rank[a.status] - rank[b.status] ||
      (a.currentPrecedence ?? a.referencePrecedence ?? 0) -
        (b.currentPrecedence ?? b.referencePrecedence ?? 0),
  );
}

/**
 * The reference set as it would replace the current one: paired rules keep the current rule's
 * identifier and connector names take the workspace's spelling, so that only real differences
 * reach the impact engine.
 *
 * @example
 * ruleSetImpact(engine, referenceAsReplacement(compareRules(defaults, current), defaults, names))
 */
export function referenceAsReplacement(
  comparison: readonly RuleComparison[],
  reference: readonly SyncRule[],
  connectors: readonly string[],
): SyncRule[] {
  const idOf = new Map<string, string>();
  for (const c of comparison)
    if (c.referenceId && c.currentId) idOf.set(c.referenceId, c.currentId);
  const spelled = new Map(connectors.map((n) => [n.toLowerCase(), n]));
  return reference.map((r) => ({
    ...r,
    id: idOf.get(r.id) ?? r.id,
    connector: spelled.get(r.connector.toLowerCase()) ?? r.connector,
  }));
}
