/**
 * LDIF (RFC 2849) import into a forest: content records and `changetype: add` records, as
 * `ldifde -f` writes them, with base64 (`::`) values, folded lines and comments. The result is
 * every object, or every error with its line and column, never part of the file.
 */
import { base64ToBytes } from './binary.ts';
import {
  DnRegistry,
  MAX_IMPORT_ERRORS,
  decodeRawValues,
  prepareImportText,
  isIdentityAttribute,
  structuralClass,
  type ImportError,
  type ImportOptions,
  type ImportResult,
  type RawValue,
} from './text-values.ts';
import type { ForestObject } from './scenario.ts';
import type { AttributeBag } from '../expr/values.ts';
import { AD_OBJECT_CLASSES } from './attribute-syntax.ts';

/** One unfolded line, with where it starts in the file. */
interface LogicalLine {
  text: string;
  line: number;
}

/** Joins folded lines (a line starting with one space continues the previous) and drops comments. */
function unfold(text: string): (LogicalLine | null)[] {
  const physical = text.split(/\r?\n/);
  const out: (LogicalLine | null)[] = [];
  let inComment = false;
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i] ?? '';
    if (raw.startsWith(' ')) {
      if (inComment) continue;
      const last = out[out.length - 1];
      // A fold after a blank line has nothing to continue; keep it so the reader can report it.
      if (last) last.text += raw.slice(1);
      else out.push({ text: raw, line: i + 1 });
      continue;
    }
    inComment = raw.startsWith('#');
    if (inComment) continue;
    out.push(raw === '' ? null : { text: raw, line: i + 1 });
  }
  return out;
}

const ATTR_RE = /^([A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)((?:;[A-Za-z0-9-]+)*)$/;

type AttrLine =
  | { ok: true; name: string; value: RawValue; valueColumn: number }
  | { ok: false; message: string; column: number };

function readAttrLine(text: string): AttrLine {
  const colon = text.indexOf(':');
  if (colon < 0) return { ok: false, message: 'expected "attribute: value"', column: 1 };
  const desc = text.slice(0, colon);
  const m = ATTR_RE.exec(desc);
  if (m === null) return { ok: false, message: `"${desc}" is not an attribute name`, column: 1 };
  const options = (m[2] ?? '').split(';').filter((o) => o !== '');
  // ;binary only says how the value is transferred; other options (language tags, ranges) change meaning.
  const unsupported = options.filter((o) => o.toLowerCase() !== 'binary');
  if (unsupported.length > 0) {
    return {
      ok: false,
      message: `attribute option ";${unsupported[0]}" is not supported`,
      column: 1,
    };
  }
  const name = m[1] ?? desc;
  const kind = text.charAt(colon + 1);
  if (kind === '<')
    return {
      ok: false,
      message: 'values read from a URL (":<") are not supported',
      column: colon + 1,
    };
  let start = colon + (kind === ':' ? 2 : 1);
  while (text.charAt(start) === ' ') start++;
  const rest = text.slice(start);
  if (kind === ':') {
    const bytes = base64ToBytes(rest);
    if (bytes === null)
      return {
        ok: false,
        message: `the base64 value of ${name} is not valid base64`,
        column: start + 1,
      };
    return { ok: true, name, value: bytes, valueColumn: start + 1 };
  }
  return { ok: true, name, value: rest, valueColumn: start + 1 };
}

interface PendingAttribute {
  name: string;
  values: RawValue[];
  positions: { line: number; column: number }[];
}

/**
 * Reads LDIF into forest objects.
 *
 * @example
 * parseLdif('dn: CN=Ann,DC=contoso,DC=com\nchangetype: add\nobjectClass: user\nsAMAccountName: ann\n')
 * // { ok: true, objects: [{ dn: 'CN=Ann,DC=contoso,DC=com', objectClass: 'user', attributes: { sAMAccountName: 'ann' } }] }
 */
export function parseLdif(text: string, options: ImportOptions = {}): ImportResult {
  const prepared = prepareImportText(text);
  if (!prepared.ok) return { ok: false, errors: [prepared.error] };
  const body = prepared.body;
  const lines = unfold(body);
  const errors: ImportError[] = [];
  const objects: ForestObject[] = [];
  const registry = new DnRegistry(options);
  let i = 0;
  // An optional version line stands alone before the first record or as its first line.
  while (i < lines.length && lines[i] === null) i++;
  const first = lines[i];
  if (first && /^version:/i.test(first.text)) {
    if (first.text.replace(/^version:\s*/i, '') !== '1') {
      errors.push({ line: first.line, column: 1, message: 'only LDIF version 1 is supported' });
    }
    i++;
  }
  while (i < lines.length && errors.length < MAX_IMPORT_ERRORS) {
    if (lines[i] === null) {
      i++;
      continue;
    }
    const record: LogicalLine[] = [];
    for (; i < lines.length; i++) {
      const l = lines[i];
      if (l === null || l === undefined) break;
      record.push(l);
    }
    const obj = readRecord(record, registry, errors);
    if (obj !== null) objects.push(obj);
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_IMPORT_ERRORS) };
  if (objects.length === 0)
    return {
      ok: false,
      errors: [{ line: 1, column: 1, message: 'the file holds no LDIF records' }],
    };
  return { ok: true, objects };
}

function readRecord(
  record: LogicalLine[],
  registry: DnRegistry,
  errors: ImportError[],
): ForestObject | null {
  const head = record[0];
  if (head === undefined) return null;
  const dnLine = readAttrLine(head.text);
  if (!dnLine.ok || dnLine.name.toLowerCase() !== 'dn') {
    errors.push({
      line: head.line,
      column: 1,
      message: head.text.startsWith(' ')
        ? 'a folded line (starting with a space) with no line before it'
        : 'a record must start with "dn:"',
    });
    return null;
  }
  let dn: string;
  if (dnLine.value instanceof Uint8Array) {
    try {
      dn = new TextDecoder('utf-8', { fatal: true }).decode(dnLine.value);
    } catch {
      errors.push({
        line: head.line,
        column: dnLine.valueColumn,
        message: 'the base64 DN is not UTF-8 text',
      });
      return null;
    }
  } else dn = dnLine.value;
  const before = errors.length;
  const dnProblem = registry.check(dn, head.line);
  if (dnProblem !== null)
    errors.push({ line: head.line, column: dnLine.valueColumn, message: dnProblem });

  const attrs = new Map<string, PendingAttribute>();
  let classes: { values: string[]; line: number } | null = null;
  for (let k = 1; k < record.length; k++) {
    const l = record[k];
    if (l === undefined) continue;
    const a = readAttrLine(l.text);
    if (!a.ok) {
      errors.push({ line: l.line, column: a.column, message: a.message });
      continue;
    }
    const lower = a.name.toLowerCase();
    if (lower === 'changetype') {
      const v = typeof a.value === 'string' ? a.value.trim() : '';
      if (k !== 1)
        errors.push({
          line: l.line,
          column: 1,
          message: '"changetype" must come right after "dn"',
        });
      else if (v.toLowerCase() !== 'add') {
        errors.push({
          line: l.line,
          column: a.valueColumn,
          message: `changetype "${v}" cannot be imported: a forest import adds objects (changetype: add or content records)`,
        });
        // The rest of a modify or delete record is not attributes; reading on would only add noise.
        return null;
      }
      continue;
    }
    if (lower === 'control') {
      errors.push({ line: l.line, column: 1, message: 'LDAP controls are not supported' });
      continue;
    }
    if (lower === 'objectclass') {
      classes ??= { values: [], line: l.line };
      classes.values.push(
        typeof a.value === 'string' ? a.value.trim() : new TextDecoder().decode(a.value),
      );
      continue;
    }
    if (isIdentityAttribute(lower)) continue; // distinguishedName repeats the DN
    let p = attrs.get(lower);
    if (p === undefined) {
      p = { name: a.name, values: [], positions: [] };
      attrs.set(lower, p);
    }
    // Empty values carry nothing: AD stores no empty strings.
    if (a.value.length === 0) continue;
    p.values.push(a.value);
    p.positions.push({ line: l.line, column: a.valueColumn });
  }
  let objectClass: string | undefined;
  if (classes === null)
    errors.push({ line: head.line, column: 1, message: `"${dn}" has no objectClass` });
  else {
    objectClass = structuralClass(classes.values);
    if (objectClass === undefined) {
      errors.push({
        line: classes.line,
        column: 1,
        message: `unknown object class ${classes.values.map((v) => `"${v}"`).join(', ')}; expected one of ${AD_OBJECT_CLASSES.join(', ')}`,
      });
    }
  }
  const attributes: AttributeBag = {};
  for (const p of attrs.values()) {
    if (p.values.length === 0) continue;
    const r = decodeRawValues(p.name, p.values);
    if (!r.ok) {
      const at = p.positions[Math.max(0, r.index)] ??
        p.positions[0] ?? { line: head.line, column: 1 };
      errors.push({ line: at.line, column: r.index < 0 ? 1 : at.column, message: r.message });
      continue;
    }
    attributes[r.name] = r.value;
  }
  if (errors.length > before || objectClass === undefined) return null;
  return { dn, objectClass, attributes };
}
