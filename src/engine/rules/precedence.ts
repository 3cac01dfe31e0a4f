/**
 * Attribute flow precedence (spec §2.5–2.6): for one target attribute, the contributions of every
 * rule in scope, lowest precedence number first, decide the value.
 */
import {
  AUTHORITATIVE_NULL,
  IGNORE_THIS_FLOW,
  type FlowValue,
  type Scalar,
  type Value,
} from '../expr/values.ts';
import { scalarKey, valuesOf } from '../sync/value-keys.ts';

export interface Candidate<T> {
  value: FlowValue;
  precedence: number;
  mergeType: 'Update' | 'Merge' | 'MergeCaseInsensitive';
  /** Whatever identifies the contributor for provenance. */
  source: T;
}

export type LossReason =
  | 'lower precedence'
  | 'NULL (nothing to contribute)'
  | 'IgnoreThisFlow'
  | 'AuthoritativeNull of a higher-precedence rule';

export type Resolution<T> =
  /** A value won; for merges `contributors` lists every source that added values. */
  | {
      kind: 'value';
      value: Value;
      winner: T;
      contributors: T[];
      losing: { source: T; value: FlowValue; reason: LossReason }[];
    }
  /** Nothing (or AuthoritativeNull) contributes: the attribute is removed. */
  | {
      kind: 'absent';
      authoritative?: T;
      losing: { source: T; value: FlowValue; reason: LossReason }[];
    }
  /** Only IgnoreThisFlow: the current value stays as it is. */
  | { kind: 'keep'; losing: { source: T; value: FlowValue; reason: LossReason }[] }
  /** Contributors use different merge types. */
  | { kind: 'error'; message: string };

function mergeKey(s: Scalar, caseInsensitive: boolean): string {
  return caseInsensitive && typeof s === 'string' ? 's:' + s.toLowerCase() : scalarKey(s);
}

/**
 * Resolves one attribute from its candidates, which must be sorted by precedence (ties already
 * broken by connector creation order).
 *
 * @example
 * resolveAttribute([{ value: null, precedence: 50, mergeType: 'Update', source: 'a' },
 *                   { value: 'x', precedence: 100, mergeType: 'Update', source: 'b' }])
 * // { kind: 'value', value: 'x', winner: 'b', ... }
 */
export function resolveAttribute<T>(candidates: readonly Candidate<T>[]): Resolution<T> {
  const first = candidates[0];
  if (!first) return { kind: 'absent', losing: [] };
  const mergeType = first.mergeType;
  for (const c of candidates) {
    if (c.mergeType !== mergeType) {
      return {
        kind: 'error',
        message: `The rules contributing to this attribute mix merge types (${mergeType} and ${c.mergeType}).`,
      };
    }
  }
  const losing: { source: T; value: FlowValue; reason: LossReason }[] = [];
  let ignored = false;
  if (mergeType === 'Update') {
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i] as Candidate<T>;
      if (c.value === IGNORE_THIS_FLOW) {
        ignored = true;
        losing.push({ source: c.source, value: c.value, reason: 'IgnoreThisFlow' });
      } else if (c.value === null) {
        losing.push({ source: c.source, value: c.value, reason: 'NULL (nothing to contribute)' });
      } else if (c.value === AUTHORITATIVE_NULL) {
        for (let j = i + 1; j < candidates.length; j++) {
          const l = candidates[j] as Candidate<T>;
          losing.push({
            source: l.source,
            value: l.value,
            reason: 'AuthoritativeNull of a higher-precedence rule',
          });
        }
        return { kind: 'absent', authoritative: c.source, losing };
      } else {
        const value = c.value as Value;
        if (Array.isArray(value) && value.length === 0) {
          losing.push({ source: c.source, value: null, reason: 'NULL (nothing to contribute)' });
          continue;
        }
        for (let j = i + 1; j < candidates.length; j++) {
          const l = candidates[j] as Candidate<T>;
          losing.push({ source: l.source, value: l.value, reason: 'lower precedence' });
        }
        return { kind: 'value', value, winner: c.source, contributors: [c.source], losing };
      }
    }
    return ignored ? { kind: 'keep', losing } : { kind: 'absent', losing };
  }
  // Merge / MergeCaseInsensitive: the union of every contributor's values, without duplicates.
  const ci = mergeType === 'MergeCaseInsensitive';
  const seen = new Set<string>();
  const out: Scalar[] = [];
  const contributors: T[] = [];
  let stopped: T | undefined;
  for (const c of candidates) {
    if (stopped !== undefined) {
      losing.push({
        source: c.source,
        value: c.value,
        reason: 'AuthoritativeNull of a higher-precedence rule',
      });
      continue;
    }
    if (c.value === IGNORE_THIS_FLOW) {
      ignored = true;
      losing.push({ source: c.source, value: c.value, reason: 'IgnoreThisFlow' });
    } else if (c.value === null) {
      losing.push({ source: c.source, value: c.value, reason: 'NULL (nothing to contribute)' });
    } else if (c.value === AUTHORITATIVE_NULL) {
      stopped = c.source;
    } else {
      let added = false;
      for (const s of valuesOf(c.value as Value)) {
        const k = mergeKey(s, ci);
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(s);
        added = true;
      }
      if (added) contributors.push(c.source);
    }
  }
  // A merged attribute is multi-valued even with one value.
  const value: Value | undefined = out.length > 0 ? out : undefined;
  if (value !== undefined && contributors[0] !== undefined) {
    return { kind: 'value', value, winner: contributors[0], contributors, losing };
  }
  if (stopped !== undefined) return { kind: 'absent', authoritative: stopped, losing };
  return ignored ? { kind: 'keep', losing } : { kind: 'absent', losing };
}
