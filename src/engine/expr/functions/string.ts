/**
 * String functions: Left, Right, Mid, Len, Trim, LTrim, RTrim, LCase, UCase, PCase, InStr,
 * InStrRev, Word, PadLeft, PadRight, Replace, ReplaceChars.
 */
import { asInt, asString, fail } from '../runtime.ts';
import type { FlowValue } from '../values.ts';
import { opt, perValue, sig, type FunctionDef } from './types.ts';

/** Longest result PadLeft/PadRight build (about 20 MB of UTF-16). */
const MAX_PAD = 10_000_000;

const COMPARE = ['vbTextCompare', 'vbBinaryCompare'] as const;

function str(v: FlowValue | undefined, fn: string): string | null {
  return v == null ? null : asString(v, fn);
}

function sliceBytes(b: Uint8Array, start: number, end: number): Uint8Array {
  return b.slice(Math.max(0, start), Math.max(0, end));
}

/** Left/Right edge rules: 0 → "", negative → the input, more than the length → the input. */
function leftRight(fromLeft: boolean) {
  const fn = fromLeft ? 'Left' : 'Right';
  return (args: FlowValue[]): FlowValue => {
    const v = args[0] ?? null;
    const n = asInt(args[1] ?? null, fn);
    if (v instanceof Uint8Array) {
      if (n < 0 || n >= v.length) return v;
      return fromLeft ? sliceBytes(v, 0, n) : sliceBytes(v, v.length - n, v.length);
    }
    const s = str(v, fn);
    if (s === null) return '';
    if (n === 0) return '';
    if (n < 0 || n >= s.length) return s;
    return fromLeft ? s.slice(0, n) : s.slice(s.length - n);
  };
}

function trimWith(trim: (s: string) => string, fn: string) {
  return ([v]: FlowValue[]): FlowValue => {
    const s = str(v, fn);
    return s === null ? null : trim(s);
  };
}

/** Finds `match` in `check` from a 0-based `from`, optionally ignoring case (vbTextCompare). */
function indexOf(
  check: string,
  match: string,
  from: number,
  text: boolean,
  reverse: boolean,
): number {
  const c = text ? check.toLowerCase() : check;
  const m = text ? match.toLowerCase() : match;
  return reverse ? c.lastIndexOf(m, from) : c.indexOf(m, from);
}

function compareMode(v: FlowValue | undefined, fn: string): boolean {
  if (v == null) return false;
  const s = asString(v, fn);
  if (s === 'vbTextCompare' || s === '1') return true;
  if (s === 'vbBinaryCompare' || s === '0') return false;
  return fail(`${fn}: unknown compare option '${s}'.`);
}

function pad(left: boolean) {
  const fn = left ? 'PadLeft' : 'PadRight';
  return ([v, len, ch]: FlowValue[]): FlowValue => {
    const s = str(v, fn);
    if (s === null) return '';
    const n = asInt(len ?? null, fn);
    const c = str(ch, fn);
    if (c === null || c === '') return fail(`${fn}: the pad character cannot be empty or NULL.`);
    if (s.length >= n) return s;
    if (n > MAX_PAD) return fail(`${fn}: a length of ${n} is too large.`);
    const fill = c.charAt(0).repeat(n - s.length);
    return left ? fill + s : s + fill;
  };
}

/** Replace's monikers: `\n`, `\r`, `\t` stand for new line, carriage return and tab. */
function monikers(s: string): string {
  return s.replace(/\\([nrt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\t'));
}

/**
 * Parses a ReplaceChars pattern `{source1}:{target1},{source2}:{target2},…`. `,` and `:` are both
 * reserved separators and the pattern alternates source, target: the reference writes its own
 * format as `…,{sourceN},{targetN}` and its example as `…,ä:a,ö,o`, and only this reading makes
 * that example work. White space is ignored; every source must be exactly one character.
 */
export function parseReplacePattern(pattern: string): Map<string, string> | string {
  const map = new Map<string, string>();
  const clean = pattern.replace(/\s+/g, '');
  if (clean === '') return map;
  const parts = clean.split(/[,:]/);
  if (parts.length % 2 !== 0) return `'${parts[parts.length - 1] ?? ''}' has no replacement.`;
  for (let i = 0; i < parts.length; i += 2) {
    const source = parts[i] ?? '';
    if ([...source].length !== 1) return `'${source}' must be exactly one character.`;
    map.set(source, parts[i + 1] ?? '');
  }
  return map;
}

export const stringFunctions: FunctionDef[] = [
  {
    name: 'Left',
    kind: 'strict',
    signatures: [sig('str', 'str', 'num'), sig('bin', 'bin', 'num')],
    lift: [0, 1],
    impl: leftRight(true),
  },
  {
    name: 'Right',
    kind: 'strict',
    signatures: [sig('str', 'str', 'num'), sig('bin', 'bin', 'num')],
    lift: [0, 1],
    impl: leftRight(false),
  },
  {
    name: 'Mid',
    kind: 'strict',
    signatures: [opt(2, 'str', 'str', 'num', 'num'), opt(2, 'bin', 'bin', 'num', 'num')],
    lift: [0, 1, 2],
    impl([v, startV, countV]) {
      const start = asInt(startV ?? null, 'Mid');
      const count = countV == null ? Number.MAX_SAFE_INTEGER : asInt(countV, 'Mid');
      if (v instanceof Uint8Array) {
        if (count === 0) return new Uint8Array(0);
        if (count < 0 || start <= 0 || start > v.length) return v;
        return sliceBytes(v, start - 1, Math.min(v.length, start - 1 + count));
      }
      const s = str(v, 'Mid');
      if (s === null) return '';
      if (count === 0) return '';
      if (count < 0 || start <= 0 || start > s.length) return s;
      return s.slice(start - 1, Math.min(s.length, start - 1 + count));
    },
  },
  perValue('Len', [sig('num', 'str'), sig('num', 'bin')], (v) => {
    if (v instanceof Uint8Array) return v.length;
    return asString(v, 'Len').length;
  }),
  {
    name: 'Trim',
    kind: 'strict',
    signatures: [sig('str', 'str')],
    lift: [0],
    impl: trimWith((s) => s.trim(), 'Trim'),
  },
  {
    name: 'LTrim',
    kind: 'strict',
    signatures: [sig('str', 'str')],
    lift: [0],
    impl: trimWith((s) => s.trimStart(), 'LTrim'),
  },
  {
    name: 'RTrim',
    kind: 'strict',
    signatures: [sig('str', 'str')],
    lift: [0],
    impl: trimWith((s) => s.trimEnd(), 'RTrim'),
  },
  {
    name: 'LCase',
    kind: 'strict',
    signatures: [sig('str', 'str')],
    lift: [0],
    impl: ([v]) => str(v, 'LCase')?.toLowerCase() ?? null,
  },
  {
    name: 'UCase',
    kind: 'strict',
    signatures: [sig('str', 'str')],
    lift: [0],
    impl: ([v]) => str(v, 'UCase')?.toUpperCase() ?? null,
  },
  {
    name: 'PCase',
    kind: 'strict',
    signatures: [sig('str', 'str')],
    lift: [0],
    impl([v]) {
      const s = str(v, 'PCase');
      if (s === null) return null;
      return s
        .toLowerCase()
        .replace(/(^|\s)(\S)/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
    },
  },
  {
    name: 'InStr',
    kind: 'strict',
    signatures: [opt(2, 'num', 'str', 'str', 'num', 'enum')],
    enums: { 3: COMPARE },
    lift: [0, 1, 2],
    impl([checkV, matchV, startV, cmp]) {
      const check = str(checkV, 'InStr');
      const match = str(matchV, 'InStr');
      if (check === null || match === null) return null;
      const start = startV == null ? 1 : asInt(startV, 'InStr');
      if (start < 1) return fail('InStr: the start position must be 1 or more.');
      if (start > check.length) return 0;
      if (match === '') return start;
      return indexOf(check, match, start - 1, compareMode(cmp, 'InStr'), false) + 1;
    },
  },
  {
    name: 'InStrRev',
    kind: 'strict',
    signatures: [opt(2, 'num', 'str', 'str', 'num', 'enum')],
    enums: { 3: COMPARE },
    lift: [0, 1, 2],
    impl([checkV, matchV, startV, cmp]) {
      const check = str(checkV, 'InStrRev');
      const match = str(matchV, 'InStrRev');
      if (check === null || match === null) return null;
      // start = -1 (the default) searches from the last character.
      const start = startV == null ? -1 : asInt(startV, 'InStrRev');
      if (start === 0 || start < -1)
        return fail('InStrRev: the start position must be -1 or 1 or more.');
      const last = start === -1 ? check.length : Math.min(start, check.length);
      if (match === '') return last;
      // The match must end at or before position `last`.
      const from = last - match.length;
      if (from < 0) return 0;
      return indexOf(check, match, from, compareMode(cmp, 'InStrRev'), true) + 1;
    },
  },
  {
    name: 'Word',
    kind: 'strict',
    signatures: [sig('str', 'str', 'num', 'str')],
    lift: [0, 1, 2],
    impl([v, nV, delimV]) {
      const s = str(v, 'Word');
      if (s === null) return '';
      const n = asInt(nV ?? null, 'Word');
      if (n < 1) return '';
      const delims = str(delimV, 'Word') ?? '';
      // A word is a run of characters none of which is a delimiter; runs of delimiters separate.
      let count = 0;
      let i = 0;
      while (i < s.length) {
        while (i < s.length && delims.includes(s.charAt(i))) i++;
        if (i >= s.length) break;
        const begin = i;
        while (i < s.length && !delims.includes(s.charAt(i))) i++;
        if (++count === n) return s.slice(begin, i);
      }
      return '';
    },
  },
  {
    name: 'PadLeft',
    kind: 'strict',
    signatures: [sig('str', 'str', 'num', 'str')],
    lift: [0, 1, 2],
    impl: pad(true),
  },
  {
    name: 'PadRight',
    kind: 'strict',
    signatures: [sig('str', 'str', 'num', 'str')],
    lift: [0, 1, 2],
    impl: pad(false),
  },
  {
    name: 'Replace',
    kind: 'strict',
    signatures: [sig('str', 'str', 'str', 'str')],
    lift: [0, 1, 2],
    impl([v, oldV, newV]) {
      const s = str(v, 'Replace');
      if (s === null) return null;
      const oldValue = monikers(str(oldV, 'Replace') ?? '');
      const newValue = monikers(str(newV, 'Replace') ?? '');
      if (oldValue === '') return s;
      return s.split(oldValue).join(newValue);
    },
  },
  {
    name: 'ReplaceChars',
    kind: 'strict',
    signatures: [sig('str', 'str', 'str')],
    lift: [0, 1],
    impl([v, patternV]) {
      const s = str(v, 'ReplaceChars');
      if (s === null) return null;
      const map = parseReplacePattern(str(patternV, 'ReplaceChars') ?? '');
      if (typeof map === 'string') return fail(`ReplaceChars: invalid pattern: ${map}`);
      let out = '';
      for (const ch of s) out += map.get(ch) ?? ch;
      return out;
    },
  },
];
