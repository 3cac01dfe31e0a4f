/**
 * The metaverse as Metaverse Search reads it: the records at fixed positions, their object types,
 * lower-cased text columns and sort orders, built on first use and kept in step with the
 * metaverse's immutable records. Shared by the Metaverse browser's search (mv-query.ts) and the
 * engine's `search` (search.ts), so that a search over 100,000 objects reads arrays, not maps, and
 * a first page sorts only the rows it shows.
 */
import type { Value } from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { MvObject } from '../sync/model.ts';
import { displayValue, valuesOf } from '../sync/value-keys.ts';
import type { SearchOperator } from './mv-operators.ts';

/** Lower-cased text of one attribute of one record: one value, several, or undefined when absent. */
export type Cell = string | readonly string[] | undefined;

/** Column keys of what is not an attribute of the bag (attribute names never start with NUL). */
export const TYPE_COLUMN = '\0objectType';
export const ID_COLUMN = '\0id';

export interface MvIndex {
  /** The metaverse's records in iteration order when the index was last refreshed. */
  readonly records: MvObject[];
  /** Lower-cased object type per position. */
  readonly types: string[];
  readonly columns: Map<string, Cell[]>;
  /** Positions of each lower-cased object type, ascending. */
  byType?: Map<string, Int32Array>;
  /** Per record, the free-text attributes and the id, lower-cased, one per line; built on use. */
  haystack?: (string | undefined)[];
  /** Positions sorted ascending by a column's first value, ties by position, absent last. */
  readonly sorted: Map<string, { order: Int32Array; present: number }>;
  /** Sort orders of before the last change: nearly sorted input makes the next sort cheap. */
  readonly stale: Map<string, Int32Array>;
  /** Every position, ascending (the hits of a search without a filter). */
  all?: Int32Array;
  /** Derived data that only the caller knows how to build, dropped on every change. */
  readonly derived: Map<string, unknown>;
}

const indexes = new WeakMap<SyncEngine, MvIndex>();

/** The search text of a value: each scalar as displayed, lower-cased. */
export function lowerCell(v: Value | undefined): Cell {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v.toLowerCase();
  const list = valuesOf(v);
  if (list.length === 0) return undefined;
  if (list.length === 1) return displayValue(list[0]).toLowerCase();
  return list.map((s) => displayValue(s).toLowerCase());
}

function cellOf(rec: MvObject, key: string): Cell {
  if (key === TYPE_COLUMN) return rec.objectType.toLowerCase();
  if (key === ID_COLUMN) return rec.id.toLowerCase();
  return lowerCell(rec.attributes[key]);
}

/**
 * The index for the metaverse as it is now. Records are immutable (a change writes a new record),
 * so one pass comparing identities finds what changed; only those positions are recomputed.
 *
 * @example
 * const index = currentIndex(engine);
 * index.records.length === engine.mv.size // true
 */
export function currentIndex(e: SyncEngine): MvIndex {
  const old = indexes.get(e);
  if (old && old.records.length === e.mv.size) {
    const records = old.records;
    let changed: number[] | undefined;
    let i = 0;
    for (const rec of e.mv.values()) {
      if (records[i] !== rec) {
        records[i] = rec;
        (changed ??= []).push(i);
      }
      i++;
    }
    if (!changed) return old;
    // After a large run most records are new: the text is rebuilt when a search next needs it.
    const many = changed.length * 16 > records.length;
    if (many) {
      old.columns.clear();
      old.haystack = undefined;
    }
    for (const p of changed) {
      const rec = records[p] as MvObject;
      const type = rec.objectType.toLowerCase();
      if (old.types[p] !== type) old.byType = undefined;
      old.types[p] = type;
      if (many) continue;
      for (const [key, col] of old.columns) col[p] = cellOf(rec, key);
      if (old.haystack) old.haystack[p] = undefined;
    }
    for (const [key, { order }] of old.sorted) old.stale.set(key, order);
    old.sorted.clear();
    old.derived.clear();
    return old;
  }
  const records = [...e.mv.values()];
  const index: MvIndex = {
    records,
    types: records.map((r) => r.objectType.toLowerCase()),
    columns: new Map(),
    sorted: new Map(),
    stale: new Map(),
    derived: new Map(),
  };
  indexes.set(e, index);
  return index;
}

/** One column's cells by position, built on first use. */
export function column(index: MvIndex, key: string): Cell[] {
  let col = index.columns.get(key);
  if (!col) {
    col = index.records.map((r) => cellOf(r, key));
    index.columns.set(key, col);
  }
  return col;
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

function haystackOf(rec: MvObject): string {
  // One lower-casing of the joined text: a line break never changes how a letter lower-cases.
  let text = rec.id;
  for (const a of FREE_TEXT_ATTRIBUTES) {
    const v = rec.attributes[a];
    if (v === undefined) continue;
    if (typeof v === 'string') text += '\n' + v;
    else for (const x of valuesOf(v)) text += '\n' + displayValue(x);
  }
  return text.toLowerCase();
}

function haystackArray(index: MvIndex): (string | undefined)[] {
  index.haystack ??= new Array<string | undefined>(index.records.length);
  return index.haystack;
}

/**
 * Fills the free-text haystack of at most `budget` records that lack it (the worker does it when
 * idle, a slice at a time). True when every record has it.
 */
export function fillHaystack(index: MvIndex, budget = Infinity): boolean {
  const hay = haystackArray(index);
  let left = budget;
  for (let i = 0; i < hay.length; i++) {
    if (hay[i] !== undefined) continue;
    if (left-- <= 0) return false;
    hay[i] = haystackOf(index.records[i] as MvObject);
  }
  return true;
}

/**
 * The free-text test by position: every word (lower-cased) occurs in the record's id or one of
 * {@link FREE_TEXT_ATTRIBUTES}. A record's text is built the first time a search reads it.
 *
 * @example
 * const test = freeTextTest(index, ['ann', 'contoso']); test(0) // true when record 0 has both
 */
export function freeTextTest(index: MvIndex, words: readonly string[]): (pos: number) => boolean {
  const hay = haystackArray(index);
  const records = index.records;
  return (pos) => {
    const h = (hay[pos] ??= haystackOf(records[pos] as MvObject));
    for (const w of words) if (!h.includes(w)) return false;
    return true;
  };
}

/** Positions of the records of one (lower-cased) object type, ascending. */
export function positionsOfType(index: MvIndex, type: string): Int32Array {
  if (!index.byType) {
    const lists = new Map<string, number[]>();
    index.types.forEach((t, i) => {
      const list = lists.get(t);
      if (list) list.push(i);
      else lists.set(t, [i]);
    });
    index.byType = new Map([...lists].map(([t, list]) => [t, Int32Array.from(list)]));
  }
  return index.byType.get(type) ?? EMPTY_POSITIONS;
}

const EMPTY_POSITIONS = new Int32Array(0);

function allPositions(index: MvIndex): Int32Array {
  if (!index.all) {
    const all = new Int32Array(index.records.length);
    for (let i = 0; i < all.length; i++) all[i] = i;
    index.all = all;
  }
  return index.all;
}

// ------------------------------------------------------------------------------ matching

export type { SearchOperator };

/** A clause's test on one cell. */
export type CellTest = (cell: Cell) => boolean;

/** True when some value of the cell passes. */
function some(cell: Cell, test: (v: string) => boolean): boolean {
  if (cell === undefined) return false;
  if (typeof cell === 'string') return test(cell);
  for (const v of cell) if (test(v)) return true;
  return false;
}

/**
 * One clause as a test on cells (lower-cased text), the operator resolved once rather than per
 * object. Text comparisons ignore case; a multi-valued attribute passes when one value does, and
 * NotContains holds when none does (so also when the attribute is absent).
 *
 * @example
 * cellTest('StartsWith', 'ANN')(['bob', 'ann lee']) // true
 */
export function cellTest(op: SearchOperator, value: string | undefined): CellTest {
  const q = (value ?? '').toLowerCase();
  switch (op) {
    case 'IsPresent':
      return (c) => c !== undefined;
    case 'IsNotPresent':
      return (c) => c === undefined;
    case 'Equals':
      return (c) => (typeof c === 'string' ? c === q : some(c, (v) => v === q));
    case 'Contains':
      return (c) => (typeof c === 'string' ? c.includes(q) : some(c, (v) => v.includes(q)));
    case 'NotContains':
      return (c) => (typeof c === 'string' ? !c.includes(q) : !some(c, (v) => v.includes(q)));
    case 'StartsWith':
      return (c) => (typeof c === 'string' ? c.startsWith(q) : some(c, (v) => v.startsWith(q)));
    case 'EndsWith':
      return (c) => (typeof c === 'string' ? c.endsWith(q) : some(c, (v) => v.endsWith(q)));
    default:
      return () => false;
  }
}

/** A clause bound to its column. Groups are ORed, the tests of a group ANDed. */
export interface BoundTest {
  col: Cell[];
  test: CellTest;
}

function anyGroupHolds(groups: readonly (readonly BoundTest[])[], i: number): boolean {
  for (const group of groups) {
    let all = true;
    for (const t of group) {
      if (!t.test(t.col[i])) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/**
 * Positions (ascending) of the records of the type that pass the groups and `also`. No type: every
 * type; no group: every record.
 */
export function filterPositions(
  index: MvIndex,
  type: string | undefined,
  groups: readonly (readonly BoundTest[])[],
  also?: (pos: number) => boolean,
): Int32Array {
  const scope = type === undefined ? undefined : positionsOfType(index, type);
  const n = scope ? scope.length : index.records.length;
  if (groups.length === 0 && !also) return scope ?? allPositions(index);
  const hits = new Int32Array(n);
  let count = 0;
  // One group of one clause is the common case: a tight loop without the group machinery.
  const single = groups.length === 1 && groups[0]?.length === 1 ? groups[0][0] : undefined;
  for (let k = 0; k < n; k++) {
    const i = scope ? (scope[k] as number) : k;
    if (single) {
      if (!single.test(single.col[i])) continue;
    } else if (groups.length > 0 && !anyGroupHolds(groups, i)) continue;
    if (also && !also(i)) continue;
    hits[count++] = i;
  }
  return hits.subarray(0, count);
}

// ------------------------------------------------------------------------------ ordering

/**
 * How absent values sort. `last`: after every value in both directions, and a descending sort
 * reverses ties too (the Metaverse browser). `max`: as the highest text (`\uffff`) that a
 * descending sort puts first, ties always in metaverse order (the engine's `search`).
 */
export type AbsentOrder = 'last' | 'max';

export interface PositionSort {
  /** Column key: an attribute, {@link TYPE_COLUMN} or {@link ID_COLUMN}. */
  key: string;
  descending?: boolean;
  absent: AbsentOrder;
}

function firstOf(c: Cell): string | undefined {
  return typeof c === 'string' || c === undefined ? c : c[0];
}

const ABSENT_MAX = '\uffff';

/** A total order on positions (negative: `a` first). */
function comparator(col: Cell[], sort: PositionSort): (a: number, b: number) => number {
  const dir = sort.descending ? -1 : 1;
  if (sort.absent === 'max')
    return (a, b) => {
      const x = firstOf(col[a]) ?? ABSENT_MAX;
      const y = firstOf(col[b]) ?? ABSENT_MAX;
      return x < y ? -dir : x > y ? dir : a - b;
    };
  return (a, b) => {
    const x = firstOf(col[a]);
    const y = firstOf(col[b]);
    if (x === undefined) return y === undefined ? a - b : 1;
    if (y === undefined) return -1;
    return (x < y ? -1 : x > y ? 1 : a - b) * dir;
  };
}

/** Every position sorted ascending (absent last), cached until the metaverse changes. */
function sortedBy(index: MvIndex, key: string): { order: Int32Array; present: number } {
  let sorted = index.sorted.get(key);
  if (!sorted) {
    const col = column(index, key);
    const stale = index.stale.get(key);
    const start = Array.from(stale && stale.length === col.length ? stale : allPositions(index));
    const order = Int32Array.from(start.sort(comparator(col, { key, absent: 'last' })));
    let present = order.length;
    while (present > 0 && col[order[present - 1] as number] === undefined) present--;
    sorted = { order, present };
    index.sorted.set(key, sorted);
    index.stale.delete(key);
  }
  return sorted;
}

/** The `k` first hits in the sort's order, by a bounded max-heap: O(hits · log k), no full sort. */
function topK(hits: Int32Array, k: number, cmp: (a: number, b: number) => number): number[] {
  const heap: number[] = [];
  const down = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && cmp(heap[l] as number, heap[worst] as number) > 0) worst = l;
      if (r < heap.length && cmp(heap[r] as number, heap[worst] as number) > 0) worst = r;
      if (worst === i) return;
      const t = heap[i] as number;
      heap[i] = heap[worst] as number;
      heap[worst] = t;
      i = worst;
    }
  };
  for (let h = 0; h < hits.length; h++) {
    const pos = hits[h] as number;
    if (heap.length < k) {
      heap.push(pos);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (cmp(heap[i] as number, heap[parent] as number) <= 0) break;
        const t = heap[i] as number;
        heap[i] = heap[parent] as number;
        heap[parent] = t;
        i = parent;
      }
    } else if (k > 0 && cmp(pos, heap[0] as number) < 0) {
      heap[0] = pos;
      down(0);
    }
  }
  return heap.sort(cmp);
}

/** Up to this many rows, a heap; beyond, the whole metaverse's sort order when it is cached. */
const SMALL_PAGE = 256;
/** Up to this many rows, a heap rather than building that sort order. */
const HEAP_LIMIT = 2000;

/**
 * The hits (ascending positions) in the sort's order, from `offset`, at most `limit` of them. A
 * first page picks its rows with a bounded heap; a deep page or an export walks the whole
 * metaverse's cached sort order (absent `last` only) or sorts the hits.
 *
 * @example
 * orderedPage(index, hits, { key: 'displayName', absent: 'last' }, 0, 50) // 50 positions
 */
export function orderedPage(
  index: MvIndex,
  hits: Int32Array,
  sort: PositionSort | undefined,
  offset: number,
  limit: number,
): number[] {
  const end = Math.min(hits.length, offset + limit);
  if (offset >= end) return [];
  if (!sort) return Array.from(hits.subarray(offset, end));
  const col = column(index, sort.key);
  const cmp = comparator(col, sort);
  const cached = sort.absent === 'last' && index.sorted.has(sort.key);
  if (end <= SMALL_PAGE || (!cached && end <= HEAP_LIMIT))
    return topK(hits, end, cmp).slice(offset);
  // Deeper: the metaverse's sort order (kept for the next page) unless the hits are few.
  if (cached || (sort.absent === 'last' && hits.length * 4 >= col.length)) {
    const { order, present } = sortedBy(index, sort.key);
    const mask = new Uint8Array(col.length);
    for (let h = 0; h < hits.length; h++) mask[hits[h] as number] = 1;
    const out: number[] = [];
    let seen = 0;
    const take = (pos: number) => {
      if (mask[pos] && seen++ >= offset) out.push(pos);
      return out.length < end - offset;
    };
    // Descending: the values reversed (ties too), then the absent ones in metaverse order.
    if (sort.descending) {
      for (let k = present - 1; k >= 0; k--) if (!take(order[k] as number)) return out;
    } else for (let k = 0; k < present; k++) if (!take(order[k] as number)) return out;
    for (let k = present; k < order.length; k++) if (!take(order[k] as number)) return out;
    return out;
  }
  return Array.from(hits).sort(cmp).slice(offset, end);
}

/**
 * Builds a column's sort order ahead of time (the worker does it when idle after a search).
 *
 * @example
 * prepareSort(currentIndex(engine), 'displayName')
 */
export function prepareSort(index: MvIndex, key: string): void {
  sortedBy(index, key);
}
