import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AUTHORITATIVE_NULL,
  DateTime,
  IGNORE_THIS_FLOW,
  Ref,
  type FlowValue,
  type Scalar,
} from '../expr/values.ts';
import type { AttributeSyntax } from './attribute-syntax.ts';
import { bytesToBase64 } from './binary.ts';
import { parseJson, stringifyJson } from './json-text.ts';
import {
  dateTimeToIso,
  decodeJsonValue,
  encodeJsonValue,
  formatJsonValue,
  isoToDateTime,
} from './json-values.ts';

const syn = (kind: AttributeSyntax['kind'], multiValued = false): AttributeSyntax => ({
  kind,
  multiValued,
});

function ok(r: ReturnType<typeof decodeJsonValue>): FlowValue {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('DateTime', () => {
  it('converts FILETIME to and from ISO-8601', () => {
    expect(dateTimeToIso(new DateTime(0n))).toBe('1601-01-01T00:00:00Z');
    expect(dateTimeToIso(new DateTime(116444736000000000n))).toBe('1970-01-01T00:00:00Z');
    expect(dateTimeToIso(new DateTime(116444736000000001n))).toBe('1970-01-01T00:00:00.0000001Z');
    expect(dateTimeToIso(new DateTime(2n ** 63n - 1n))).toBe('+030828-09-14T02:48:05.4775807Z');
    expect(isoToDateTime('2024-05-01T10:00:00.5Z')?.fileTime).toBe(
      isoToDateTime('2024-05-01T10:00:00Z')!.fileTime + 5000000n,
    );
    expect(isoToDateTime('2024-05-01T12:00:00+02:00')?.fileTime).toBe(
      isoToDateTime('2024-05-01T10:00:00Z')?.fileTime,
    );
    expect(isoToDateTime('1601-01-01T00:00:00Z')?.fileTime).toBe(0n);
    expect(isoToDateTime('0099-01-01T00:00:00Z')).not.toBeNull();
    expect(dateTimeToIso(isoToDateTime('0099-03-01T00:00:00Z')!)).toBe('0099-03-01T00:00:00Z');
  });
  it('rejects impossible or malformed dates', () => {
    for (const bad of [
      '2023-02-29T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01 00:00:00Z',
      '2024-01-01T00:00:00',
      '2024-01-01T00:00:00.12345678Z',
      'yesterday',
    ]) {
      expect(isoToDateTime(bad), bad).toBeNull();
    }
  });
  it('round-trips any 64-bit FILETIME', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (ft) => {
        expect(isoToDateTime(dateTimeToIso(new DateTime(ft)))?.fileTime).toBe(ft);
      }),
    );
  });
});

describe('decodeJsonValue without a known syntax', () => {
  it('decodes the tagged forms', () => {
    expect(ok(decodeJsonValue({ $binary: 'EDGXW4JjgEq7+GuyHBu3QQ==' }))).toHaveLength(16);
    expect(ok(decodeJsonValue({ $ref: 'CN=Ann,DC=contoso,DC=com' }))).toEqual(
      new Ref('CN=Ann,DC=contoso,DC=com'),
    );
    expect(ok(decodeJsonValue({ $datetime: '1970-01-01T00:00:00Z' }))).toEqual(
      new DateTime(116444736000000000n),
    );
    expect(ok(decodeJsonValue({ $special: 'IgnoreThisFlow' }, { allowSpecial: true }))).toBe(
      IGNORE_THIS_FLOW,
    );
    expect(decodeJsonValue({ $special: 'IgnoreThisFlow' }).ok).toBe(false);
  });
  it('keeps the JSON type of plain values', () => {
    expect(ok(decodeJsonValue('5b973110-6382-4a80-bbf8-6bb21c1bb741'))).toBe(
      '5b973110-6382-4a80-bbf8-6bb21c1bb741',
    );
    expect(ok(decodeJsonValue(12))).toBe(12);
    expect(ok(decodeJsonValue(2n ** 60n))).toBe(2n ** 60n);
    expect(ok(decodeJsonValue(['a', 1]))).toEqual(['a', 1]);
    expect(ok(decodeJsonValue(null))).toBeNull();
  });
  it('rejects malformed forms with a path into arrays', () => {
    expect(decodeJsonValue({ $binary: 'no!' })).toMatchObject({
      ok: false,
      message: 'not valid base64',
    });
    expect(decodeJsonValue({ $binary: 'AA==', $ref: 'x' }).ok).toBe(false);
    expect(decodeJsonValue({ $blob: 'x' }).ok).toBe(false);
    expect(decodeJsonValue({ $ref: 1 }).ok).toBe(false);
    expect(decodeJsonValue(['a', ['b']])).toMatchObject({ ok: false, path: [1] });
    expect(decodeJsonValue(['a', null])).toMatchObject({ ok: false, path: [1] });
    expect(decodeJsonValue([{ $special: 'AuthoritativeNull' }], { allowSpecial: true }).ok).toBe(
      false,
    );
  });
});

describe('decodeJsonValue with a known syntax', () => {
  it('reads GUID and SID strings as the bytes AD stores', () => {
    const g = ok(
      decodeJsonValue('{5b973110-6382-4a80-bbf8-6bb21c1bb741}', { syntax: syn('guid') }),
    );
    expect(bytesToBase64(g as Uint8Array)).toBe('EDGXW4JjgEq7+GuyHBu3QQ==');
    const s = ok(decodeJsonValue('S-1-5-21-1-2-3-1104', { syntax: syn('sid') }));
    expect(s).toBeInstanceOf(Uint8Array);
    expect(decodeJsonValue('not-a-guid', { syntax: syn('guid') })).toMatchObject({
      ok: false,
      message: 'not a GUID: "not-a-guid"',
    });
    expect(decodeJsonValue('S-1-x', { syntax: syn('sid') })).toMatchObject({ ok: false });
    expect(ok(decodeJsonValue({ $binary: 'AQI=' }, { syntax: syn('guid') }))).toEqual(
      new Uint8Array([1, 2]),
    );
  });
  it('reads integers from numbers and decimal strings, bigint only beyond 2^53', () => {
    const int = syn('integer');
    expect(ok(decodeJsonValue(512, { syntax: int }))).toBe(512);
    expect(ok(decodeJsonValue('512', { syntax: int }))).toBe(512);
    expect(ok(decodeJsonValue('9223372036854775807', { syntax: int }))).toBe(2n ** 63n - 1n);
    expect(ok(decodeJsonValue(2n ** 63n - 1n, { syntax: int }))).toBe(2n ** 63n - 1n);
    expect(decodeJsonValue('9223372036854775808', { syntax: int }).ok).toBe(false);
    expect(decodeJsonValue(1.5, { syntax: int }).ok).toBe(false);
    expect(decodeJsonValue('abc', { syntax: int })).toMatchObject({
      ok: false,
      message: 'expected an integer, not the string "abc"',
    });
    expect(decodeJsonValue(true, { syntax: int }).ok).toBe(false);
  });
  it('reads DN strings as references and wraps a single value of a multi-valued attribute', () => {
    expect(ok(decodeJsonValue('CN=Bob,DC=x', { syntax: syn('reference') }))).toEqual(
      new Ref('CN=Bob,DC=x'),
    );
    expect(ok(decodeJsonValue('CN=Bob,DC=x', { syntax: syn('reference', true) }))).toEqual([
      new Ref('CN=Bob,DC=x'),
    ]);
    expect(decodeJsonValue('Bob', { syntax: syn('reference') }).ok).toBe(false);
  });
  it('rejects arrays for single-valued attributes and wrong types', () => {
    expect(decodeJsonValue(['a'], { syntax: syn('string') }).ok).toBe(false);
    expect(decodeJsonValue(5, { syntax: syn('string') })).toMatchObject({
      ok: false,
      message: 'expected a string, not the number 5',
    });
    expect(decodeJsonValue({ $ref: 'CN=x' }, { syntax: syn('string') }).ok).toBe(false);
    expect(ok(decodeJsonValue('TRUE', { syntax: syn('boolean') }))).toBe(true);
    expect(decodeJsonValue('yes', { syntax: syn('boolean') }).ok).toBe(false);
  });
});

const scalarArb: fc.Arbitrary<Scalar> = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }),
  fc.boolean(),
  fc.uint8Array({ maxLength: 20 }),
  fc.string({ minLength: 1 }).map((s) => new Ref(s)),
  fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map((t) => new DateTime(t)),
);

describe('encodeJsonValue', () => {
  it('encodes every form', () => {
    expect(encodeJsonValue(AUTHORITATIVE_NULL)).toEqual({ $special: 'AuthoritativeNull' });
    expect(encodeJsonValue([new Ref('CN=a'), new Uint8Array([1])])).toEqual([
      { $ref: 'CN=a' },
      { $binary: 'AQ==' },
    ]);
    expect(formatJsonValue(2n ** 63n - 1n)).toBe('9223372036854775807');
    expect(formatJsonValue(new DateTime(0n))).toBe('{"$datetime":"1601-01-01T00:00:00Z"}');
  });
  it('writes readable forms when the syntax is known', () => {
    const g = ok(decodeJsonValue('5b973110-6382-4a80-bbf8-6bb21c1bb741', { syntax: syn('guid') }));
    expect(encodeJsonValue(g, { syntax: syn('guid') })).toBe(
      '5b973110-6382-4a80-bbf8-6bb21c1bb741',
    );
    expect(encodeJsonValue(new Uint8Array([1]), { syntax: syn('guid') })).toEqual({
      $binary: 'AQ==',
    });
    expect(encodeJsonValue(new Ref('CN=a'), { syntax: syn('reference') })).toBe('CN=a');
  });
  it('round-trips any value through JSON text', () => {
    fc.assert(
      fc.property(fc.oneof(scalarArb, fc.array(scalarArb, { maxLength: 5 })), (v) => {
        const text = stringifyJson(encodeJsonValue(v));
        const back = parseJson(text);
        expect(back.ok).toBe(true);
        if (back.ok) expect(ok(decodeJsonValue(back.data))).toEqual(v);
      }),
    );
  });
});
