/**
 * A small seeded pseudo-random generator (mulberry32) whose whole state is one number, so that a
 * tenant can be cloned for rewind and both copies go on producing the same object ids.
 */
export class SeededRandom {
  private state: number;

  /**
   * @example
   * new SeededRandom('contoso').guid() === new SeededRandom('contoso').guid() // true
   */
  constructor(seed: number | string = 1) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + STEP) >>> 0;
    return output(this.state);
  }

  /** An integer in [0, max). */
  nextInt(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** A version-4 GUID string, as Entra ID object ids look. */
  guid(): string {
    // Character codes decoded at once: one sequential string (pieces joined by `+` are kept as a
    // tree of strings, see io/flat-text.ts). 32 digits are drawn; the 13th is the version, 4, and
    // the 17th is replaced by a 33rd draw (the variant).
    const codes = GUID_CODES;
    for (let i = 0, at = 0; i < 32; i++, at++) {
      if (at === 8 || at === 13 || at === 18 || at === 23) at++;
      codes[at] = HEX_DIGITS[this.nextInt(16)] as number;
    }
    codes[14] = HEX_DIGITS[4] as number;
    codes[19] = HEX_DIGITS[this.nextInt(4) + 8] as number;
    return String.fromCharCode.apply(null, codes as unknown as number[]);
  }

  clone(): SeededRandom {
    const copy = new SeededRandom(0);
    copy.state = this.state;
    return copy;
  }
}

const STEP = 0x6d2b79f5;

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** The character codes of the GUID being written, its dashes in place (one buffer, reused). */
const GUID_CODES = Array.from('00000000-0000-0000-0000-000000000000', (c) => c.charCodeAt(0));

function output(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * The `n`-th number (from 1) of `new SeededRandom(seed)`, without the generator: the state after n
 * draws is seed + n steps, so a caller that journals only `n` can rewind the sequence.
 *
 * @example
 * nthRandom(7, 2) === (() => { const r = new SeededRandom(7); r.next(); return r.next(); })() // true
 */
export function nthRandom(seed: number, n: number): number {
  return output(((seed >>> 0) + Math.imul(n, STEP)) >>> 0);
}

/** FNV-1a, so that a readable seed such as a scenario name gives a stable numeric state. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
