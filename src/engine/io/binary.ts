/**
 * Binary value codecs: GUID and SID strings as AD stores them, base64 and hex.
 *
 * Pure TypeScript (no `Buffer`), so the same code runs in the worker, in Node and in tests.
 */

const GUID_RE =
  /^\{?([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})\}?$/;

// Data1 (4 bytes), Data2 (2) and Data3 (2) are little-endian in the binary form; the order is its own inverse.
const GUID_BYTE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

/** True when `text` is a GUID string in registry form, with or without braces. */
export function isGuidString(text: string): boolean {
  const m = GUID_RE.exec(text);
  // Braces must be balanced: `{...` without `}` is not a GUID.
  return m !== null && text.startsWith('{') === text.endsWith('}');
}

/**
 * Parses a GUID string into the 16 bytes AD stores, in the byte order of .NET's `Guid.ToByteArray()`:
 * the first three groups little-endian, the last two as written. Returns `null` when not a GUID.
 *
 * @example
 * bytesToBase64(guidToBytes('5b973110-6382-4a80-bbf8-6bb21c1bb741')!) // 'EDGXW4JjgEq7+GuyHBu3QQ=='
 */
export function guidToBytes(text: string): Uint8Array | null {
  if (!isGuidString(text)) return null;
  const hex = text.replace(/[{}-]/g, '');
  const raw = hexToBytes(hex);
  if (raw === null) return null;
  return Uint8Array.from(GUID_BYTE_ORDER, (i) => raw[i] ?? 0);
}

/**
 * Formats 16 bytes (in `Guid.ToByteArray()` order) as a lower-case GUID string; `null` if not 16 bytes.
 *
 * @example
 * bytesToGuid(base64ToBytes('EDGXW4JjgEq7+GuyHBu3QQ==')!) // '5b973110-6382-4a80-bbf8-6bb21c1bb741'
 */
export function bytesToGuid(bytes: Uint8Array): string | null {
  if (bytes.length !== 16) return null;
  const h = bytesToHex(Uint8Array.from(GUID_BYTE_ORDER, (i) => bytes[i] ?? 0));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const SID_RE = /^S-1-(\d+)((?:-\d+){0,15})$/i;
const MAX_AUTHORITY = 2 ** 48 - 1;

/** True when `text` is a SID string that {@link sidToBytes} accepts. */
export function isSidString(text: string): boolean {
  return sidToBytes(text) !== null;
}

/**
 * Parses a SID string (`S-1-5-21-…`) into its binary form: revision, sub-authority count, a 48-bit
 * big-endian identifier authority, then each sub-authority as a 32-bit little-endian integer.
 * Returns `null` when not a valid SID (revision other than 1, more than 15 sub-authorities, or a
 * number out of range).
 *
 * @example
 * bytesToHex(sidToBytes('S-1-5-32-544')!) // '01020000000000052000000020020000'
 */
export function sidToBytes(text: string): Uint8Array | null {
  const m = SID_RE.exec(text);
  if (m === null) return null;
  const authority = Number(m[1]);
  if (!Number.isSafeInteger(authority) || authority > MAX_AUTHORITY) return null;
  const subs = (m[2] ?? '').split('-').slice(1).map(Number);
  if (subs.some((s) => !Number.isSafeInteger(s) || s > 0xffffffff)) return null;
  const out = new Uint8Array(8 + 4 * subs.length);
  out[0] = 1;
  out[1] = subs.length;
  // 48-bit big-endian authority: split because bit operators are 32-bit.
  const high = Math.floor(authority / 2 ** 32);
  const low = authority >>> 0;
  out[2] = (high >>> 8) & 0xff;
  out[3] = high & 0xff;
  out[4] = (low >>> 24) & 0xff;
  out[5] = (low >>> 16) & 0xff;
  out[6] = (low >>> 8) & 0xff;
  out[7] = low & 0xff;
  const view = new DataView(out.buffer);
  subs.forEach((s, i) => view.setUint32(8 + 4 * i, s, true));
  return out;
}

/**
 * Formats a binary SID as `S-1-…`; `null` when the bytes are not a well-formed SID.
 *
 * @example
 * bytesToSid(sidToBytes('S-1-5-21-1-2-3-1104')!) // 'S-1-5-21-1-2-3-1104'
 */
export function bytesToSid(bytes: Uint8Array): string | null {
  if (bytes.length < 8) return null;
  const revision = bytes[0];
  const count = bytes[1] ?? 0;
  if (revision !== 1 || count > 15 || bytes.length !== 8 + 4 * count) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const authority = view.getUint16(2, false) * 2 ** 32 + view.getUint32(4, false);
  const parts = [`S-1-${authority}`];
  for (let i = 0; i < count; i++) parts.push(String(view.getUint32(8 + 4 * i, true)));
  return parts.join('-');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

/**
 * Encodes bytes as standard base64 (RFC 4648, with padding).
 *
 * @example
 * bytesToBase64(new Uint8Array([1, 2, 3])) // 'AQID'
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out +=
      B64.charAt(v >>> 18) +
      B64.charAt((v >>> 12) & 63) +
      B64.charAt((v >>> 6) & 63) +
      B64.charAt(v & 63);
  }
  if (i < n) {
    const a = bytes[i] ?? 0;
    const b = i + 1 < n ? (bytes[i + 1] ?? 0) : 0;
    const v = (a << 16) | (b << 8);
    out += B64.charAt(v >>> 18) + B64.charAt((v >>> 12) & 63);
    out += i + 1 < n ? B64.charAt((v >>> 6) & 63) + '=' : '==';
  }
  return out;
}

/**
 * Decodes standard base64. Whitespace is ignored; padding is optional. Returns `null` on any other
 * character or an impossible length, so callers can report the value rather than catch.
 *
 * @example
 * base64ToBytes('AQID') // Uint8Array [1, 2, 3]
 */
export function base64ToBytes(text: string): Uint8Array | null {
  const clean = text.replace(/[\s]/g, '');
  let end = clean.length;
  if (end > 0 && clean[end - 1] === '=') end--;
  if (end > 0 && clean[end - 1] === '=') end--;
  // Padding, when present, must complete a 4-character group.
  if (end !== clean.length && clean.length % 4 !== 0) return null;
  if (end % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? (B64_INDEX[c] ?? -1) : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Lower-case hex of the bytes.
 *
 * @example
 * bytesToHex(new Uint8Array([0, 255])) // '00ff'
 */
export function bytesToHex(bytes: Uint8Array): string {
  return hexText(bytes, HEX_LOWER);
}

/**
 * Upper-case hex of the bytes.
 *
 * @example
 * bytesToUpperHex(new Uint8Array([0, 255])) // '00FF'
 */
export function bytesToUpperHex(bytes: Uint8Array): string {
  return hexText(bytes, HEX_UPPER);
}

const UTF8 = new TextEncoder();

/**
 * The UTF-8 bytes of a text. ASCII text (anchors, most names) is its own UTF-8 and is copied byte
 * for byte, without a call into the encoder.
 *
 * @example
 * bytesToUpperHex(utf8Bytes('ö')) // 'C3B6'
 */
export function utf8Bytes(text: string): Uint8Array {
  if (text.length < 256) {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) return UTF8.encode(text);
      out[i] = c;
    }
    return out;
  }
  return UTF8.encode(text);
}

const HEX_LOWER = UTF8.encode('0123456789abcdef');
const HEX_UPPER = UTF8.encode('0123456789ABCDEF');
const ASCII = new TextDecoder();

/**
 * The hex digits written as character codes and decoded at once: one sequential string. Adding
 * two digits at a time made a tree of ~20 string pieces per GUID (see flat-text.ts), and anchors
 * are kept per object.
 */
function hexText(bytes: Uint8Array, digits: Uint8Array): string {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out[2 * i] = digits[b >> 4] as number;
    out[2 * i + 1] = digits[b & 15] as number;
  }
  return ASCII.decode(out);
}

/**
 * Parses hex (either case, even length, no separators); `null` otherwise.
 *
 * @example
 * hexToBytes('00ff') // Uint8Array [0, 255]
 */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** True when both byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
