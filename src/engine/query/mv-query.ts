/**
 * Metaverse Search as the Metaverse browser asks it: an object type scope, clauses of attribute /
 * operator / value ANDed in a group, groups ORed (the real query builder has one group only), and a
 * free-text box. Filtering, sorting and paging run next to the engine, on caches that follow the
 * metaverse's immutable records, so that a search over 100,000 objects stays well under 100 ms.
 */
import { stringifyJson, type JsonData } from '../io/json-text.ts';
import { encodeJsonValue } from '../io/json-values.ts';
import type { Value } from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { MvObject } from '../sync/model.ts';
import { displayValue, valuesOf } from '../sync/value-keys.ts';
import type { SearchOperator } from './search.ts';

export type { SearchOperator } from './search.ts';

/** The operators of the real Metaverse Search, in the order its list shows them. */
export const MV_OPERATORS: readonly SearchOperator[] = [
  'Equals',
  'Contains',
  'NotContains',
  'StartsWith',
  'EndsWith',
  'IsPresent',
  'IsNotPresent',
];

/** Operators that take no value. */
export function operatorTakesValue(op: SearchOperator): boolean {
  return op !== 'IsPresent' && op !== 'IsNotPresent';
}

export interface MvClause {
  attribute: string;
  operator: SearchOperator;
  value?: string;
}

export interface MvQuery {
  /** `person`, `group` ...; absent or empty: every object type. */
  objectType?: string;
  /** Groups are ORed, the clauses of a group ANDed. No group: every object of the type. */
  groups: MvClause[][];
  /** Free text: every word must occur in one of {@link FREE_TEXT_ATTRIBUTES} (or the object id). */
  text?: string;
}

/** The attributes the free-text box looks in. */
export const FREE_TEXT_ATTRIBUTES: readonly string[] = [
  'displayName',
  'cn',
  'mail',
  'accountName',
  'userPrincipalName',
  'givenName',
  'sn',
  'mailNickname',
  'proxyAddresses',
];

export interface MvSort {
  attribute: string;
  descending?: boolean;
}

export interface MvSearchRequest {
  query: MvQuery;
  sort?: MvSort;
  offset?: number;
  limit?: number;
  /** Attributes returned as text cells (multi-values joined with `; `). */
  columns?: string[];
}

export interface MvSearchRow {
  id: string;
  objectType: string;
  cells: Record<string, string>;
}

export interface MvSearchPage {
  total: number;
  offset: number;
  rows: MvSearchRow[];
  /** Clauses left out because they are incomplete, in words (e.g. "Group 1, clause 2 needs a value"). */
  ignored: string[];
}

// ------------------------------------------------------------------------------ cache

/** Lower-cased text of one attribute of one record: one value, several, or undefined when absent. */
type Cell = string | readonly string[] | undefined;

interface MvIndex {
  /** The metaverse's records in iteration order when the index was last refreshed. */
  records: MvObject[];
  types: string[];
  columns: Map<string, Cell[]>;
  /** Per record, the free-text attributes and the id, lower-cased, one per line. */
  haystack?: string[];
  /** Record positions sorted ascending by an attribute (absent values last). */
  sorted: Map<string, Int32Array>;
  /** Sort orders of before the last change: nearly sorted input makes the next sort cheap. */
  stale: Map<string, Int32Array>;
  attributeNames?: string[];
}

const indexes = new WeakMap<SyncEngine, MvIndex>();

function lowerCell(v: Value | undefined): Cell {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v.toLowerCase();
  const list = valuesOf(v);
  if (list.length === 0) return undefined;
  if (list.length === 1) return displayValue(list[0]).toLowerCase();
  return list.map((s) => displayValue(s).toLowerCase());
}

function cellOf(rec: MvObject, attribute: string): Cell {
  return attribute === 'objectType'
    ? rec.objectType.toLowerCase()
    : lowerCell(rec.attributes[attribute]);
}

function haystackOf(rec: MvObject): string {
  const parts = [rec.id.toLowerCase()];
  for (const a of FREE_TEXT_ATTRIBUTES) {
    const c = lowerCell(rec.attributes[a]);
    if (typeof c === 'string') parts.push(c);
    else if (c) parts.push(...c);
  }
  return parts.join('\n');
}

/**
 * The index for the metaverse as it is now. Records are immutable (a change writes a new record),
 * so one pass comparing identities finds what changed; only those positions are recomputed.
 */
function currentIndex(e: SyncEngine): MvIndex {
  const old = indexes.get(e);
  if (old && old.records.length === e.mv.size) {
    const changed: number[] = [];
    let i = 0;
    for (const rec of e.mv.values()) {
      if (old.records[i] !== rec) {
        old.records[i] = rec;
        changed.push(i);
      }
      i++;
    }
    if (changed.length === 0) return old;
    for (const p of changed) {
      const rec = old.records[p] as MvObject;
      old.types[p] = rec.objectType.toLowerCase();
      for (const [attribute, col] of old.columns) col[p] = cellOf(rec, attribute);
      if (old.haystack) old.haystack[p] = haystackOf(rec);
    }
    for (const [attribute, order] of old.sorted) old.stale.set(attribute, order);
    old.sorted.clear();
    old.attributeNames = undefined;
    return old;
  }
  const records = [...e.mv.values()];
  const index: MvIndex = {
    records,
    types: records.map((r) => r.objectType.toLowerCase()),
    columns: new Map(),
    sorted: new Map(),
    stale: new Map(),
  };
  indexes.set(e, index);
  return index;
}

function column(index: MvIndex, attribute: string): Cell[] {
  let col = index.columns.get(attribute);
  if (!col) {
    col = index.records.map((r) => cellOf(r, attribute));
    index.columns.set(attribute, col);
  }
  return col;
}

function haystack(index: MvIndex): string[] {
  index.haystack ??= index.records.map(haystackOf);
  return index.haystack;
}

function firstOf(c: Cell): string | undefined {
  return typeof c === 'string' || c === undefined ? c : c[0];
}

/** Sorts positions by the attribute's first value (absent last), ties by position. */
function sortPositions(
  col: Cell[],
  positions: Iterable<number>,
): { k: string | undefined; i: number }[] {
  const items: { k: string | undefined; i: number }[] = [];
  for (const i of positions) items.push({ k: firstOf(col[i]), i });
  items.sort((a, b) => {
    const x = a.k;
    const y = b.k;
    if (x === y) return a.i - b.i;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return x < y ? -1 : x > y ? 1 : a.i - b.i;
  });
  return items;
}

function sortedBy(index: MvIndex, attribute: string): Int32Array {
  let order = index.sorted.get(attribute);
  if (!order) {
    const col = column(index, attribute);
    const stale = index.stale.get(attribute);
    const start =
      stale && stale.length === col.length
        ? stale
        : Array.from({ length: col.length }, (_, i) => i);
    order = Int32Array.from(sortPositions(col, start), (x) => x.i);
    index.sorted.set(attribute, order);
    index.stale.delete(attribute);
  }
  return order;
}

// ------------------------------------------------------------------------------ matching

/**
 * One clause on one attribute's values (already lower-cased). Text comparisons ignore case, as
 * the real Metaverse Search does on string attributes; a multi-valued attribute matches when one
 * of its values does, and NotContains holds when none does (so also when the attribute is absent).
 *
 * @example
 * clauseMatches(['ann@contoso.com'], { attribute: 'mail', operator: 'EndsWith', value: '@CONTOSO.COM' }) // true
 */
export function clauseMatches(values: Cell, c: MvClause): boolean {
  if (values === undefined) return c.operator === 'IsNotPresent' || c.operator === 'NotContains';
  if (c.operator === 'IsPresent') return true;
  if (c.operator === 'IsNotPresent') return false;
  const q = (c.value ?? '').toLowerCase();
  if (typeof values === 'string') return testOne(values, c.operator, q);
  for (const v of values)
    if (testOne(v, c.operator, q) !== (c.operator === 'NotContains')) {
      return c.operator !== 'NotContains';
    }
  return c.operator === 'NotContains';
}

/** One value; NotContains is answered for the value (true: this value does not contain it). */
function testOne(v: string, op: SearchOperator, q: string): boolean {
  switch (op) {
    case 'Equals':
      return v === q;
    case 'Contains':
      return v.includes(q);
    case 'NotContains':
      return !v.includes(q);
    case 'StartsWith':
      return v.startsWith(q);
    case 'EndsWith':
      return v.endsWith(q);
    default:
      return false;
  }
}

interface Prepared {
  type?: string;
  groups: { col: Cell[]; clause: MvClause }[][];
  words: string[];
  ignored: string[];
}

function prepare(index: MvIndex, q: MvQuery): Prepared {
  const ignored: string[] = [];
  const groups: Prepared['groups'] = [];
  q.groups.forEach((group, g) => {
    const kept: { col: Cell[]; clause: MvClause }[] = [];
    group.forEach((c, i) => {
      const where = `Group ${g + 1}, clause ${i + 1}`;
      if (!c.attribute.trim()) ignored.push(`${where} has no attribute.`);
      else if (operatorTakesValue(c.operator) && !(c.value ?? '').length)
        ignored.push(`${where} (${c.attribute} ${c.operator}) needs a value.`);
      else kept.push({ col: column(index, c.attribute.trim()), clause: c });
    });
    // A group whose clauses were all incomplete would match everything: it is left out whole.
    if (kept.length > 0) groups.push(kept);
  });
  const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const type = q.objectType?.trim().toLowerCase();
  return { ...(type ? { type } : {}), groups, words, ignored };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Free text before the haystack is built: case-insensitive tests on the values as they are. */
function textMatcher(words: string[]): (rec: MvObject) => boolean {
  const res = words.map((w) => new RegExp(escapeRegExp(w), 'i'));
  return (rec) =>
    res.every((re) => {
      if (re.test(rec.id)) return true;
      for (const a of FREE_TEXT_ATTRIBUTES) {
        const v = rec.attributes[a];
        if (v === undefined) continue;
        if (typeof v === 'string') {
          if (re.test(v)) return true;
        } else for (const x of valuesOf(v)) if (re.test(displayValue(x))) return true;
      }
      return false;
    });
}

function matchPositions(index: MvIndex, p: Prepared): number[] {
  const n = index.records.length;
  const hay = p.words.length > 0 ? index.haystack : undefined;
  const slowText = p.words.length > 0 && !hay ? textMatcher(p.words) : undefined;
  const hits: number[] = [];
  outer: for (let i = 0; i < n; i++) {
    if (p.type !== undefined && index.types[i] !== p.type) continue;
    if (p.groups.length > 0) {
      let any = false;
      for (const group of p.groups) {
        let all = true;
        for (const { col, clause } of group) {
          if (!clauseMatches(col[i], clause)) {
            all = false;
            break;
          }
        }
        if (all) {
          any = true;
          break;
        }
      }
      if (!any) continue;
    }
    if (hay) {
      for (const w of p.words) if (!(hay[i] as string).includes(w)) continue outer;
    } else if (slowText && !slowText(index.records[i] as MvObject)) continue;
    hits.push(i);
  }
  return hits;
}

/**
 * Builds what later searches need (the free-text haystack, columns, a sort order) ahead of time.
 * The worker calls it when it is idle after a search, so that the next one finds warm caches.
 *
 * @example
 * prepareMetaverseSearch(engine, { columns: ['displayName', 'mail'], sort: { attribute: 'displayName' } })
 */
export function prepareMetaverseSearch(
  e: SyncEngine,
  what: { columns?: string[]; sort?: MvSort; text?: boolean },
): void {
  const index = currentIndex(e);
  if (what.text ?? true) haystack(index);
  for (const c of what.columns ?? []) column(index, c);
  if (what.sort?.attribute) sortedBy(index, what.sort.attribute);
}

function orderHits(index: MvIndex, hits: number[], sort: MvSort | undefined): number[] {
  if (!sort || !sort.attribute) return hits;
  const col = column(index, sort.attribute);
  let out: number[];
  if (!index.sorted.has(sort.attribute) && hits.length * 4 < index.records.length) {
    // A few hits: sorting them is cheaper than ordering the whole metaverse.
    out = sortPositions(col, hits).map((x) => x.i);
  } else {
    const order = sortedBy(index, sort.attribute);
    const mask = new Uint8Array(index.records.length);
    for (const h of hits) mask[h] = 1;
    out = [];
    for (let k = 0; k < order.length; k++) {
      const pos = order[k] as number;
      if (mask[pos]) out.push(pos);
    }
  }
  if (sort.descending) {
    // Absent values stay last whichever way the column is sorted.
    const present = out.filter((pos) => col[pos] !== undefined).reverse();
    const absent = out.filter((pos) => col[pos] === undefined);
    return [...present, ...absent];
  }
  return out;
}

function cellText(v: Value | undefined): string | undefined {
  if (v === undefined) return undefined;
  const list = valuesOf(v);
  return list.map((s) => displayValue(s)).join('; ');
}

function rowOf(rec: MvObject, columns: readonly string[]): MvSearchRow {
  const cells: Record<string, string> = {};
  for (const c of columns) {
    const t = c === 'objectType' ? rec.objectType : cellText(rec.attributes[c]);
    if (t !== undefined) cells[c] = t;
  }
  return { id: rec.id, objectType: rec.objectType, cells };
}

function matchingRecords(e: SyncEngine, req: MvSearchRequest) {
  const index = currentIndex(e);
  const prepared = prepare(index, req.query);
  const ordered = orderHits(index, matchPositions(index, prepared), req.sort);
  return { index, ordered, ignored: prepared.ignored };
}

/**
 * Searches the metaverse and returns one page of rows.
 *
 * @example
 * searchMetaverse(engine, {
 *   query: { objectType: 'person', groups: [[{ attribute: 'sourceObjectType', operator: 'Equals', value: 'Contact' }],
 *                                          [{ attribute: 'mail', operator: 'EndsWith', value: '@fabrikam.com' }]] },
 *   sort: { attribute: 'displayName' }, offset: 0, limit: 50, columns: ['displayName', 'mail'],
 * }) // { total, offset: 0, rows: [{ id, objectType: 'person', cells: { displayName, mail } }], ignored: [] }
 */
export function searchMetaverse(e: SyncEngine, req: MvSearchRequest): MvSearchPage {
  const { index, ordered, ignored } = matchingRecords(e, req);
  const offset = Math.max(0, Math.min(req.offset ?? 0, ordered.length));
  const limit = Math.max(0, req.limit ?? 50);
  const columns = req.columns ?? [];
  const rows = ordered
    .slice(offset, offset + limit)
    .map((pos) => rowOf(index.records[pos] as MvObject, columns));
  return { total: ordered.length, offset, rows, ignored };
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/**
 * Every result of a search (not only one page) as a file's text: CSV (RFC 4180, a header of `id`,
 * `objectType` and the columns; multi-values joined with `; `) or JSON (values in the scenario
 * file's encoding, so binary and reference values survive).
 *
 * @example
 * exportMetaverse(engine, { query: { groups: [] }, columns: ['displayName'] }, 'csv')
 * // 'id,objectType,displayName\r\n1f0c…,person,Ann Lee\r\n'
 */
export function exportMetaverse(
  e: SyncEngine,
  req: MvSearchRequest,
  format: 'csv' | 'json',
): string {
  const { index, ordered } = matchingRecords(e, req);
  const columns = req.columns ?? [];
  const records = ordered.map((pos) => index.records[pos] as MvObject);
  if (format === 'json') {
    const out = records.map((r) => {
      const attributes: Record<string, JsonData> = {};
      for (const c of columns) {
        const v = r.attributes[c];
        if (v !== undefined) attributes[c] = encodeJsonValue(v);
      }
      return { id: r.id, objectType: r.objectType, attributes };
    });
    return stringifyJson(out, 2) + '\n';
  }
  const lines = [['id', 'objectType', ...columns].map(csvField).join(',')];
  for (const r of records) {
    const row = rowOf(r, columns);
    lines.push(
      [r.id, r.objectType, ...columns.map((c) => row.cells[c] ?? '')].map(csvField).join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * The attribute names in use in the metaverse (for column settings and the clause's attribute
 * list), sorted; `objectType` is not an attribute and is not listed.
 *
 * @example
 * metaverseAttributeNames(engine) // ['accountEnabled', 'cloudFiltered', 'displayName', ...]
 */
export function metaverseAttributeNames(e: SyncEngine): string[] {
  const index = currentIndex(e);
  if (!index.attributeNames) {
    const names = new Set<string>();
    for (const r of index.records) for (const k in r.attributes) names.add(k);
    index.attributeNames = [...names].sort((a, b) => a.localeCompare(b));
  }
  return index.attributeNames;
}

/**
 * The object types in the metaverse with how many objects each has, by name.
 *
 * @example
 * metaverseObjectTypes(engine) // [{ objectType: 'group', count: 2 }, { objectType: 'person', count: 4 }]
 */
export function metaverseObjectTypes(e: SyncEngine): { objectType: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of currentIndex(e).records)
    counts.set(r.objectType, (counts.get(r.objectType) ?? 0) + 1);
  return [...counts]
    .map(([objectType, count]) => ({ objectType, count }))
    .sort((a, b) => a.objectType.localeCompare(b.objectType));
}
