/** Deterministic identifiers: the engine never uses Math.random or the clock. */
import { flat } from '../io/flat-text.ts';

function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

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
  const d = hex8(mix(c ^ n));
  const h = hex8(a) + hex8(b) + hex8(c) + d;
  // One string (io/flat-text.ts): a template of slices is kept as a tree of ~10 strings, and every
  // connector-space and metaverse object keeps its id.
  return flat`${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
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

/** Upper-case hex of the UTF-8 bytes of a string (the Entra connector's DN format). */
export function utf8Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let s = '';
  for (const b of bytes) s += b.toString(16).toUpperCase().padStart(2, '0');
  return s;
}
