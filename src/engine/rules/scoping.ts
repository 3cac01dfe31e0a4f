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

/**
 * -1, 0, 1: numeric when both sides are integers, else case-insensitive ordinal text. The clause
 * side comes parsed (`nb`) and lower-cased (`lower`).
 */
function comparePrepared(a: Scalar, nb: bigint | undefined, lower: string): number {
  if (nb !== undefined) {
    const na = asBig(a);
    if (na !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  }
  const x = scalarText(a).toLowerCase();
  return x < lower ? -1 : x > lower ? 1 : 0;
}

function list(v: AttributeBag[string] | undefined): readonly Scalar[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as readonly Scalar[]) : [v as Scalar];
}

/** A clause value as the operators read it: lower-cased and parsed as an integer once. */
interface Prepared {
  value: string;
  lower: string;
  big: bigint | undefined;
}

function prepare(value: string): Prepared {
  return { value, lower: value.toLowerCase(), big: asBig(value) };
}

/**
 * Clause values without parameters are prepared once per clause (scoping runs for every rule and
 * object of a synchronization, and most clause values are constants).
 */
const preparedClauses = new WeakMap<ScopeCondition, Prepared | WithParameters>();

/** A clause value with parameters, as last prepared, and the parameters it was prepared with. */
interface WithParameters {
  parameters: Record<string, string> | undefined;
  prepared: Prepared;
}

function preparedValue(c: ScopeCondition, parameters?: Record<string, string>): Prepared {
  const p = preparedClauses.get(c);
  if (p !== undefined && !('parameters' in p)) return p;
  // Parameter sets are shared per connector and domain, so the last one is usually the same.
  if (p !== undefined && p.parameters === parameters) return p.prepared;
  if (c.value.indexOf('%') < 0) {
    const constant = prepare(c.value);
    preparedClauses.set(c, constant);
    return constant;
  }
  const prepared = prepare(substituteParameters(c.value, parameters));
  preparedClauses.set(c, { parameters, prepared });
  return prepared;
}

const TEXT_CONTAINS = 0;
const TEXT_STARTS = 1;
const TEXT_ENDS = 2;

/** Whether any value's text (lower-cased) contains, starts or ends with `lower`. */
function anyText(values: readonly Scalar[], lower: string, test: number): boolean {
  for (const v of values) {
    const t = scalarText(v).toLowerCase();
    if (
      test === TEXT_CONTAINS
        ? t.includes(lower)
        : test === TEXT_STARTS
          ? t.startsWith(lower)
          : t.endsWith(lower)
    )
      return true;
  }
  return false;
}

function anyEqual(values: readonly Scalar[], p: Prepared): boolean {
  for (const v of values) if (comparePrepared(v, p.big, p.lower) === 0) return true;
  return false;
}

/**
 * Evaluates one clause.
 *
 * @example
 * evaluateCondition({ attribute: 'userAccountControl', operator: 'ISBITNOTSET', value: '2' },
 *   { attributes: { userAccountControl: 512 } }) // true
 */
export function evaluateCondition(c: ScopeCondition, ctx: ScopeContext): boolean {
  const raw = ctx.attributes[c.attribute];
  const p = preparedValue(c, ctx.parameters);
  const single: Scalar | undefined =
    raw === undefined
      ? undefined
      : Array.isArray(raw)
        ? raw.length === 1
          ? (raw[0] as Scalar)
          : undefined
        : (raw as Scalar);
  const cmp = () => comparePrepared(single as Scalar, p.big, p.lower);
  switch (c.operator) {
    case 'EQUAL':
      return single !== undefined && cmp() === 0;
    case 'NOTEQUAL':
      return !(single !== undefined && cmp() === 0);
    case 'LESSTHAN':
      return single !== undefined && cmp() < 0;
    case 'LESSTHAN_OR_EQUAL':
      return single !== undefined && cmp() <= 0;
    case 'GREATERTHAN':
      return single !== undefined && cmp() > 0;
    case 'GREATERTHAN_OR_EQUAL':
      return single !== undefined && cmp() >= 0;
    case 'CONTAINS':
      return anyText(list(raw), p.lower, TEXT_CONTAINS);
    case 'NOTCONTAINS':
      return !anyText(list(raw), p.lower, TEXT_CONTAINS);
    case 'STARTSWITH':
      return anyText(list(raw), p.lower, TEXT_STARTS);
    case 'NOTSTARTSWITH':
      return !anyText(list(raw), p.lower, TEXT_STARTS);
    case 'ENDSWITH':
      return anyText(list(raw), p.lower, TEXT_ENDS);
    case 'NOTENDSWITH':
      return !anyText(list(raw), p.lower, TEXT_ENDS);
    case 'ISNULL':
      return list(raw).length === 0;
    case 'ISNOTNULL':
      return list(raw).length > 0;
    case 'ISIN':
      return anyEqual(list(raw), p);
    case 'ISNOTIN':
      return !anyEqual(list(raw), p);
    case 'ISBITSET':
    case 'ISNOTBITSET':
    case 'ISBITNOTSET': {
      const mask = p.big;
      const n = single === undefined ? undefined : asBig(single);
      const set = mask !== undefined && n !== undefined && (n & mask) === mask;
      return c.operator === 'ISBITSET' ? set : !set;
    }
    case 'ISMEMBEROF':
      return ctx.isMemberOf?.(p.value) ?? false;
    case 'ISNOTMEMBEROF':
      return !(ctx.isMemberOf?.(p.value) ?? false);
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
