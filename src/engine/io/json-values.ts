/**
 * The JSON encoding of attribute values, shared by scenario files and the output of `synclab eval`
 * and `synclab run`:
 *
 * | value model            | JSON                                              |
 * | ---------------------- | ------------------------------------------------- |
 * | NULL                   | `null`                                            |
 * | string, boolean        | the same                                          |
 * | number, bigint         | a number (exact digits for bigint)                |
 * | multi-valued           | an array of the above                             |
 * | Uint8Array             | `{"$binary": "<base64>"}`                         |
 * | Ref                    | `{"$ref": "CN=…"}`                                |
 * | DateTime               | `{"$datetime": "2024-05-01T10:00:00Z"}`           |
 * | AuthoritativeNull, …   | `{"$special": "AuthoritativeNull"}`               |
 *
 * Where an attribute's syntax is known (see attribute-syntax.ts), friendlier forms are accepted too:
 * a GUID or SID string for binary identifiers, a DN string for a reference, a decimal string for a
 * large integer.
 */
import {
  AUTHORITATIVE_NULL,
  DateTime,
  IGNORE_THIS_FLOW,
  Ref,
  type FlowValue,
  type Scalar,
} from '../expr/values.ts';
import type { AttributeSyntax, ValueKind } from './attribute-syntax.ts';
import {
  base64ToBytes,
  bytesToBase64,
  bytesToGuid,
  bytesToSid,
  guidToBytes,
  sidToBytes,
} from './binary.ts';
import { stringifyJson, type JsonData, type JsonObject, type JsonPath } from './json-text.ts';

export type ValueDecodeResult =
  | { ok: true; value: FlowValue }
  | { ok: false; message: string; /** relative to the value decoded */ path: JsonPath };

export interface DecodeOptions {
  /** The attribute's syntax, when known: the value must agree with it. */
  syntax?: AttributeSyntax;
  /** Accept `{"$special": …}` (expression results); attribute values in files may not be special. */
  allowSpecial?: boolean;
}

/** The Windows FILETIME of 1970-01-01T00:00:00Z: 100-ns ticks since 1601-01-01. */
const UNIX_EPOCH_FILETIME = 116444736000000000n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const ISO_RE =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,7}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an ISO-8601 date-time with `Z` or an offset into a FILETIME-based DateTime, keeping up to
 * seven fractional digits (the FILETIME resolution). Returns `null` when malformed or impossible.
 *
 * @example
 * isoToDateTime('1601-01-01T00:00:00Z')?.fileTime // 0n
 */
export function isoToDateTime(text: string): DateTime | null {
  const m = ISO_RE.exec(text);
  if (m === null) return null;
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = Number(ss);
  if (ys === '-000000' || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  // Rejects 30 February and the like, which Date would silently roll over.
  if (date.getUTCDate() !== d || date.getUTCMonth() !== mo - 1) return null;
  let ms = date.getTime();
  if (zone !== undefined && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    ms -= (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60000;
  }
  const ticks = BigInt((frac ?? '').padEnd(7, '0'));
  return new DateTime(BigInt(ms) * 10000n + ticks + UNIX_EPOCH_FILETIME);
}

/**
 * Formats a DateTime as ISO-8601 UTC with as many fractional digits as needed (up to seven).
 * Years beyond 9999 (such as `accountExpires` "never") use the expanded six-digit form.
 *
 * @example
 * dateTimeToIso(new DateTime(0n)) // '1601-01-01T00:00:00Z'
 */
export function dateTimeToIso(value: DateTime): string {
  const ticks = value.fileTime - UNIX_EPOCH_FILETIME;
  let ms = ticks / 10000n;
  if (ticks < 0n && ms * 10000n !== ticks) ms -= 1n; // floor, not truncation
  const subMs = Number(ticks - ms * 10000n);
  const date = new Date(Number(ms));
  if (Number.isNaN(date.getTime()))
    throw new RangeError(`FILETIME ${value.fileTime} is out of range`);
  const y = date.getUTCFullYear();
  const year =
    y >= 0 && y <= 9999
      ? String(y).padStart(4, '0')
      : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0');
  const two = (n: number) => String(n).padStart(2, '0');
  const fraction = date.getUTCMilliseconds() * 10000 + subMs;
  const frac = fraction === 0 ? '' : '.' + String(fraction).padStart(7, '0').replace(/0+$/, '');
  return (
    `${year}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}` +
    `T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}${frac}Z`
  );
}

function isObject(data: JsonData): data is JsonObject {
  return data !== null && typeof data === 'object' && !Array.isArray(data);
}

function describe(data: JsonData): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'an array';
  if (isObject(data)) {
    const keys = Object.keys(data);
    return keys.length === 1 && keys[0]?.startsWith('$') ? `{"${keys[0]}"}` : 'an object';
  }
  if (typeof data === 'string') return `the string ${JSON.stringify(truncate(data))}`;
  if (typeof data === 'bigint') return `the number ${data}`;
  return `the ${typeof data} ${String(data)}`;
}

function truncate(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

const KIND_NAMES: Record<ValueKind, string> = {
  string: 'a string',
  integer: 'an integer',
  boolean: 'a boolean',
  binary: 'binary data ({"$binary": "<base64>"})',
  guid: 'a GUID',
  sid: 'a SID',
  reference: 'a DN',
  datetime: 'an ISO-8601 UTC date-time',
};

type ScalarResult = { ok: true; value: Scalar } | { ok: false; message: string };

function fail(message: string): ScalarResult {
  return { ok: false, message };
}

function wrongType(kind: ValueKind, data: JsonData): ScalarResult {
  return fail(`expected ${KIND_NAMES[kind]}, not ${describe(data)}`);
}

/** Decodes one `{"$…": …}` form. */
function decodeTagged(data: JsonObject): ScalarResult | { ok: true; special: FlowValue } {
  const keys = Object.keys(data);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) {
    return fail(
      'an object value must be exactly one of {"$binary"}, {"$ref"}, {"$datetime"}, {"$special"}',
    );
  }
  const body = data[key];
  if (typeof body !== 'string')
    return fail(`"${key}" needs a string, not ${describe(body ?? null)}`);
  switch (key) {
    case '$binary': {
      const bytes = base64ToBytes(body);
      return bytes === null ? fail('not valid base64') : { ok: true, value: bytes };
    }
    case '$ref':
      return body.length === 0
        ? fail('a reference needs a DN')
        : { ok: true, value: new Ref(body) };
    case '$datetime': {
      const dt = isoToDateTime(body);
      return dt === null ? fail('not an ISO-8601 UTC date-time') : { ok: true, value: dt };
    }
    case '$special':
      if (body === 'AuthoritativeNull') return { ok: true, special: AUTHORITATIVE_NULL };
      if (body === 'IgnoreThisFlow') return { ok: true, special: IGNORE_THIS_FLOW };
      return fail('"$special" must be "AuthoritativeNull" or "IgnoreThisFlow"');
    default:
      return fail(`unknown value form "${key}"`);
  }
}

const DECIMAL_RE = /^-?\d+$/;

function integerFrom(n: number | bigint | string): ScalarResult {
  if (typeof n === 'number') {
    return Number.isInteger(n) ? { ok: true, value: n } : fail(`${n} is not an integer`);
  }
  if (typeof n === 'string' && !DECIMAL_RE.test(n.trim())) {
    return fail(`expected an integer, not the string ${JSON.stringify(truncate(n))}`);
  }
  const big = BigInt(typeof n === 'string' ? n.trim() : n);
  if (big < INT64_MIN || big > INT64_MAX) return fail(`${big} is beyond a 64-bit integer`);
  const small = Number(big);
  // The value model keeps bigint only beyond 2^53.
  return { ok: true, value: Number.isSafeInteger(small) ? small : big };
}

function decodeScalar(
  data: JsonData,
  kind: ValueKind | undefined,
): ScalarResult | { ok: true; special: FlowValue } {
  if (isObject(data)) {
    const tagged = decodeTagged(data);
    if (!tagged.ok || 'special' in tagged || kind === undefined) return tagged;
    const v = tagged.value;
    const fits =
      (v instanceof Uint8Array && (kind === 'binary' || kind === 'guid' || kind === 'sid')) ||
      (v instanceof Ref && kind === 'reference') ||
      (v instanceof DateTime && kind === 'datetime');
    return fits ? tagged : fail(`expected ${KIND_NAMES[kind]}, not ${describe(data)}`);
  }
  if (data === null || Array.isArray(data)) {
    return fail(`expected ${kind ? KIND_NAMES[kind] : 'a single value'}, not ${describe(data)}`);
  }
  if (kind === undefined) return { ok: true, value: data };
  switch (kind) {
    case 'string':
      return typeof data === 'string' ? { ok: true, value: data } : wrongType(kind, data);
    case 'integer':
      return typeof data === 'boolean' ? wrongType(kind, data) : integerFrom(data);
    case 'boolean':
      if (typeof data === 'boolean') return { ok: true, value: data };
      // LDAP writes Boolean syntax as TRUE / FALSE.
      if (typeof data === 'string' && /^(true|false)$/i.test(data)) {
        return { ok: true, value: data.toLowerCase() === 'true' };
      }
      return wrongType(kind, data);
    case 'guid': {
      if (typeof data !== 'string') return wrongType(kind, data);
      const bytes = guidToBytes(data.trim());
      return bytes === null
        ? fail(`not a GUID: ${JSON.stringify(truncate(data))}`)
        : { ok: true, value: bytes };
    }
    case 'sid': {
      if (typeof data !== 'string') return wrongType(kind, data);
      const bytes = sidToBytes(data.trim());
      return bytes === null
        ? fail(`not a SID: ${JSON.stringify(truncate(data))}`)
        : { ok: true, value: bytes };
    }
    case 'binary': {
      if (typeof data !== 'string') return wrongType(kind, data);
      const bytes = base64ToBytes(data);
      return bytes === null ? fail('not valid base64') : { ok: true, value: bytes };
    }
    case 'reference':
      if (typeof data !== 'string') return wrongType(kind, data);
      return /^[^=,]+=/.test(data)
        ? { ok: true, value: new Ref(data) }
        : fail(`not a DN: ${JSON.stringify(truncate(data))}`);
    case 'datetime': {
      if (typeof data !== 'string') return wrongType(kind, data);
      const dt = isoToDateTime(data);
      return dt === null ? fail('not an ISO-8601 UTC date-time') : { ok: true, value: dt };
    }
  }
}

/**
 * Decodes a JSON value into the value model.
 *
 * @example
 * decodeJsonValue('5b973110-6382-4a80-bbf8-6bb21c1bb741', { syntax: { kind: 'guid', multiValued: false } })
 * // { ok: true, value: Uint8Array(16) [0x10, 0x31, 0x97, 0x5b, …] }
 * decodeJsonValue({ $ref: 'CN=Ann,DC=contoso,DC=com' }) // { ok: true, value: Ref { dn: 'CN=Ann,…' } }
 * decodeJsonValue('abc', { syntax: { kind: 'integer', multiValued: false } })
 * // { ok: false, message: 'expected an integer, not the string "abc"', path: [] }
 */
export function decodeJsonValue(data: JsonData, options: DecodeOptions = {}): ValueDecodeResult {
  const kind = options.syntax?.kind;
  if (data === null) return { ok: true, value: null };
  if (Array.isArray(data)) {
    if (options.syntax && !options.syntax.multiValued) {
      return {
        ok: false,
        message: `single-valued: expected ${KIND_NAMES[options.syntax.kind]}, not an array`,
        path: [],
      };
    }
    const out: Scalar[] = [];
    for (let i = 0; i < data.length; i++) {
      const r = decodeScalar(data[i] ?? null, kind);
      if (!r.ok) return { ok: false, message: r.message, path: [i] };
      if ('special' in r)
        return { ok: false, message: 'a special value cannot be one of several values', path: [i] };
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  const r = decodeScalar(data, kind);
  if (!r.ok) return { ok: false, message: r.message, path: [] };
  if ('special' in r) {
    return options.allowSpecial
      ? { ok: true, value: r.special }
      : {
          ok: false,
          message: 'a special value is only an expression result, not an attribute value',
          path: [],
        };
  }
  // A known multi-valued attribute is always an array, even when written with one value.
  return { ok: true, value: options.syntax?.multiValued ? [r.value] : r.value };
}

function encodeScalar(v: Scalar, kind: ValueKind | undefined): JsonData {
  if (v instanceof Uint8Array) {
    if (kind === 'guid') {
      const g = bytesToGuid(v);
      if (g !== null) return g;
    } else if (kind === 'sid') {
      const s = bytesToSid(v);
      if (s !== null) return s;
    }
    return { $binary: bytesToBase64(v) };
  }
  if (v instanceof Ref) return kind === 'reference' ? v.dn : { $ref: v.dn };
  if (v instanceof DateTime) return { $datetime: dateTimeToIso(v) };
  return v;
}

/**
 * Encodes a value as JSON data. With a known syntax, identifiers are written in their readable
 * forms (GUID, SID, DN strings) so that scenario files stay legible; decoding with the same syntax
 * gives the value back.
 *
 * @example
 * encodeJsonValue([new Ref('CN=Ann,DC=contoso,DC=com'), new Uint8Array([1])])
 * // [{ $ref: 'CN=Ann,DC=contoso,DC=com' }, { $binary: 'AQ==' }]
 */
export function encodeJsonValue(
  value: FlowValue,
  options: { syntax?: AttributeSyntax } = {},
): JsonData {
  const kind = options.syntax?.kind;
  if (value === null) return null;
  if (value === AUTHORITATIVE_NULL) return { $special: 'AuthoritativeNull' };
  if (value === IGNORE_THIS_FLOW) return { $special: 'IgnoreThisFlow' };
  if (Array.isArray(value)) return value.map((v: Scalar) => encodeScalar(v, kind));
  return encodeScalar(value as Scalar, kind);
}

/**
 * A value as one line of JSON text, as `synclab eval` prints it.
 *
 * @example
 * formatJsonValue(2n ** 63n - 1n) // '9223372036854775807'
 */
export function formatJsonValue(value: FlowValue): string {
  return stringifyJson(encodeJsonValue(value));
}
