/**
 * A small JSON reader and writer for scenario files and command output.
 *
 * `JSON.parse` is not enough here: it rounds integers beyond 2^53 (msExchRecipientTypeDetails bit
 * masks, FILETIME values) and keeps the last of duplicate keys silently, and its messages carry no
 * line and column. This reader keeps large integers as `bigint`, rejects duplicate keys, and reports
 * positions; {@link locateJsonPath} finds where a value sits so that schema errors can carry a line too.
 */

/** JSON data as read by {@link parseJson}: integers beyond 2^53 are `bigint`. */
export type JsonData = null | boolean | number | bigint | string | JsonData[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonData;
}

/** A JSON path: object keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export type JsonParseResult =
  | { ok: true; data: JsonData }
  | { ok: false; message: string; position: TextPosition; path: JsonPath };

class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/** Converts a 0-based offset into a 1-based line and column. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function segmentKey(p: string | number): string {
  return typeof p === 'number' ? `\u0000#${p}` : `\u0000.${p}`;
}

function pathKey(path: JsonPath): string {
  return path.map(segmentKey).join('');
}

/** What a tracking reader looks for: the paths wanted, and every prefix of them. */
interface Targets {
  wanted: Map<string, number>;
  prefixes: Set<string>;
}

/** {@link positionAt} for many offsets in one pass over the text. */
export function positionsAt(text: string, offsets: readonly number[]): Map<number, TextPosition> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, TextPosition>();
  let line = 1;
  let lineStart = 0;
  let i = 0;
  for (const offset of sorted) {
    for (; i < offset && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    out.set(offset, { line, column: offset - lineStart + 1 });
  }
  return out;
}

class Reader {
  pos = 0;
  /** Path of the value being read; kept only when tracking, to stay fast on large files. */
  readonly path: (string | number)[] = [];
  /** Keys of `path`'s prefixes, or `null` once off every target's track. */
  readonly keys: (string | null)[] = [''];
  readonly track: boolean;

  constructor(
    readonly text: string,
    readonly targets: Targets | null,
  ) {
    this.track = targets !== null;
  }

  enter(p: string | number): void {
    this.path.push(p);
    const parent = this.keys[this.keys.length - 1];
    const key = parent == null ? null : parent + segmentKey(p);
    this.keys.push(key !== null && this.targets?.prefixes.has(key) ? key : null);
  }

  leave(): void {
    this.path.pop();
    this.keys.pop();
  }

  fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(message, at);
  }

  skipSpace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  describe(at: number): string {
    if (at >= this.text.length) return 'end of text';
    const ch = this.text.charAt(at);
    return ch.charCodeAt(0) < 32
      ? `character U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
      : `'${ch}'`;
  }

  value(depth: number): JsonData {
    if (depth > 512) this.fail('nesting deeper than 512 levels');
    this.skipSpace();
    if (this.track) this.mark();
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 123: // {
        return this.object(depth);
      case 91: // [
        return this.array(depth);
      case 34: // "
        return this.string();
      case 116: // t
        return this.literal('true', true);
      case 102: // f
        return this.literal('false', false);
      case 110: // n
        return this.literal('null', null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        return this.fail(`unexpected ${this.describe(this.pos)}, expected a value`);
    }
  }

  mark(): void {
    const key = this.keys[this.keys.length - 1];
    const wanted = this.targets?.wanted;
    if (key != null && wanted?.get(key) === -1) wanted.set(key, this.pos);
  }

  literal<T extends boolean | null>(word: string, v: T): T {
    if (!this.text.startsWith(word, this.pos)) {
      this.fail(`unexpected ${this.describe(this.pos)}, expected a value`);
    }
    this.pos += word.length;
    return v;
  }

  number(): number | bigint {
    const t = this.text;
    const start = this.pos;
    let p = start;
    let integer = true;
    if (t.charCodeAt(p) === 45) p++;
    const digitsStart = p;
    if (t.charCodeAt(p) === 48) p++;
    else while (isDigit(t.charCodeAt(p))) p++;
    if (p === digitsStart) this.fail('a number needs digits after "-"', p);
    if (t.charCodeAt(p) === 46) {
      integer = false;
      p++;
      const f = p;
      while (isDigit(t.charCodeAt(p))) p++;
      if (p === f) this.fail('a number needs digits after "."', p);
    }
    const e = t.charCodeAt(p);
    if (e === 101 || e === 69) {
      integer = false;
      p++;
      const s = t.charCodeAt(p);
      if (s === 43 || s === 45) p++;
      const f = p;
      while (isDigit(t.charCodeAt(p))) p++;
      if (p === f) this.fail('a number needs digits in its exponent', p);
    }
    this.pos = p;
    const raw = t.slice(start, p);
    const n = Number(raw);
    if (integer && !Number.isSafeInteger(n)) return BigInt(raw);
    return n;
  }

  string(): string {
    const t = this.text;
    const start = ++this.pos;
    let p = start;
    // Fast path: no escapes.
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return t.slice(start, p);
      }
      if (c === 92 || c < 32 || Number.isNaN(c)) break;
      p++;
    }
    let out = t.slice(start, p);
    for (;;) {
      const c = t.charCodeAt(p);
      if (Number.isNaN(c)) this.fail('unterminated string', start - 1);
      if (c === 34) break;
      if (c < 32) this.fail(`${this.describe(p)} must be escaped inside a string`, p);
      if (c !== 92) {
        out += t.charAt(p++);
        continue;
      }
      const esc = t.charAt(p + 1);
      p += 2;
      switch (esc) {
        case '"':
        case '\\':
        case '/':
          out += esc;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = t.slice(p, p + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('\\u needs four hex digits', p - 2);
          out += String.fromCharCode(parseInt(hex, 16));
          p += 4;
          break;
        }
        default:
          this.fail(`invalid escape \\${esc}`, p - 2);
      }
    }
    this.pos = p + 1;
    return out;
  }

  array(depth: number): JsonData[] {
    this.pos++;
    const out: JsonData[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return out;
    }
    const track = this.track;
    for (;;) {
      if (track) this.enter(out.length);
      out.push(this.value(depth + 1));
      if (track) this.leave();
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 93) {
        this.pos++;
        return out;
      }
      this.fail(`unexpected ${this.describe(this.pos)}, expected ',' or ']'`);
    }
  }

  object(depth: number): JsonObject {
    this.pos++;
    const out: JsonObject = {};
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return out;
    }
    const track = this.track;
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 34) {
        this.fail(
          `unexpected ${this.describe(this.pos)}, expected a property name in double quotes`,
        );
      }
      const keyAt = this.pos;
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key))
        this.fail(`duplicate key "${key}"`, keyAt);
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 58) {
        this.fail(`unexpected ${this.describe(this.pos)}, expected ':'`);
      }
      this.pos++;
      if (track) this.enter(key);
      const v = this.value(depth + 1);
      if (track) this.leave();
      // A plain assignment of "__proto__" would replace the prototype instead of adding a key.
      if (key === '__proto__') {
        Object.defineProperty(out, key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else out[key] = v;
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 125) {
        this.pos++;
        return out;
      }
      this.fail(`unexpected ${this.describe(this.pos)}, expected ',' or '}'`);
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function readDocument(reader: Reader): JsonData {
  // A byte-order mark is common in files saved by Windows tools.
  if (reader.text.charCodeAt(0) === 0xfeff) reader.pos = 1;
  const data = reader.value(0);
  reader.skipSpace();
  if (reader.pos < reader.text.length) {
    reader.fail(`unexpected ${reader.describe(reader.pos)} after the end of the document`);
  }
  return data;
}

/**
 * The text read by the engine's own `JSON.parse` (several times faster than {@link Reader} on a
 * 100-MB scenario, and with less garbage), when that gives exactly what the reader would:
 * `undefined` sends the text to the reader, which words every error with its position.
 *
 * One pass over the text (jumping from string to string) counts the keys of each object and notes
 * the integers beyond 2^53, both in document order; a walk of the parsed tree in the same order then compares the counts (an object
 * whose key was repeated has fewer keys than the text wrote) and puts the exact `bigint` where
 * `JSON.parse` rounded. Integer-like keys, which V8 orders first, and nesting beyond the reader's
 * limit are left to the reader.
 */
function parseWithBuiltIn(textIn: string): { data: JsonData } | undefined {
  const text = textIn.charCodeAt(0) === 0xfeff ? textIn.slice(1) : textIn;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const counts: number[] = [];
  // Index into `counts` of each open object, -1 for an open array.
  const open: number[] = [];
  let numbers = 0;
  /** Ordinals (among all numbers) and digits of the integers beyond 2^53. */
  const bigAt: number[] = [];
  const bigText: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    // Up to the next string: structure, numbers and the colons that end keys.
    const q = text.indexOf('"', i);
    const end = q < 0 ? n : q;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 58) {
        const at = open[open.length - 1];
        if (at === undefined || at < 0) return undefined;
        counts[at] = (counts[at] ?? 0) + 1;
      } else if (c === 123) {
        open.push(counts.length);
        counts.push(0);
        if (open.length > 512) return undefined;
      } else if (c === 91) {
        open.push(-1);
        if (open.length > 512) return undefined;
      } else if (c === 125 || c === 93) open.pop();
      else if (c === 45 || (c >= 48 && c <= 57)) {
        const start = i;
        let digits = 0;
        let integer = true;
        for (; i < end; i++) {
          const d = text.charCodeAt(i);
          if (d >= 48 && d <= 57) digits++;
          else if (d === 46 || d === 101 || d === 69) integer = false;
          else if (d !== 45 && d !== 43) break;
        }
        // 2^53 has 16 digits: a shorter integer is always exact.
        if (integer && digits >= 16) {
          const raw = text.slice(start, i);
          if (!Number.isSafeInteger(Number(raw))) {
            bigAt.push(numbers);
            bigText.push(raw);
          }
        }
        numbers++;
        i--;
      }
    }
    if (q < 0) break;
    // Skip the string: its end is the next quote not escaped by an odd run of backslashes.
    let e = text.indexOf('"', q + 1);
    for (;;) {
      if (e < 0) return undefined;
      let b = e - 1;
      while (text.charCodeAt(b) === 92) b--;
      if ((e - 1 - b) % 2 === 0) break;
      e = text.indexOf('"', e + 1);
    }
    i = e + 1;
  }
  let nextObject = 0;
  let nextNumber = 0;
  let nextBig = 0;
  /** The value with its large integer made exact (a number's turn comes in document order). */
  const exact = (v: number): number | bigint =>
    nextNumber++ === bigAt[nextBig] ? BigInt(bigText[nextBig++] as string) : v;
  const visit = (v: unknown): boolean => {
    if (v === null || typeof v !== 'object') return true;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'number') v[i] = exact(x);
        else if (!visit(x)) return false;
      }
      return true;
    }
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length !== counts[nextObject++]) return false;
    for (const k of keys) {
      const first = k.charCodeAt(0);
      if (first >= 48 && first <= 57) return false;
      const x = o[k];
      if (typeof x === 'number') o[k] = exact(x);
      else if (!visit(x)) return false;
    }
    return true;
  };
  if (typeof data === 'number') data = exact(data);
  else if (!visit(data)) return undefined;
  return nextObject === counts.length && nextNumber === numbers
    ? { data: data as JsonData }
    : undefined;
}

/**
 * Parses JSON text. Integers beyond 2^53 become `bigint`; duplicate keys are an error.
 *
 * @example
 * parseJson('{"a": 18446744073709551615}') // { ok: true, data: { a: 18446744073709551615n } }
 * parseJson('{"a": 1,}')                   // { ok: false, message: "unexpected '}' ...", position: { line: 1, column: 9 } }
 */
export function parseJson(text: string): JsonParseResult {
  const quick = parseWithBuiltIn(text);
  if (quick !== undefined) return { ok: true, data: quick.data };
  const reader = new Reader(text, null);
  try {
    return { ok: true, data: readDocument(reader) };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    // Re-read with path tracking to say where in the structure the error is.
    const tracker = new Reader(text, { wanted: new Map(), prefixes: new Set() });
    try {
      readDocument(tracker);
    } catch {
      // Expected: the same error again, now with tracker.path filled in.
    }
    return {
      ok: false,
      message: e.message,
      position: positionAt(text, e.offset),
      path: [...tracker.path],
    };
  }
}

/**
 * Where the value at `path` starts in `text`, or `null` if absent. Positions before a syntax error
 * are still found.
 *
 * @example
 * locateJsonPath('{\n "a": [1, 2]\n}', ['a', 1]) // { line: 2, column: 10 }
 */
export function locateJsonPath(text: string, path: JsonPath): TextPosition | null {
  return locateJsonPaths(text, [path])[0] ?? null;
}

/** {@link locateJsonPath} for many paths in one reading of the text. */
export function locateJsonPaths(text: string, paths: readonly JsonPath[]): (TextPosition | null)[] {
  const wanted = new Map<string, number>();
  const prefixes = new Set<string>(['']);
  for (const path of paths) {
    wanted.set(pathKey(path), -1);
    for (let n = 1; n <= path.length; n++) prefixes.add(pathKey(path.slice(0, n)));
  }
  const reader = new Reader(text, { wanted, prefixes });
  try {
    readDocument(reader);
  } catch {
    // Keep what was found before the error.
  }
  const offsets = paths.map((p) => wanted.get(pathKey(p)) ?? -1);
  const positions = positionsAt(
    text,
    offsets.filter((o) => o >= 0),
  );
  return offsets.map((o) => (o >= 0 ? (positions.get(o) ?? null) : null));
}

export interface StringifyOptions {
  /** Spaces per level; 0 writes everything on one line. */
  indent?: number;
  /**
   * Keys whose array items are each written on one line (with spaces after `:` and `,`): keeps
   * large object lists short and diff-friendly, one object per line.
   */
  oneLineItemsOf?: ReadonlySet<string>;
}

/**
 * Writes JSON data. `bigint` is written as its exact digits, which JSON allows. With an indent,
 * arrays of scalars that fit on one line stay on one line.
 *
 * @example
 * stringifyJson({ a: [1, 2n ** 64n] }) // '{"a":[1,18446744073709551616]}'
 */
export function stringifyJson(data: JsonData, options: number | StringifyOptions = 0): string {
  const o = typeof options === 'number' ? { indent: options } : options;
  const w = new Writer(o.indent ?? 0, o.oneLineItemsOf ?? new Set());
  w.write(data, '', false);
  return w.out;
}

class Writer {
  // String concatenation builds a rope in V8: cheaper than an array of millions of parts.
  out = '';
  constructor(
    readonly indent: number,
    readonly oneLineItemsOf: ReadonlySet<string>,
  ) {}

  write(data: JsonData, pad: string, oneLine: boolean, key?: string): void {
    if (data === null) this.out += 'null';
    else if (typeof data === 'string') this.out += JSON.stringify(data);
    else if (typeof data === 'number') this.out += Number.isFinite(data) ? String(data) : 'null';
    else if (typeof data === 'bigint') this.out += data.toString();
    else if (typeof data === 'boolean') this.out += data ? 'true' : 'false';
    else if (Array.isArray(data)) this.array(data, pad, oneLine, key);
    else this.object(data, pad, oneLine);
  }

  array(data: JsonData[], pad: string, oneLine: boolean, key: string | undefined): void {
    if (data.length === 0) {
      this.out += '[]';
      return;
    }
    const compact = this.indent === 0;
    if (compact || oneLine || isFlat(data, pad.length)) {
      this.out += '[';
      for (let i = 0; i < data.length; i++) {
        if (i > 0) this.out += compact ? ',' : ', ';
        this.write(data[i] ?? null, pad, oneLine);
      }
      this.out += ']';
      return;
    }
    const itemsOnOneLine = key !== undefined && this.oneLineItemsOf.has(key);
    const inner = pad + ' '.repeat(this.indent);
    this.out += '[\n';
    for (let i = 0; i < data.length; i++) {
      this.out += inner;
      this.write(data[i] ?? null, inner, itemsOnOneLine);
      this.out += i < data.length - 1 ? ',\n' : '\n';
    }
    this.out += pad + ']';
  }

  object(data: JsonObject, pad: string, oneLine: boolean): void {
    const keys = Object.keys(data).filter((k) => data[k] !== undefined);
    if (keys.length === 0) {
      this.out += '{}';
      return;
    }
    const compact = this.indent === 0;
    if (compact || oneLine) {
      this.out += compact ? '{' : '{ ';
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] ?? '';
        if (i > 0) this.out += compact ? ',' : ', ';
        this.out += JSON.stringify(k) + (compact ? ':' : ': ');
        this.write(data[k] ?? null, pad, oneLine, k);
      }
      this.out += compact ? '}' : ' }';
      return;
    }
    const inner = pad + ' '.repeat(this.indent);
    this.out += '{\n';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] ?? '';
      this.out += inner + JSON.stringify(k) + ': ';
      this.write(data[k] ?? null, inner, false, k);
      this.out += i < keys.length - 1 ? ',\n' : '\n';
    }
    this.out += pad + '}';
  }
}

function isFlat(data: JsonData[], padWidth: number): boolean {
  let width = padWidth;
  for (const v of data) {
    if (v !== null && typeof v === 'object') return false;
    width += (typeof v === 'string' ? v.length + 2 : 20) + 2;
    if (width > 100) return false;
  }
  return true;
}
