import { describe, expect, it } from 'vitest';
import { Ref, type AttributeBag, type Value } from '../expr/values.ts';
import { SeededRandom } from '../entra/seeded-random.ts';
import type { SyncEngine } from '../sync/engine.ts';
import { displayValue, valuesOf } from '../sync/value-keys.ts';
import {
  cellTest,
  column,
  currentIndex,
  fillHaystack,
  filterPositions,
  freeTextTest,
  ID_COLUMN,
  orderedPage,
  TYPE_COLUMN,
  type AbsentOrder,
  type SearchOperator,
} from './mv-index.ts';
import { MV_OPERATORS } from './mv-operators.ts';
import { engineWithMetaverse } from './mv-test-helpers.ts';

describe('cellTest', () => {
  it('answers every operator on one value, several values and an absent attribute', () => {
    const table: [SearchOperator, string, [boolean, boolean, boolean]][] = [
      // [operator, value, [on 'ann lee', on ['bob', 'ann lee'], on absent]]
      ['Equals', 'ANN LEE', [true, true, false]],
      ['Equals', 'ann', [false, false, false]],
      ['Contains', 'N L', [true, true, false]],
      ['Contains', 'x', [false, false, false]],
      ['NotContains', 'x', [true, true, true]],
      ['NotContains', 'bob', [true, false, true]],
      ['StartsWith', 'Ann', [true, true, false]],
      ['StartsWith', 'lee', [false, false, false]],
      ['EndsWith', 'LEE', [true, true, false]],
      ['EndsWith', 'ann', [false, false, false]],
      ['IsPresent', '', [true, true, false]],
      ['IsNotPresent', '', [false, false, true]],
    ];
    for (const [op, value, expected] of table) {
      const test = cellTest(op, value);
      expect(
        [test('ann lee'), test(['bob', 'ann lee']), test(undefined)],
        `${op} ${value}`,
      ).toEqual(expected);
    }
  });
});

// ------------------------------------------------------------------ a reference model

interface Rec {
  id: string;
  objectType: string;
  attributes: AttributeBag;
}

function texts(v: Value | undefined): string[] {
  return valuesOf(v).map((s) => displayValue(s).toLowerCase());
}

function refTest(values: string[], op: SearchOperator, value: string): boolean {
  const q = value.toLowerCase();
  switch (op) {
    case 'Equals':
      return values.some((v) => v === q);
    case 'Contains':
      return values.some((v) => v.includes(q));
    case 'NotContains':
      return values.every((v) => !v.includes(q));
    case 'StartsWith':
      return values.some((v) => v.startsWith(q));
    case 'EndsWith':
      return values.some((v) => v.endsWith(q));
    case 'IsPresent':
      return values.length > 0;
    case 'IsNotPresent':
      return values.length === 0;
  }
}

interface Clause {
  attribute: string;
  op: SearchOperator;
  value: string;
}

/** The order the index promises, written the obvious way: sort everything, then slice. */
function refOrder(
  recs: Rec[],
  positions: number[],
  attribute: string,
  descending: boolean,
  absent: AbsentOrder,
): number[] {
  const key = (p: number) => texts((recs[p] as Rec).attributes[attribute])[0];
  if (absent === 'max') {
    const k = (p: number) => key(p) ?? '\uffff';
    return [...positions].sort((a, b) => {
      const c = k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0;
      return (descending ? -c : c) || a - b;
    });
  }
  const present = positions.filter((p) => key(p) !== undefined);
  const missing = positions.filter((p) => key(p) === undefined);
  present.sort((a, b) => {
    const x = key(a) as string;
    const y = key(b) as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  return [...(descending ? present.reverse() : present), ...missing];
}

const WORDS = ['ann', 'Ann Lee', 'bob', 'BOB KENT', 'carl', 'a', 'b', 'ab', 'ba', 'lee'];

function randomValue(r: SeededRandom): Value | undefined {
  switch (r.nextInt(8)) {
    case 0:
      return undefined;
    case 1:
      return [WORDS[r.nextInt(WORDS.length)] as string, WORDS[r.nextInt(WORDS.length)] as string];
    case 2:
      return r.nextInt(2) === 0;
    case 3:
      return new Ref(`mv-${r.nextInt(50)}`);
    case 4:
      return [];
    default:
      return WORDS[r.nextInt(WORDS.length)] as string;
  }
}

function randomRecords(r: SeededRandom, n: number): Rec[] {
  const types = ['person', 'Person', 'group', 'contact'];
  return Array.from({ length: n }, (_, i) => {
    const attributes: AttributeBag = {};
    for (const a of ['displayName', 'mail', 'info']) {
      const v = randomValue(r);
      if (v !== undefined) attributes[a] = v;
    }
    return { id: `mv-${i}`, objectType: types[r.nextInt(types.length)] as string, attributes };
  });
}

function randomClause(r: SeededRandom): Clause {
  return {
    attribute: ['displayName', 'mail', 'info'][r.nextInt(3)] as string,
    op: MV_OPERATORS[r.nextInt(MV_OPERATORS.length)] as SearchOperator,
    value: ['a', 'B', 'ann', 'lee', 'true', 'mv-1', ''][r.nextInt(7)] as string,
  };
}

/** Filters and pages a random query both ways; the index's caches carry over between calls. */
function checkRandomQuery(e: SyncEngine, recs: Rec[], r: SeededRandom): void {
  const index = currentIndex(e);
  const type = r.nextInt(3) === 0 ? undefined : ['person', 'group', 'contact'][r.nextInt(3)];
  const groups = Array.from({ length: r.nextInt(3) }, () =>
    Array.from({ length: 1 + r.nextInt(2) }, () => randomClause(r)),
  );
  const hits = filterPositions(
    index,
    type,
    groups.map((g) =>
      g.map((c) => ({ col: column(index, c.attribute), test: cellTest(c.op, c.value) })),
    ),
  );
  const expected = recs
    .map((rec, p) => ({ rec, p }))
    .filter(({ rec }) => type === undefined || rec.objectType.toLowerCase() === type)
    .filter(
      ({ rec }) =>
        groups.length === 0 ||
        groups.some((g) =>
          g.every((c) => refTest(texts(rec.attributes[c.attribute]), c.op, c.value)),
        ),
    )
    .map(({ p }) => p);
  expect(Array.from(hits)).toEqual(expected);

  const attribute = ['displayName', 'mail', 'info'][r.nextInt(3)] as string;
  const descending = r.nextInt(2) === 0;
  const absent: AbsentOrder = r.nextInt(2) === 0 ? 'last' : 'max';
  // First pages (a heap), deep pages (the cached order or a full sort) and past the end.
  const offset = [0, 0, 10, 300, 2500, 4000][r.nextInt(6)] as number;
  const limit = [1, 50, 100, 3000][r.nextInt(4)] as number;
  const page = orderedPage(index, hits, { key: attribute, descending, absent }, offset, limit);
  const all = refOrder(recs, expected, attribute, descending, absent);
  expect(page, `${attribute} ${descending ? 'desc' : 'asc'} ${absent} ${offset}+${limit}`).toEqual(
    all.slice(offset, offset + limit),
  );
}

describe('the search index against a reference model', () => {
  it('filters, sorts and pages as the obvious implementation does', () => {
    const r = new SeededRandom(9);
    const recs = randomRecords(r, 3500);
    const e = engineWithMetaverse(recs);
    for (let i = 0; i < 150; i++) checkRandomQuery(e, recs, r);
  });

  it('follows the metaverse after a few changes and after many', () => {
    const r = new SeededRandom(4);
    const recs = randomRecords(r, 3000);
    const e = engineWithMetaverse(recs);
    for (let i = 0; i < 20; i++) checkRandomQuery(e, recs, r);
    for (const share of [0.01, 0.5]) {
      for (let p = 0; p < recs.length; p++) {
        if (r.next() >= share) continue;
        const rec = recs[p] as Rec;
        const changed = { ...rec, attributes: { ...rec.attributes, displayName: `Zed ${p}` } };
        recs[p] = changed;
        e.mv.set(rec.id, { ...changed, connectors: [], version: 2 });
      }
      for (let i = 0; i < 40; i++) checkRandomQuery(e, recs, r);
    }
  });

  it('sorts the object type and the id from the record itself', () => {
    const e = engineWithMetaverse([
      { id: 'B', objectType: 'person', attributes: {} },
      { id: 'a', objectType: 'Group', attributes: {} },
    ]);
    const index = currentIndex(e);
    const hits = filterPositions(index, undefined, []);
    expect(orderedPage(index, hits, { key: ID_COLUMN, absent: 'max' }, 0, 2)).toEqual([1, 0]);
    expect(
      orderedPage(index, hits, { key: TYPE_COLUMN, descending: true, absent: 'max' }, 0, 2),
    ).toEqual([0, 1]);
  });

  it('free text finds every word in the id or a name attribute, before and after a change', () => {
    const recs: Rec[] = [
      {
        id: 'mv-1',
        objectType: 'person',
        attributes: { displayName: 'Ann Lee', mail: 'ann@x.com' },
      },
      { id: 'mv-2', objectType: 'person', attributes: { proxyAddresses: ['SMTP:bob@X.com'] } },
      { id: 'mv-3', objectType: 'person', attributes: { info: 'ann' } },
    ];
    const e = engineWithMetaverse(recs);
    const find = (...words: string[]) =>
      Array.from(
        filterPositions(currentIndex(e), undefined, [], freeTextTest(currentIndex(e), words)),
      );
    expect(find('ann')).toEqual([0]);
    expect(find('smtp:bob@x')).toEqual([1]);
    expect(find('mv-', 'lee')).toEqual([0]);
    e.mv.set('mv-2', {
      ...(recs[1] as Rec),
      attributes: { displayName: 'Ann Berg' },
      connectors: [],
      version: 2,
    });
    expect(find('ann')).toEqual([0, 1]);
  });

  it('builds the free text a slice at a time', () => {
    const e = engineWithMetaverse(
      ['Ann', 'Bob', 'Carl'].map((n, i) => ({ id: `mv-${i}`, attributes: { displayName: n } })),
    );
    const index = currentIndex(e);
    expect(fillHaystack(index, 2)).toBe(false);
    expect(index.haystack?.filter((h) => h !== undefined)).toHaveLength(2);
    expect(fillHaystack(index, 2)).toBe(true);
    expect(index.haystack).toEqual(['mv-0\nann', 'mv-1\nbob', 'mv-2\ncarl']);
    expect(fillHaystack(index, 0)).toBe(true);
  });
});
