/**
 * Canonical keys and comparisons for attribute values, so that change detection, join indexes and
 * merges treat `5` and `5n`, or two equal byte arrays, as the same value.
 */
import { bytesToHex } from '../io/binary.ts';
import { DateTime, Ref, type AttributeBag, type Scalar, type Value } from '../expr/values.ts';

/**
 * A string that identifies one scalar exactly (type and content).
 *
 * @example
 * scalarKey(5) === scalarKey(5n) // true
 */
export function scalarKey(v: Scalar): string {
  switch (typeof v) {
    case 'string':
      return 's:' + v;
    case 'number':
      return 'n:' + String(v);
    case 'bigint':
      return 'n:' + v.toString();
    case 'boolean':
      return v ? 'b:1' : 'b:0';
    default:
      if (v instanceof Uint8Array) return 'x:' + bytesToHex(v);
      if (v instanceof Ref) return 'r:' + v.dn.toLowerCase();
      if (v instanceof DateTime) return 'd:' + v.fileTime.toString();
      return 'u:' + String(v);
  }
}

/** Key used by join matching: strings fold case unless the condition is case-sensitive. */
export function joinKey(v: Scalar, caseSensitive: boolean): string {
  if (typeof v === 'string') return 's:' + (caseSensitive ? v : v.toLowerCase());
  return scalarKey(v);
}

/** The values of an attribute as a list (single values become one-element lists). */
export function valuesOf(v: Value | undefined): readonly Scalar[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as readonly Scalar[]) : [v as Scalar];
}

/** Whether a value is or holds a reference (without making a list of a single value). */
export function hasRef(v: Value | undefined): boolean {
  if (v instanceof Ref) return true;
  if (!Array.isArray(v)) return false;
  for (const x of v as readonly Scalar[]) if (x instanceof Ref) return true;
  return false;
}

/** True when both values hold the same scalars; multi-valued attributes compare as sets. */
export function valueEquals(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  // Two different strings never have the same key; this spares two key strings per comparison.
  if (typeof a === 'string' && typeof b === 'string') return false;
  const aa = Array.isArray(a);
  const ba = Array.isArray(b);
  if (!aa && !ba) return scalarKey(a as Scalar) === scalarKey(b as Scalar);
  const la = valuesOf(a);
  const lb = valuesOf(b);
  if (la.length !== lb.length) return false;
  if (la.length === 1) return scalarKey(la[0] as Scalar) === scalarKey(lb[0] as Scalar);
  // Lists usually come back in the same order (member lists of thousands): compare in place
  // first, and build keys only when the order differs.
  let i = 0;
  while (i < la.length && sameInPlace(la[i] as Scalar, lb[i] as Scalar)) i++;
  if (i === la.length) return true;
  const counts = new Map<string, number>();
  for (const s of la) {
    const k = scalarKey(s);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  for (const s of lb) {
    const k = scalarKey(s);
    const c = counts.get(k);
    if (!c) return false;
    counts.set(k, c - 1);
  }
  return true;
}

/** Cheap exact equality of two scalars of the same kind (false means "compare by key"). */
function sameInPlace(x: Scalar, y: Scalar): boolean {
  if (x === y) return true;
  if (x instanceof Ref && y instanceof Ref) return x.dn === y.dn;
  return false;
}

export interface AttributeChange {
  attribute: string;
  /** `add` (was absent), `replace` (changed) or `delete` (now absent). */
  kind: 'add' | 'replace' | 'delete';
  oldValue?: Value;
  newValue?: Value;
}

/** The attribute-level differences from `before` to `after`, sorted by attribute name. */
export function diffBags(before: AttributeBag, after: AttributeBag): AttributeChange[] {
  const out: AttributeChange[] = [];
  for (const k in after) {
    const nv = after[k];
    const ov = before[k];
    if (ov === undefined) out.push({ attribute: k, kind: 'add', newValue: nv });
    else if (!valueEquals(ov, nv))
      out.push({ attribute: k, kind: 'replace', oldValue: ov, newValue: nv });
  }
  for (const k in before) {
    if (after[k] === undefined) out.push({ attribute: k, kind: 'delete', oldValue: before[k] });
  }
  // Bags built in name order (a new metaverse object's) give the changes in order already.
  for (let i = 1; i < out.length; i++) {
    if ((out[i - 1] as AttributeChange).attribute > (out[i] as AttributeChange).attribute)
      return out.sort((x, y) =>
        x.attribute < y.attribute ? -1 : x.attribute > y.attribute ? 1 : 0,
      );
  }
  return out;
}

/** Normalizes a list of scalars into a Value: empty → undefined, one → scalar, more → array. */
export function toValue(list: readonly Scalar[]): Value | undefined {
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  return list;
}

/** A short human-readable rendering of a value (for messages and provenance). */
export function displayValue(v: Value | undefined): string {
  if (v === undefined) return '(absent)';
  const one = (s: Scalar): string => {
    if (typeof s === 'string') return s;
    if (s instanceof Uint8Array) return '0x' + bytesToHex(s);
    if (s instanceof Ref) return s.dn;
    if (s instanceof DateTime) return 'FILETIME ' + s.fileTime.toString();
    return String(s);
  };
  return Array.isArray(v)
    ? '[' + (v as readonly Scalar[]).map(one).join(', ') + ']'
    : one(v as Scalar);
}
