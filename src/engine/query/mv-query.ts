/**
 * Metaverse Search as the Metaverse browser asks it: an object type scope, clauses of attribute /
 * operator / value ANDed in a group, groups ORed (the real query builder has one group only), and a
 * free-text box. Filtering, sorting and paging run next to the engine, on the index of mv-index.ts
 * that follows the metaverse's immutable records, so that a search over 100,000 objects stays well
 * under 100 ms.
 */
import { stringifyJson, type JsonData } from '../io/json-text.ts';
import { encodeJsonValue } from '../io/json-values.ts';
import { decodeAttributeCode, type AttributeSyntax } from '../expr/schema.ts';
import { Ref, type Value } from '../expr/values.ts';
import { MV_ATTRIBUTES } from '../defaults/schema-mv.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { MvObject } from '../sync/model.ts';
import { displayValue, valuesOf } from '../sync/value-keys.ts';
import {
  cellTest,
  column,
  currentIndex,
  filterPositions,
  fillHaystack,
  freeTextTest,
  orderedPage,
  prepareSort,
  TYPE_COLUMN,
  type BoundTest,
  type Cell,
  type MvIndex,
} from './mv-index.ts';
import {
  operatorProblem,
  operatorTakesValue,
  SearchOperatorError,
  type MvAttributeKind,
  type SearchOperator,
} from './mv-operators.ts';

export { FREE_TEXT_ATTRIBUTES } from './mv-index.ts';
export type { MvAttributeKind, SearchOperator } from './mv-operators.ts';

const KIND_OF_SYNTAX: Readonly<Record<AttributeSyntax, MvAttributeKind>> = {
  str: 'String',
  dt: 'String',
  num: 'Integer',
  bool: 'Boolean',
  bin: 'Binary',
  ref: 'Reference',
};

function kindOfValue(v: Value): MvAttributeKind {
  const first = valuesOf(v)[0];
  if (typeof first === 'number' || typeof first === 'bigint') return 'Integer';
  if (typeof first === 'boolean') return 'Boolean';
  if (first instanceof Uint8Array) return 'Binary';
  if (first instanceof Ref) return 'Reference';
  return 'String';
}

/** A schema attribute's kind from the metaverse schema; another's from the values it holds. */
function kindIn(index: MvIndex, attribute: string): MvAttributeKind {
  const code = MV_ATTRIBUTES[attribute];
  if (code !== undefined) return KIND_OF_SYNTAX[decodeAttributeCode(code).syntax];
  if (attribute === 'objectType') return 'String';
  let kinds = index.derived.get('kinds') as Map<string, MvAttributeKind> | undefined;
  if (!kinds) index.derived.set('kinds', (kinds = new Map()));
  let kind = kinds.get(attribute);
  if (kind === undefined) {
    kind = 'String';
    for (const r of index.records) {
      const v = r.attributes[attribute];
      if (v !== undefined && valuesOf(v).length > 0) {
        kind = kindOfValue(v);
        break;
      }
    }
    kinds.set(attribute, kind);
  }
  return kind;
}

/**
 * An attribute's kind: from the metaverse schema, else from the values it holds (text when none).
 *
 * @example
 * metaverseAttributeKind(engine, 'accountEnabled') // 'Boolean'
 */
export function metaverseAttributeKind(e: SyncEngine, attribute: string): MvAttributeKind {
  return kindIn(currentIndex(e), attribute.trim());
}

/**
 * The kind of every attribute of the metaverse schema and of every attribute in use, by name: what
 * the query builder needs to offer only the operators of {@link MV_OPERATORS_BY_KIND}.
 *
 * @example
 * metaverseAttributeKinds(engine).accountEnabled // 'Boolean'
 */
export function metaverseAttributeKinds(e: SyncEngine): Record<string, MvAttributeKind> {
  const index = currentIndex(e);
  const out: Record<string, MvAttributeKind> = {};
  for (const name of [...Object.keys(MV_ATTRIBUTES), ...metaverseAttributeNames(e)])
    out[name] = kindIn(index, name);
  return out;
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

/** The index's column for an attribute of the query (`objectType` is the record's own). */
function columnKey(attribute: string): string {
  return attribute === 'objectType' ? TYPE_COLUMN : attribute;
}

/**
 * One clause on one attribute's values (already lower-cased). Text comparisons ignore case, as
 * the real Metaverse Search does on string attributes; a multi-valued attribute matches when one
 * of its values does, and NotContains holds when none does (so also when the attribute is absent).
 *
 * @example
 * clauseMatches(['ann@contoso.com'], { attribute: 'mail', operator: 'EndsWith', value: '@CONTOSO.COM' }) // true
 */
export function clauseMatches(values: Cell, c: MvClause): boolean {
  return cellTest(c.operator, c.value)(values);
}

interface Prepared {
  type?: string;
  groups: BoundTest[][];
  words: string[];
  ignored: string[];
}

function prepare(index: MvIndex, q: MvQuery): Prepared {
  const ignored: string[] = [];
  const groups: BoundTest[][] = [];
  q.groups.forEach((group, g) => {
    const kept: BoundTest[] = [];
    group.forEach((c, i) => {
      const where = `Group ${g + 1}, clause ${i + 1}`;
      const attribute = c.attribute.trim();
      if (!attribute) {
        ignored.push(`${where} has no attribute.`);
        return;
      }
      const problem = operatorProblem(attribute, kindIn(index, attribute), c.operator);
      if (problem !== undefined) throw new SearchOperatorError(`${where}: ${problem}`);
      if (operatorTakesValue(c.operator) && !(c.value ?? '').length)
        ignored.push(`${where} (${c.attribute} ${c.operator}) needs a value.`);
      else
        kept.push({
          col: column(index, columnKey(attribute)),
          test: cellTest(c.operator, c.value),
        });
    });
    // A group whose clauses were all incomplete would match everything: it is left out whole.
    if (kept.length > 0) groups.push(kept);
  });
  const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const type = q.objectType?.trim().toLowerCase();
  return { ...(type ? { type } : {}), groups, words, ignored };
}

/**
 * Builds what later searches need (the free-text haystack, columns, a sort order) ahead of time.
 * The worker calls it when it is idle after a search, so that the next one finds warm caches;
 * `budget` bounds the records whose free text one call builds, so that a search arriving meanwhile
 * waits for a slice, not for the whole metaverse. True when everything asked for is built.
 *
 * @example
 * while (!prepareMetaverseSearch(engine, { text: true }, 10_000)); // or one slice per idle task
 */
export function prepareMetaverseSearch(
  e: SyncEngine,
  what: { columns?: string[]; sort?: MvSort; text?: boolean },
  budget = Infinity,
): boolean {
  const index = currentIndex(e);
  if ((what.text ?? true) && !fillHaystack(index, budget)) return false;
  for (const c of what.columns ?? []) column(index, columnKey(c));
  if (what.sort?.attribute) prepareSort(index, columnKey(what.sort.attribute));
  return true;
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

function matchingRecords(e: SyncEngine, req: MvSearchRequest, offset: number, limit: number) {
  const index = currentIndex(e);
  const p = prepare(index, req.query);
  const text = p.words.length > 0 ? freeTextTest(index, p.words) : undefined;
  const hits = filterPositions(index, p.type, p.groups, text);
  const sort = req.sort?.attribute
    ? {
        key: columnKey(req.sort.attribute),
        absent: 'last' as const,
        ...(req.sort.descending ? { descending: true } : {}),
      }
    : undefined;
  const page = orderedPage(index, hits, sort, offset, limit);
  return { index, total: hits.length, page, ignored: p.ignored };
}

/**
 * Searches the metaverse and returns one page of rows. A clause whose operator its attribute's
 * type does not take is rejected: a {@link SearchOperatorError} names the clause, the attribute,
 * its type and the operators it takes (the query builder offers no other). Incomplete clauses (no
 * attribute, no value) are left out and listed in `ignored`.
 *
 * @example
 * searchMetaverse(engine, {
 *   query: { objectType: 'person', groups: [[{ attribute: 'sourceObjectType', operator: 'Equals', value: 'Contact' }],
 *                                          [{ attribute: 'mail', operator: 'EndsWith', value: '@fabrikam.com' }]] },
 *   sort: { attribute: 'displayName' }, offset: 0, limit: 50, columns: ['displayName', 'mail'],
 * }) // { total, offset: 0, rows: [{ id, objectType: 'person', cells: { displayName, mail } }], ignored: [] }
 */
export function searchMetaverse(e: SyncEngine, req: MvSearchRequest): MvSearchPage {
  const offset = Math.max(0, req.offset ?? 0);
  const limit = Math.max(0, req.limit ?? 50);
  const { index, total, page, ignored } = matchingRecords(e, req, offset, limit);
  const columns = req.columns ?? [];
  const rows = page.map((pos) => rowOf(index.records[pos] as MvObject, columns));
  return { total, offset: Math.min(offset, total), rows, ignored };
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/**
 * Every result of a search (not only one page) as a file's text (a clause's operator is checked
 * as {@link searchMetaverse} checks it): CSV (RFC 4180, a header of `id`,
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
  const { index, page } = matchingRecords(e, req, 0, Number.MAX_SAFE_INTEGER);
  const columns = req.columns ?? [];
  const records = page.map((pos) => index.records[pos] as MvObject);
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
  let names = index.derived.get('attributeNames') as string[] | undefined;
  if (!names) {
    const found = new Set<string>();
    for (const r of index.records) for (const k in r.attributes) found.add(k);
    names = [...found].sort((a, b) => a.localeCompare(b));
    index.derived.set('attributeNames', names);
  }
  return names;
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
