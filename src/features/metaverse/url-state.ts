/**
 * The search as it lives in the address bar, so that a search can be shared and reloaded:
 * `?type=person&text=carl&q=<groups as JSON>&sort=displayName&desc=1&page=2&size=50&cols=a,b`.
 * Anything unreadable falls back to its default rather than failing the page.
 */
import { isSearchOperator, operatorProblem } from '../../engine/query/mv-operators.ts';
import { WORKER_PAGE_SIZES } from '../../lib/worker-grid.ts';
import type { MvAttributeKind, MvClause } from '../../worker/api-metaverse.ts';

export const DEFAULT_COLUMNS = ['displayName', 'mail', 'sourceObjectType', 'accountName'];

export interface SearchState {
  objectType: string;
  text: string;
  groups: MvClause[][];
  sort?: { attribute: string; descending: boolean };
  page: number;
  pageSize: number;
  columns: string[];
}

export function defaultState(): SearchState {
  return { objectType: '', text: '', groups: [], page: 0, pageSize: 50, columns: DEFAULT_COLUMNS };
}

function isClause(x: unknown): x is MvClause {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Record<string, unknown>;
  return (
    typeof c.attribute === 'string' &&
    isSearchOperator(c.operator) &&
    (c.value === undefined || typeof c.value === 'string')
  );
}

function readGroups(text: string | null): MvClause[][] {
  if (!text) return [];
  try {
    const raw: unknown = JSON.parse(text);
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((g): g is unknown[] => Array.isArray(g))
      .map((g) => g.filter(isClause).map((c) => ({ ...c })));
  } catch {
    return [];
  }
}

function int(text: string | null, fallback: number, min: number, max: number): number {
  const n = text === null ? NaN : Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

/**
 * Reads the search from the address bar's parameters.
 *
 * @example
 * readState(new URLSearchParams('text=carl&sort=mail&desc=1')).sort // { attribute: 'mail', descending: true }
 */
export function readState(params: URLSearchParams): SearchState {
  const d = defaultState();
  const sort = params.get('sort');
  const cols = params.get('cols');
  const size = int(params.get('size'), d.pageSize, 1, 1000);
  return {
    objectType: params.get('type') ?? '',
    text: params.get('text') ?? '',
    groups: readGroups(params.get('q')),
    ...(sort ? { sort: { attribute: sort, descending: params.get('desc') === '1' } } : {}),
    page: int(params.get('page'), 0, 0, 1_000_000),
    pageSize: WORKER_PAGE_SIZES.includes(size) ? size : d.pageSize,
    columns: cols === null ? d.columns : cols.split(',').filter(Boolean),
  };
}

/** Writes the search as address-bar parameters (defaults are left out). */
export function writeState(s: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.objectType) p.set('type', s.objectType);
  if (s.text) p.set('text', s.text);
  if (s.groups.length > 0) p.set('q', JSON.stringify(s.groups));
  if (s.sort) {
    p.set('sort', s.sort.attribute);
    if (s.sort.descending) p.set('desc', '1');
  }
  if (s.page > 0) p.set('page', String(s.page));
  if (s.pageSize !== 50) p.set('size', String(s.pageSize));
  if (s.columns.join(',') !== DEFAULT_COLUMNS.join(',')) p.set('cols', s.columns.join(','));
  return p;
}

/**
 * The clauses the engine takes, and why the others are left out. The engine rejects a clause
 * whose operator its attribute's type does not take; an address from before (or shared from
 * another workspace) may hold one, and the search then runs without it.
 *
 * @example
 * offeredGroups([[{ attribute: 'cloudFiltered', operator: 'StartsWith', value: 't' }]], () => 'Boolean')
 * // { groups: [[]], leftOut: ['Group 1, clause 1 is left out: StartsWith does not apply to cloudFiltered, …'] }
 */
export function offeredGroups(
  groups: readonly MvClause[][],
  kindOf: (attribute: string) => MvAttributeKind,
): { groups: MvClause[][]; leftOut: string[] } {
  const leftOut: string[] = [];
  const kept = groups.map((group, g) =>
    group.filter((c, i) => {
      const attribute = c.attribute.trim();
      const problem = attribute
        ? operatorProblem(attribute, kindOf(attribute), c.operator)
        : undefined;
      if (problem !== undefined)
        leftOut.push(`Group ${g + 1}, clause ${i + 1} is left out: ${problem}`);
      return problem === undefined;
    }),
  );
  return { groups: kept, leftOut };
}
