/**
 * Metaverse Search and Search Connector Space: filter, sort and page on the engine side, so the
 * UI's grid only ever receives one page of plain rows.
 */
import type { Scalar, Value } from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { CsObject, MvObject } from '../sync/model.ts';
import { displayValue, valuesOf } from '../sync/value-keys.ts';

/** Metaverse Search operators (Sync Service Manager). */
export type SearchOperator =
  'Equals' | 'Contains' | 'NotContains' | 'StartsWith' | 'EndsWith' | 'IsPresent' | 'IsNotPresent';

export interface SearchClause {
  attribute: string;
  operator: SearchOperator;
  value?: string;
}

/** Search Connector Space state scopes. */
export type CsStateScope =
  | 'pending-import'
  | 'pending-export'
  | 'pending-export-add'
  | 'pending-export-update'
  | 'pending-export-delete'
  | 'connector'
  | 'disconnector'
  | 'placeholder'
  | 'sync-error'
  | 'export-error';

export interface SearchRequest {
  /** `metaverse`, or the name of a connector for its connector space. */
  scope: string;
  objectType?: string;
  /** Clauses are ANDed. `dn` and `rdn` are searchable on connector spaces. */
  clauses?: SearchClause[];
  states?: CsStateScope[];
  sort?: { attribute: string; descending?: boolean };
  offset?: number;
  limit?: number;
  /** Attributes to return as columns (rendered as text). */
  columns?: string[];
}

export interface SearchRow {
  id: string;
  objectType: string;
  dn?: string;
  connector?: string;
  state?: string;
  columns: Record<string, string>;
}

export interface SearchResult {
  total: number;
  offset: number;
  rows: SearchRow[];
}

function text(v: Scalar): string {
  return (typeof v === 'string' ? v : displayValue(v)).toLowerCase();
}

function matches(values: readonly Scalar[], c: SearchClause): boolean {
  return matchesTexts(values.map(text), c.operator, (c.value ?? '').toLowerCase());
}

/** The clause test on values already rendered as lowercase text (`q` lowercased too). */
function matchesTexts(texts: readonly string[], op: SearchOperator, q: string): boolean {
  switch (op) {
    case 'IsPresent':
      return texts.length > 0;
    case 'IsNotPresent':
      return texts.length === 0;
    case 'Equals':
      return texts.some((t) => t === q);
    case 'Contains':
      return texts.some((t) => t.includes(q));
    case 'NotContains':
      return !texts.some((t) => t.includes(q));
    case 'StartsWith':
      return texts.some((t) => t.startsWith(q));
    case 'EndsWith':
      return texts.some((t) => t.endsWith(q));
    default:
      return false;
  }
}

const NO_TEXT: readonly string[] = [];

/** Sorting reads `objectType` and `id` from the object; other attributes from the text columns. */
function isMvColumn(attr: string): boolean {
  return attr !== 'objectType' && attr !== 'id';
}

function read(o: MvObject | CsObject, attr: string): Value | undefined {
  if ('connector' in o) {
    if (attr === 'dn') return o.dn;
    if (attr === 'rdn') return o.dn.split(',')[0] ?? o.dn;
    if (attr === 'objectType') return o.objectType;
    const pi = o.pendingImport?.attributes;
    return pi?.[attr] ?? o.attributes[attr] ?? o.pendingExport?.set[attr];
  }
  if (attr === 'objectType') return o.objectType;
  if (attr === 'id') return o.id;
  return o.attributes[attr];
}

function stateOk(cs: CsObject, states: readonly CsStateScope[]): boolean {
  return states.some((s) => {
    switch (s) {
      case 'pending-import':
        return cs.pendingImport !== undefined;
      case 'pending-export':
        return cs.pendingExport !== undefined;
      case 'pending-export-add':
        return cs.pendingExport?.type === 'Add';
      case 'pending-export-update':
        return cs.pendingExport?.type === 'Update';
      case 'pending-export-delete':
        return cs.pendingExport?.type === 'Delete';
      case 'sync-error':
        return cs.syncError !== undefined;
      case 'export-error':
        return cs.exportError !== undefined;
      default:
        return cs.state === s;
    }
  });
}

/**
 * Searches the metaverse or one connector space.
 *
 * @example
 * search(engine, { scope: 'metaverse', objectType: 'person',
 *   clauses: [{ attribute: 'displayName', operator: 'StartsWith', value: 'ann' }],
 *   sort: { attribute: 'displayName' }, offset: 0, limit: 50, columns: ['displayName', 'mail'] })
 */
export function search(e: SyncEngine, req: SearchRequest): SearchResult {
  const clauses = req.clauses ?? [];
  const type = req.objectType?.toLowerCase();
  const hits: (MvObject | CsObject)[] = [];
  let sortKeys: Map<MvObject | CsObject, string> | undefined;
  if (req.scope === 'metaverse') {
    // Clauses test the attribute bag itself (even for `objectType`), as they always have.
    const tests = clauses.map((c) => ({
      op: c.operator,
      q: (c.value ?? '').toLowerCase(),
      column: e.mvTextColumn(c.attribute),
    }));
    for (const mv of e.mv.values()) {
      if (type && mv.objectType.toLowerCase() !== type) continue;
      let ok = true;
      for (const { op, q, column } of tests) {
        if (!matchesTexts(column.get(mv.id) ?? NO_TEXT, op, q)) {
          ok = false;
          break;
        }
      }
      if (ok) hits.push(mv);
    }
    if (req.sort && isMvColumn(req.sort.attribute)) {
      const column = e.mvTextColumn(req.sort.attribute);
      sortKeys = new Map();
      for (const o of hits) sortKeys.set(o, column.get(o.id)?.[0] ?? '\uffff');
    }
  } else {
    const states = req.states ?? [];
    for (const id of e.csIds(req.scope)) {
      const cs = e.cs.get(id);
      if (!cs) continue;
      if (type && cs.objectType.toLowerCase() !== type) continue;
      if (states.length > 0 && !stateOk(cs, states)) continue;
      if (clauses.every((c) => matches(valuesOf(read(cs, c.attribute)), c))) hits.push(cs);
    }
  }
  const sort = req.sort;
  if (sort) {
    const keyed = hits.map((o) => {
      const known = sortKeys?.get(o);
      if (known !== undefined) return { o, k: known };
      const v = valuesOf(read(o, sort.attribute))[0];
      return { o, k: v === undefined ? '\uffff' : text(v) };
    });
    const dir = sort.descending ? -1 : 1;
    keyed.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : 0));
    for (let i = 0; i < keyed.length; i++) hits[i] = (keyed[i] as { o: MvObject | CsObject }).o;
  }
  const offset = Math.max(0, req.offset ?? 0);
  const limit = Math.max(0, req.limit ?? 50);
  const columns = req.columns ?? [];
  const rows = hits.slice(offset, offset + limit).map((o): SearchRow => {
    const cols: Record<string, string> = {};
    for (const c of columns) {
      const v = read(o, c);
      if (v !== undefined) cols[c] = displayValue(v);
    }
    return 'connector' in o
      ? {
          id: o.id,
          objectType: o.objectType,
          dn: o.dn,
          connector: o.connector,
          state: o.state,
          columns: cols,
        }
      : { id: o.id, objectType: o.objectType, columns: cols };
  });
  return { total: hits.length, offset, rows };
}
