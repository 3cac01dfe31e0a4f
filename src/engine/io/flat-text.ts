/**
 * Strings in one piece, for the strings the engine keeps per object (ids, anchors, DNs, addresses).
 *
 * V8 keeps the result of `a + b` or of a template literal longer than 12 characters as a tree of
 * its parts (a "cons string", 32 bytes a node) until something reads it character by character.
 * A GUID built from five slices is then ten heap objects, ~400 bytes instead of ~56 for the same
 * 36 characters, and 100,000 objects keep several such strings each. `Array.prototype.join` of two
 * or more non-empty parts always writes one sequential string: these helpers build on it. The
 * values are the same strings; only their layout in memory differs.
 */

/**
 * A template literal tag that returns the same text as the untagged literal, as one sequential
 * string.
 *
 * @example
 * flat`CN=${cn},${ouDn}` === `CN=${cn},${ouDn}` // true
 */
export function flat(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  const parts: string[] = [strings[0] ?? ''];
  // String(), as the untagged literal converts (join would turn null and undefined into '').
  for (let i = 0; i < values.length; i++) parts.push(String(values[i]), strings[i + 1] ?? '');
  return parts.join('');
}

/**
 * The same text as one sequential string (a copy when `text` is made of parts).
 *
 * @example
 * flatten(`${a}-${b}`) === `${a}-${b}` // true
 */
export function flatten(text: string): string {
  // Two non-empty parts: join copies them into a new string (one part would be returned as is).
  return text.length < 2 ? text : [text.charAt(0), text.slice(1)].join('');
}
