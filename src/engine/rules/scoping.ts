/**
 * Scoping filters (spec §2.3): groups are ORed, the clauses of a group ANDed; an empty filter puts
 * every object of the source type in scope.
 */
import { DateTime, Ref, type AttributeBag, type Scalar } from '../expr/values.ts';
import { bytesToBase64 } from '../io/binary.ts';
import type { ScopeCondition } from './model.ts';

export interface ScopeContext {
  attributes: AttributeBag;
  /** `%Name%` parameters usable as clause values, e.g. `Connector.ID`. */
  parameters?: Record<string, string>;
  /** ISMEMBEROF: is the object a member of the group with this DN (in the same connector space)? */
  isMemberOf?: (groupDn: string) => boolean;
}

const PARAM_RE = /%([A-Za-z0-9_.]+)%/g;

/**
 * Replaces `%Name%` parameters in a clause value.
 *
 * @example
 * substituteParameters('%Connector.ID%', { 'Connector.ID': 'abc' }) // 'abc'
 */
export function substituteParameters(value: string, parameters?: Record<string, string>): string {
  if (!parameters || value.indexOf('%') < 0) return value;
  return value.replace(PARAM_RE, (whole, name: string) => parameters[name] ?? whole);
}

function scalarText(v: Scalar): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v instanceof Uint8Array) return bytesToBase64(v);
  if (v instanceof Ref) return v.dn;
  if (v instanceof DateTime) return v.fileTime.toString();
  return String(v);
}

const INT_RE = /^-?\d+$/;

function asBig(v: Scalar | string): bigint | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^&H[0-9a-f]+$/i.test(t)) return BigInt('0x' + t.slice(2));
    return INT_RE.test(t) ? BigInt(t) : undefined;
  }
  return undefined;
}

/** -1, 0, 1: numeric when both sides are integers, else case-insensitive ordinal text. */
function compare(a: Scalar, b: string): number {
  const na = typeof a === 'string' ? undefined : asBig(a);
  const nb = asBig(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === 'string' && nb !== undefined) {
    const n = asBig(a);
    if (n !== undefined) return n < nb ? -1 : n > nb ? 1 : 0;
  }
  const x = scalarText(a).toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function list(v: AttributeBag[string] | undefined): readonly Scalar[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as readonly Scalar[]) : [v as Scalar];
}

/**
 * Evaluates one clause.
 *
 * @example
 * evaluateCondition({ attribute: 'userAccountControl', operator: 'ISBITNOTSET', value: '2' },
 *   { attributes: { userAccountControl: 512 } }) // true
 */
export function evaluateCondition(c: ScopeCondition, ctx: ScopeContext): boolean {
  const values = list(ctx.attributes[c.attribute]);
  const value = substituteParameters(c.value, ctx.parameters);
  const single = values.length === 1 ? (values[0] as Scalar) : undefined;
  const lower = value.toLowerCase();
  const anyText = (test: (t: string) => boolean): boolean =>
    values.some((v) => test(scalarText(v).toLowerCase()));
  switch (c.operator) {
    case 'EQUAL':
      return single !== undefined && compare(single, value) === 0;
    case 'NOTEQUAL':
      return !(single !== undefined && compare(single, value) === 0);
    case 'LESSTHAN':
      return single !== undefined && compare(single, value) < 0;
    case 'LESSTHAN_OR_EQUAL':
      return single !== undefined && compare(single, value) <= 0;
    case 'GREATERTHAN':
      return single !== undefined && compare(single, value) > 0;
    case 'GREATERTHAN_OR_EQUAL':
      return single !== undefined && compare(single, value) >= 0;
    case 'CONTAINS':
      return anyText((t) => t.includes(lower));
    case 'NOTCONTAINS':
      return !anyText((t) => t.includes(lower));
    case 'STARTSWITH':
      return anyText((t) => t.startsWith(lower));
    case 'NOTSTARTSWITH':
      return !anyText((t) => t.startsWith(lower));
    case 'ENDSWITH':
      return anyText((t) => t.endsWith(lower));
    case 'NOTENDSWITH':
      return !anyText((t) => t.endsWith(lower));
    case 'ISNULL':
      return values.length === 0;
    case 'ISNOTNULL':
      return values.length > 0;
    case 'ISIN':
      return values.some((v) => compare(v, value) === 0);
    case 'ISNOTIN':
      return !values.some((v) => compare(v, value) === 0);
    case 'ISBITSET':
    case 'ISNOTBITSET':
    case 'ISBITNOTSET': {
      const mask = asBig(value);
      const n = single === undefined ? undefined : asBig(single);
      const set = mask !== undefined && n !== undefined && (n & mask) === mask;
      return c.operator === 'ISBITSET' ? set : !set;
    }
    case 'ISMEMBEROF':
      return ctx.isMemberOf?.(value) ?? false;
    case 'ISNOTMEMBEROF':
      return !(ctx.isMemberOf?.(value) ?? false);
    default:
      return false;
  }
}

/**
 * True when the object is in scope: any group whose clauses all hold, or an empty filter.
 *
 * @example
 * isInScope([[{ attribute: 'country', operator: 'EQUAL', value: 'Sweden' }]],
 *   { attributes: { country: 'sweden' } }) // true
 */
export function isInScope(filter: readonly ScopeCondition[][], ctx: ScopeContext): boolean {
  if (filter.length === 0) return true;
  for (const group of filter) {
    let ok = true;
    for (const c of group) {
      if (!evaluateCondition(c, ctx)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}
