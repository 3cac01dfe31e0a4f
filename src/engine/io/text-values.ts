/**
 * Shared by the LDIF and CSV readers: turning a file's bytes into text, and an attribute's raw
 * values (text, or bytes from base64) into the value model, with AD attribute syntax applied.
 */
import type { Scalar, Value } from '../expr/values.ts';
import { AD_ATTRIBUTES, AD_OBJECT_CLASSES, lookupAttribute } from './attribute-syntax.ts';
import { dnDomain, dnKey, parseDn } from './dn.ts';
import { decodeJsonValue } from './json-values.ts';
import type { ForestObject, ForestSpec } from './scenario.ts';

/** Where a problem is in an imported file; both 1-based. */
export interface ImportError {
  line: number;
  column: number;
  message: string;
}

export type ImportResult =
  { ok: true; objects: ForestObject[] } | { ok: false; errors: ImportError[] };

export interface ImportOptions {
  /**
   * The forest the objects go into: DNs must lie in its domains and must not exist in it yet.
   * Without it, only the file itself is checked.
   */
  forest?: ForestSpec;
}

/** Larger files are refused with a message rather than exhausting the page's memory. */
export const MAX_IMPORT_CHARS = 200_000_000;
export const MAX_IMPORT_ERRORS = 100;

export type TextDecodeResult = { ok: true; text: string } | { ok: false; message: string };

/**
 * Decodes an uploaded file: UTF-8 (with or without BOM), UTF-16 with BOM (what `ldifde -u` and
 * `csvde -u` write), otherwise Windows-1252 (what Windows PowerShell 5.1's Export-Csv and older
 * tools write). A file with NUL bytes or other control characters is not text.
 *
 * @example
 * decodeTextFile(new TextEncoder().encode('dn: CN=a')) // { ok: true, text: 'dn: CN=a' }
 */
export function decodeTextFile(bytes: Uint8Array): TextDecodeResult {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff)
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    const body =
      bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      text = new TextDecoder('windows-1252').decode(body);
    }
  }
  const bad = findControl(text);
  if (bad >= 0) return { ok: false, message: 'the file is not text (it holds binary data)' };
  return { ok: true, text };
}

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/;

/** Offset of the first character a text file never holds, or -1. */
export function findControl(text: string): number {
  return text.search(CONTROL_RE);
}

/**
 * The checks every import starts with: size, and text rather than binary data. Returns the text
 * without a byte-order mark, or the one error that stops the import.
 */
export function prepareImportText(
  text: string,
): { ok: true; body: string } | { ok: false; error: ImportError } {
  if (text.length > MAX_IMPORT_CHARS) {
    const message = `the file is too large (limit ${MAX_IMPORT_CHARS / 1e6} million characters)`;
    return { ok: false, error: { line: 1, column: 1, message } };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bad = findControl(body);
  if (bad < 0) return { ok: true, body };
  const before = body.slice(0, bad);
  return {
    ok: false,
    error: {
      line: before.split('\n').length,
      column: bad - before.lastIndexOf('\n'),
      message: 'the file is not text (it holds binary data)',
    },
  };
}

/** Attributes an export carries that are the object's identity, not attributes to import. */
const IDENTITY_ATTRIBUTES = new Set(['dn', 'distinguishedname', 'objectclass']);

/** True for attribute names the readers consume themselves (DN, objectClass). */
export function isIdentityAttribute(name: string): boolean {
  return IDENTITY_ATTRIBUTES.has(name.toLowerCase());
}

const AD_NAME_RE = /^[A-Za-z][A-Za-z0-9-]*$/;

export type RawValue = string | Uint8Array;

/**
 * Decodes one attribute's raw values by the attribute's AD syntax: bytes stay bytes for binary
 * attributes and are read as UTF-8 otherwise; text is read as a GUID, SID, integer, DN and so on.
 * Returns the canonical attribute name and the value, or the index of the value at fault.
 *
 * @example
 * decodeRawValues('userAccountControl', ['512']) // { ok: true, name: 'userAccountControl', value: 512 }
 */
export function decodeRawValues(
  name: string,
  raw: readonly RawValue[],
): { ok: true; name: string; value: Value } | { ok: false; message: string; index: number } {
  if (!AD_NAME_RE.test(name))
    return { ok: false, message: `"${name}" is not an attribute name`, index: -1 };
  const known = lookupAttribute(AD_ATTRIBUTES, name);
  const canonical = known?.name ?? name;
  if (known && !known.syntax.multiValued && raw.length > 1) {
    return {
      ok: false,
      message: `${canonical} is single-valued but has ${raw.length} values`,
      index: 1,
    };
  }
  const binaryKind =
    known?.syntax.kind === 'binary' ||
    known?.syntax.kind === 'guid' ||
    known?.syntax.kind === 'sid';
  const out: Scalar[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    if (r === undefined) continue;
    if (r instanceof Uint8Array) {
      if (binaryKind) {
        out.push(r);
        continue;
      }
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(r);
      } catch {
        if (known)
          return {
            ok: false,
            message: `${canonical} holds text, but this value is not UTF-8`,
            index: i,
          };
        out.push(r); // an attribute we do not know: bytes that are not text are binary
        continue;
      }
      if (!known && findControl(text) >= 0) {
        out.push(r);
        continue;
      }
      const d = decodeJsonValue(
        text,
        known ? { syntax: { ...known.syntax, multiValued: false } } : {},
      );
      if (!d.ok) return { ok: false, message: `${canonical}: ${d.message}`, index: i };
      out.push(d.value as Scalar);
      continue;
    }
    const d = decodeJsonValue(r, known ? { syntax: { ...known.syntax, multiValued: false } } : {});
    if (!d.ok) return { ok: false, message: `${canonical}: ${d.message}`, index: i };
    out.push(d.value as Scalar);
  }
  const multi = known ? known.syntax.multiValued : out.length > 1;
  const first = out[0];
  const value: Value = multi || first === undefined ? out : first;
  return { ok: true, name: canonical, value };
}

/**
 * The structural class among an entry's objectClass values: the last one SyncLab knows, since AD
 * lists the class chain from `top` down (top, person, organizationalPerson, user, computer).
 *
 * @example
 * structuralClass(['top', 'person', 'organizationalPerson', 'user']) // 'user'
 */
export function structuralClass(values: readonly string[]): string | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    const known = AD_OBJECT_CLASSES.find((c) => c.toLowerCase() === v?.toLowerCase());
    if (known !== undefined) return known;
  }
  return undefined;
}

/** Checks an object's DN against the file so far and the target forest; `null` when fine. */
export class DnRegistry {
  private readonly seen = new Map<string, number>();
  private readonly existing: Set<string>;
  private readonly domains: string[] | null;

  constructor(readonly options: ImportOptions) {
    const f = options.forest;
    this.existing = new Set(f ? f.objects.map((o) => dnKey(o.dn) ?? o.dn) : []);
    this.domains = f
      ? [f.name, ...(f.domains ?? []).map((d) => d.name)].map((d) => d.toLowerCase())
      : null;
  }

  /** `line` is where the DN is, to name the first occurrence of a duplicate. */
  check(dn: string, line: number): string | null {
    const parsed = parseDn(dn);
    if (!parsed.ok) return `not a DN: ${parsed.message}`;
    if (this.domains !== null) {
      const domain = dnDomain(parsed.rdns);
      if (!this.domains.includes(domain)) {
        return `"${dn}" is not in a domain of forest ${this.options.forest?.name} (${this.domains.join(', ')})`;
      }
    }
    const key = dnKey(dn) ?? dn;
    const first = this.seen.get(key);
    if (first !== undefined) return `duplicate DN "${dn}" (first on line ${first})`;
    if (this.existing.has(key))
      return `"${dn}" already exists in forest ${this.options.forest?.name}`;
    this.seen.set(key, line);
    return null;
  }
}
