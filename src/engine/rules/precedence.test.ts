import { describe, expect, it } from 'vitest';
import { AUTHORITATIVE_NULL, IGNORE_THIS_FLOW, type FlowValue } from '../expr/values.ts';
import { resolveAttribute, type Candidate } from './precedence.ts';

const u = (
  value: FlowValue,
  precedence: number,
  source = String(precedence),
): Candidate<string> => ({ value, precedence, mergeType: 'Update', source });

describe('resolveAttribute', () => {
  it('takes the first value by precedence and reports the losers', () => {
    const r = resolveAttribute([u(null, 10), u('a', 20), u('b', 30)]);
    expect(r).toMatchObject({ kind: 'value', value: 'a', winner: '20' });
    if (r.kind === 'value')
      expect(r.losing.map((l) => l.reason)).toEqual([
        'NULL (nothing to contribute)',
        'lower precedence',
      ]);
  });
  it('AuthoritativeNull stops lower precedence', () => {
    expect(resolveAttribute([u(AUTHORITATIVE_NULL, 10), u('b', 30)])).toMatchObject({
      kind: 'absent',
      authoritative: '10',
    });
  });
  it('IgnoreThisFlow alone keeps the current value; NULL alone removes it', () => {
    expect(resolveAttribute([u(IGNORE_THIS_FLOW, 10)]).kind).toBe('keep');
    expect(resolveAttribute([u(null, 10)]).kind).toBe('absent');
    expect(resolveAttribute([u(IGNORE_THIS_FLOW, 10), u('x', 20)])).toMatchObject({
      kind: 'value',
      value: 'x',
    });
  });
  it('merges without duplicates, case-insensitively when asked', () => {
    const m = (value: FlowValue, p: number): Candidate<string> => ({
      value,
      precedence: p,
      mergeType: 'MergeCaseInsensitive',
      source: String(p),
    });
    expect(resolveAttribute([m(['A', 'b'], 1), m(['a', 'C'], 2)])).toMatchObject({
      kind: 'value',
      value: ['A', 'b', 'C'],
      contributors: ['1', '2'],
    });
    const cs = (value: FlowValue, p: number): Candidate<string> => ({
      ...m(value, p),
      mergeType: 'Merge',
    });
    expect(resolveAttribute([cs(['A'], 1), cs(['a'], 2)])).toMatchObject({ value: ['A', 'a'] });
  });
  it('refuses mixed merge types', () => {
    expect(
      resolveAttribute([u('a', 1), { value: 'b', precedence: 2, mergeType: 'Merge', source: '2' }])
        .kind,
    ).toBe('error');
  });
});
