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
  const q = (c.value ?? '').toLowerCase();
  switch (c.operator) {
    case 'IsPresent':
      return values.length > 0;
    case 'IsNotPresent':
      return values.length === 0;
    case 'Equals':
      return values.some((v) => text(v) === q);
    case 'Contains':
      return values.some((v) => text(v).includes(q));
    case 'NotContains':
      return !values.some((v) => text(v).includes(q));
    case 'StartsWith':
      return values.some((v) => text(v).startsWith(q));
    case 'EndsWith':
      return values.some((v) => text(v).endsWith(q));
    default:
      return false;
  }
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
  if (req.scope === 'metaverse') {
    for (const mv of e.mv.values()) {
      if (type && mv.objectType.toLowerCase() !== type) continue;
      let ok = true;
      for (const c of clauses) {
        if (!matches(valuesOf(mv.attributes[c.attribute]), c)) {
          ok = false;
          break;
        }
      }
      if (ok) hits.push(mv);
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
