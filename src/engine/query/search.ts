/**
 * Metaverse Search and Search Connector Space: filter, sort and page on the engine side, so the
 * UI's grid only ever receives one page of plain rows.
 */
import type { Value } from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { CsObject, MvObject } from '../sync/model.ts';
import { displayValue } from '../sync/value-keys.ts';
import {
  cellTest,
  column,
  currentIndex,
  filterPositions,
  ID_COLUMN,
  lowerCell,
  orderedPage,
  TYPE_COLUMN,
  type SearchOperator,
} from './mv-index.ts';
import { operatorProblem, SearchOperatorError } from './mv-operators.ts';
import { metaverseAttributeKind } from './mv-query.ts';

export type { SearchOperator } from './mv-index.ts';

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
 * Searches the metaverse or one connector space. A clause is rejected with a
 * {@link SearchOperatorError} when its operator is not a Metaverse Search operator or, on the
 * metaverse, when the attribute's type does not take it (the error names the attribute, its type
 * and the operators it takes; the table is in mv-operators.ts).
 *
 * @example
 * search(engine, { scope: 'metaverse', objectType: 'person',
 *   clauses: [{ attribute: 'displayName', operator: 'StartsWith', value: 'ann' }],
 *   sort: { attribute: 'displayName' }, offset: 0, limit: 50, columns: ['displayName', 'mail'] })
 */
export function search(e: SyncEngine, req: SearchRequest): SearchResult {
  checkClauses(e, req);
  const offset = Math.max(0, req.offset ?? 0);
  const limit = Math.max(0, req.limit ?? 50);
  const { total, page } =
    req.scope === 'metaverse' ? searchMv(e, req, offset, limit) : searchCs(e, req, offset, limit);
  const columns = req.columns ?? [];
  const rows = page.map((o): SearchRow => {
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
  return { total, offset, rows };
}

/** Throws a {@link SearchOperatorError} for the first clause whose operator does not apply. */
function checkClauses(e: SyncEngine, req: SearchRequest): void {
  (req.clauses ?? []).forEach((c, i) => {
    // Connector-space clauses are SyncLab's own: any operator there, as on a String attribute.
    const kind = req.scope === 'metaverse' ? metaverseAttributeKind(e, c.attribute) : 'String';
    const problem = operatorProblem(c.attribute, kind, c.operator);
    if (problem !== undefined) throw new SearchOperatorError(`Clause ${i + 1}: ${problem}`);
  });
}

interface Found<T> {
  total: number;
  page: T[];
}

/**
 * The metaverse on the shared search index. Clauses test the attribute bag itself (even for
 * `objectType`), as they always have; sorting reads `objectType` and `id` from the record, puts
 * absent values where the highest text would go, and keeps ties in metaverse order.
 */
function searchMv(
  e: SyncEngine,
  req: SearchRequest,
  offset: number,
  limit: number,
): Found<MvObject> {
  const index = currentIndex(e);
  const tests = (req.clauses ?? []).map((c) => ({
    col: column(index, c.attribute),
    test: cellTest(c.operator, c.value),
  }));
  const hits = filterPositions(
    index,
    req.objectType?.toLowerCase() || undefined,
    tests.length > 0 ? [tests] : [],
  );
  const attr = req.sort?.attribute;
  const sort = attr
    ? {
        key: attr === 'objectType' ? TYPE_COLUMN : attr === 'id' ? ID_COLUMN : attr,
        absent: 'max' as const,
        ...(req.sort?.descending ? { descending: true } : {}),
      }
    : undefined;
  const page = orderedPage(index, hits, sort, offset, limit);
  return { total: hits.length, page: page.map((pos) => index.records[pos] as MvObject) };
}

function searchCs(
  e: SyncEngine,
  req: SearchRequest,
  offset: number,
  limit: number,
): Found<CsObject> {
  const type = req.objectType?.toLowerCase();
  const states = req.states ?? [];
  const tests = (req.clauses ?? []).map((c) => ({
    attribute: c.attribute,
    test: cellTest(c.operator, c.value),
  }));
  const hits: CsObject[] = [];
  for (const id of e.csIds(req.scope)) {
    const cs = e.cs.get(id);
    if (!cs) continue;
    if (type && cs.objectType.toLowerCase() !== type) continue;
    if (states.length > 0 && !stateOk(cs, states)) continue;
    if (tests.every((t) => t.test(lowerCell(read(cs, t.attribute))))) hits.push(cs);
  }
  const sort = req.sort;
  if (sort) {
    const keyed = hits.map((o) => {
      const first = lowerCell(read(o, sort.attribute));
      return { o, k: (typeof first === 'string' ? first : first?.[0]) ?? '\uffff' };
    });
    const dir = sort.descending ? -1 : 1;
    keyed.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : 0));
    for (let i = 0; i < keyed.length; i++) hits[i] = (keyed[i] as { o: CsObject }).o;
  }
  return { total: hits.length, page: hits.slice(offset, offset + limit) };
}
