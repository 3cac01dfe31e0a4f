import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { locateJsonPath, parseJson, stringifyJson, type JsonData } from './json-text.ts';

function parsed(text: string): JsonData {
  const r = parseJson(text);
  if (!r.ok) throw new Error(`${r.message} at ${r.position.line}:${r.position.column}`);
  return r.data;
}

describe('parseJson', () => {
  it('agrees with JSON.parse on ordinary documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const text = JSON.stringify(v);
        // Large integers are bigint by design; JSON.parse rounds them.
        const rounded = (d: JsonData): unknown =>
          JSON.parse(
            JSON.stringify(d, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)),
          );
        expect(rounded(parsed(text))).toEqual(JSON.parse(text));
        expect(rounded(parsed(JSON.stringify(v, null, 2)))).toEqual(JSON.parse(text));
      }),
    );
  });
  it('keeps integers beyond 2^53 exact as bigint, and smaller ones as number', () => {
    expect(parsed('[9007199254740991, 9007199254740992, -9223372036854775808, 1.5e300]')).toEqual([
      9007199254740991,
      9007199254740992n,
      -9223372036854775808n,
      1.5e300,
    ]);
  });
  it('decodes escapes', () => {
    expect(parsed('"a\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00"')).toBe('a"b\\c/\né😀');
  });
  it('reports line and column of syntax errors', () => {
    const r = parseJson('{\n  "a": 1,\n  "b": [1, 2,, 3]\n}');
    expect(r).toMatchObject({ ok: false, position: { line: 3, column: 14 }, path: ['b', 2] });
    expect(r.ok ? '' : r.message).toMatch(/expected a value/);
  });
  it('rejects trailing commas, comments, single quotes and trailing garbage', () => {
    for (const bad of [
      '{"a":1,}',
      '[1,]',
      '// x\n{}',
      "{'a':1}",
      '{} {}',
      '',
      '01',
      '-',
      '1.',
      '1e',
      'tru',
    ]) {
      expect(parseJson(bad).ok, bad).toBe(false);
    }
  });
  it('rejects duplicate keys, naming them', () => {
    const r = parseJson('{"name": "a", "name": "b"}');
    expect(r).toMatchObject({ ok: false, position: { line: 1, column: 15 } });
    expect(r.ok ? '' : r.message).toContain('duplicate key "name"');
  });
  it('finds duplicate keys deep in a large document, and where they are', () => {
    const objects = Array.from({ length: 2000 }, (_, i) => `{"dn": "CN=${i}", "n": ${i}}`);
    objects[1500] = '{"dn": "CN=1500", "a": {"b": 1, "c": {"x": [1], "x": [2]}}}';
    const r = parseJson(`{"objects": [\n${objects.join(',\n')}\n]}`);
    expect(r).toMatchObject({
      ok: false,
      position: { line: 1502 },
      path: ['objects', 1500, 'a', 'c'],
    });
    expect(r.ok ? '' : r.message).toContain('duplicate key "x"');
    // Keys that look like array indexes (V8 orders them first) and escaped quotes in keys.
    expect(parseJson('{"2": 1, "1": 2, "2": 3}').ok).toBe(false);
    expect(parsed('{"2": 1, "1": {"10": [], "9": null}}')).toEqual({
      1: { 9: null, 10: [] },
      2: 1,
    });
    expect(parseJson('{"a\\"": 1, "a\\"": 2}').ok).toBe(false);
    expect(parsed('{"a\\"": 1, "a": "x\\": 2"}')).toEqual({ 'a"': 1, a: 'x": 2' });
  });
  it('keeps large integers exact wherever they are', () => {
    expect(
      parsed('{"a": [{"b": 18446744073709551615}], "c": 1e400, "d": 12345678901234567.5}'),
    ).toEqual({
      a: [{ b: 18446744073709551615n }],
      c: Infinity,
      d: Number('12345678901234567.5'),
    });
  });
  it('rejects raw control characters and unterminated strings', () => {
    expect(parseJson('"a\u0001"').ok).toBe(false);
    expect(parseJson('"abc').ok).toBe(false);
    expect(parseJson('"\\x"').ok).toBe(false);
  });
  it('keeps "__proto__" as an ordinary key', () => {
    const v = parsed('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('skips a byte-order mark', () => {
    expect(parsed('\ufeff{"a": 1}')).toEqual({ a: 1 });
  });
  it('does not overflow the stack on deep nesting', () => {
    const r = parseJson('['.repeat(100000));
    expect(r.ok).toBe(false);
  });
});

describe('locateJsonPath', () => {
  it('finds values by path', () => {
    const text = '{\n  "forests": [\n    { "objects": [ {"dn": "x"}, {"dn": "y"} ] }\n  ]\n}';
    expect(locateJsonPath(text, ['forests', 0, 'objects', 1, 'dn'])).toEqual({
      line: 3,
      column: 40,
    });
    expect(locateJsonPath(text, [])).toEqual({ line: 1, column: 1 });
    expect(locateJsonPath(text, ['nope'])).toBeNull();
  });
});

describe('stringifyJson', () => {
  it('round-trips through parseJson, including bigint', () => {
    const data: JsonData = { a: [1, 2n ** 64n, 'x"y'], b: { c: null, d: true }, e: [] };
    expect(parsed(stringifyJson(data))).toEqual(data);
    expect(parsed(stringifyJson(data, 2))).toEqual(data);
    expect(stringifyJson(data)).toBe(
      '{"a":[1,18446744073709551616,"x\\"y"],"b":{"c":null,"d":true},"e":[]}',
    );
  });
  it('matches JSON.stringify for bigint-free data', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        expect(stringifyJson(v as JsonData)).toBe(JSON.stringify(v));
      }),
    );
  });
});
