/** Deterministic identifiers: the engine never uses Math.random or the clock. */

function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const HEX_DIGITS = '0123456789abcdef';
const HEX_CODES = Array.from(HEX_DIGITS, (c) => c.charCodeAt(0));
/** Positions of the 32 hex digits in the 36 characters of a GUID. */
const DIGIT_AT = Array.from(
  { length: 32 },
  (_, i) => i + (i >= 8 ? 1 : 0) + (i >= 12 ? 1 : 0) + (i >= 16 ? 1 : 0) + (i >= 20 ? 1 : 0),
);
const guidCodes = new Uint16Array(36).fill('-'.charCodeAt(0));

/**
 * A GUID-shaped string derived from a namespace number and a sequence number.
 *
 * @example
 * sequentialGuid(1, 42) === sequentialGuid(1, 42) // true
 */
export function sequentialGuid(namespace: number, n: number): string {
  const a = mix(namespace * 0x9e3779b1 + n);
  const b = mix(a ^ (n + 0x632be5ab));
  const c = mix(b ^ namespace);
  const d = mix(c ^ n);
  const words = [a, b, c, d];
  // The digits written as character codes and made a string at once: one sequential string (a
  // template of slices is kept as a tree of ~10 strings, and every object keeps its id).
  for (let i = 0; i < 32; i++) {
    const w = words[i >> 3] as number;
    const digit = (w >>> (28 - 4 * (i & 7))) & 15;
    guidCodes[DIGIT_AT[i] as number] = HEX_CODES[digit] as number;
  }
  guidCodes[14] = HEX_CODES[4] as number; // version 4
  guidCodes[19] = HEX_CODES[10] as number; // variant 'a'
  return String.fromCharCode.apply(null, guidCodes as unknown as number[]);
}

/** A GUID derived from text (connector ids: `%Connector.ID%`). */
export function nameGuid(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return sequentialGuid(h >>> 0, text.length);
}

/** 16 bytes in `Guid.ToByteArray()` layout, for new AD objects created by export. */
export function guidBytes(namespace: number, n: number): Uint8Array {
  const g = sequentialGuid(namespace, n).replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(g.slice(i * 2, i * 2 + 2), 16);
  return out;
}
