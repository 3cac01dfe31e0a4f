/**
 * Functions over multi-valued attributes: Item, ItemOrNull, Contains, Count, Join, Split,
 * RemoveDuplicates.
 */
import { scalarsEqual } from '../operators.ts';
import { asInt, asList, asString, fail, multi } from '../runtime.ts';
import { Ref, type FlowValue, type Scalar } from '../values.ts';
import { opt, sig, type FunctionDef } from './types.ts';

function itemAt(
  v: FlowValue | undefined,
  indexV: FlowValue | undefined,
  fn: string,
): Scalar | undefined {
  const values = asList(v ?? null);
  const index = asInt(indexV ?? null, fn);
  return index >= 1 ? values[index - 1] : undefined;
}

const ITEM_SIGNATURES = [
  sig('var', 'mvstr', 'num'),
  sig('var', 'mvref', 'num'),
  sig('var', 'mvbin', 'num'),
];

export const multiValuedFunctions: FunctionDef[] = [
  {
    name: 'Item',
    kind: 'strict',
    signatures: ITEM_SIGNATURES,
    lift: [],
    impl([v, i]) {
      const r = itemAt(v, i, 'Item');
      if (r === undefined) {
        return fail(
          `Item: index ${asInt(i ?? null, 'Item')} is outside the ${asList(v ?? null).length} values.`,
        );
      }
      return r;
    },
  },
  {
    name: 'ItemOrNull',
    kind: 'strict',
    signatures: ITEM_SIGNATURES,
    lift: [],
    impl: ([v, i]) => itemAt(v, i, 'ItemOrNull') ?? null,
  },
  {
    name: 'Contains',
    kind: 'strict',
    signatures: [opt(2, 'num', 'mvstr', 'str', 'enum'), sig('num', 'mvref', 'str')],
    enums: { 2: ['CaseSensitive', 'CaseInsensitive'] },
    lift: [],
    impl([v, searchV, caseV]) {
      const values = asList(v ?? null);
      if (searchV == null) return 0;
      const search = asString(searchV, 'Contains');
      const mode = caseV == null ? 'CaseSensitive' : asString(caseV, 'Contains');
      if (mode !== 'CaseSensitive' && mode !== 'CaseInsensitive') {
        return fail(`Contains: unknown case option '${mode}'.`);
      }
      const ci = mode === 'CaseInsensitive';
      const needle = ci ? search.toLowerCase() : search;
      for (let i = 0; i < values.length; i++) {
        const x = values[i];
        if (x === undefined) continue;
        // A reference must match exactly; a string contains the search text.
        if (x instanceof Ref) {
          if (ci ? x.dn.toLowerCase() === needle : x.dn === search) return i + 1;
          continue;
        }
        if (x instanceof Uint8Array) continue;
        const s = asString(x, 'Contains');
        if ((ci ? s.toLowerCase() : s).includes(needle)) return i + 1;
      }
      return 0;
    },
  },
  {
    name: 'Count',
    kind: 'strict',
    signatures: [sig('num', 'mvstr'), sig('num', 'mvref'), sig('num', 'mvbin')],
    lift: [],
    impl: ([v]) => asList(v ?? null).length,
  },
  {
    name: 'Join',
    kind: 'strict',
    signatures: [opt(1, 'str', 'mvstr', 'str')],
    lift: [],
    impl([v, d]) {
      if (v == null) return null;
      // Omitted: a space; "" or Nothing (NULL): no delimiter at all.
      const delimiter = d === undefined ? ' ' : d === null ? '' : asString(d, 'Join');
      return asList(v)
        .map((x) => asString(x, 'Join'))
        .join(delimiter);
    },
  },
  {
    name: 'Split',
    kind: 'strict',
    signatures: [opt(2, 'mvstr', 'str', 'str', 'num')],
    lift: [0, 1, 2],
    impl([v, d, limitV]) {
      if (v == null) return null;
      const s = asString(v, 'Split');
      const delimiter = d == null ? '' : asString(d, 'Split');
      if (delimiter.length !== 1)
        return fail('Split: the delimiter must be exactly one character.');
      const limit = limitV == null ? Number.MAX_SAFE_INTEGER : asInt(limitV, 'Split');
      if (limit < 1) return fail('Split: the limit must be 1 or more.');
      const parts = s.split(delimiter);
      // Like String.Split(char[], count): the last value keeps the rest of the string.
      const values =
        parts.length > limit
          ? [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(delimiter)]
          : parts;
      // Empty values cannot be stored in a multi-valued attribute. [inferred]
      return multi(values.filter((x) => x !== ''));
    },
  },
  {
    name: 'RemoveDuplicates',
    kind: 'strict',
    signatures: [sig('mvstr', 'mvstr'), sig('mvref', 'mvref'), sig('mvbin', 'mvbin')],
    lift: [],
    impl([v]) {
      const out: Scalar[] = [];
      for (const x of asList(v ?? null)) {
        if (
          !out.some((y) =>
            typeof x === 'string' && typeof y === 'string' ? x === y : scalarsEqual(x, y),
          )
        ) {
          out.push(x);
        }
      }
      return multi(out);
    },
  },
];
