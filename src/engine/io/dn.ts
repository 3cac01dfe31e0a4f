/**
 * Distinguished names (RFC 4514 string form, as AD writes them): parsing, comparison and the
 * domain a DN lives in.
 */

export interface Rdn {
  /** Attribute type as written, e.g. `CN`, `OU`, `DC`. */
  type: string;
  /** Unescaped value. */
  value: string;
}

export type DnParseResult = { ok: true; rdns: Rdn[][] } | { ok: false; message: string };

const TYPE_RE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)$/;

/**
 * Parses a DN into RDNs (each a list of attribute-value pairs, usually one), most specific first.
 * Handles `\,` and `\2C` escapes and multi-valued RDNs joined with `+`.
 *
 * @example
 * parseDn('CN=Smith\\, Ann,OU=Users,DC=contoso,DC=com')
 * // { ok: true, rdns: [[{ type: 'CN', value: 'Smith, Ann' }], [{ type: 'OU', value: 'Users' }], …] }
 */
export function parseDn(dn: string): DnParseResult {
  if (dn.trim() === '') return { ok: false, message: 'a DN cannot be empty' };
  const rdns: Rdn[][] = [];
  let current: Rdn[] = [];
  let i = 0;
  const n = dn.length;
  for (;;) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) return { ok: false, message: `"${dn.slice(i).trim()}" has no "="` };
    const type = dn.slice(i, eq).trim();
    if (!TYPE_RE.test(type)) return { ok: false, message: `"${type}" is not an attribute type` };
    let value = '';
    let raw = '';
    let j = eq + 1;
    while (j < n && dn[j] === ' ') j++;
    for (; j < n; j++) {
      const c = dn.charAt(j);
      if (c === ',' || c === '+' || c === ';') break;
      if (c === '\\') {
        const next = dn.slice(j + 1, j + 3);
        if (/^[0-9a-fA-F]{2}$/.test(next)) {
          // A hex pair is one byte of UTF-8; gather the run so multi-byte characters decode.
          const bytes: number[] = [];
          while (dn[j] === '\\' && /^[0-9a-fA-F]{2}$/.test(dn.slice(j + 1, j + 3))) {
            bytes.push(parseInt(dn.slice(j + 1, j + 3), 16));
            j += 3;
          }
          j--;
          value += raw + new TextDecoder().decode(new Uint8Array(bytes));
          raw = '';
          continue;
        }
        if (j + 1 >= n) return { ok: false, message: 'the DN ends with a lone "\\"' };
        value += raw + dn.charAt(j + 1);
        raw = '';
        j++;
        continue;
      }
      if (c === '=' || c === '"')
        return { ok: false, message: `"${c}" must be escaped in a value` };
      raw += c;
    }
    // Trailing unescaped spaces are not part of the value.
    value += raw.replace(/ +$/, '');
    if (value === '') return { ok: false, message: `${type}= has no value` };
    current.push({ type, value });
    if (j >= n) {
      rdns.push(current);
      return { ok: true, rdns };
    }
    if (dn[j] !== '+') {
      rdns.push(current);
      current = [];
    }
    i = j + 1;
  }
}

/**
 * A key for comparing DNs as AD does: case-insensitive, spaces around separators ignored, escapes
 * normalized. `null` for an invalid DN.
 *
 * @example
 * dnKey('cn=Ann , DC=Contoso,dc=com') === dnKey('CN=ann,DC=contoso,DC=com') // true
 */
export function dnKey(dn: string): string | null {
  const r = parseDn(dn);
  if (!r.ok) return null;
  return r.rdns
    .map((rdn) =>
      rdn
        .map((p) => `${p.type.toLowerCase()}=${escapeDnValue(p.value.toLowerCase())}`)
        .sort()
        .join('+'),
    )
    .join(',');
}

/**
 * Escapes a value for use in a DN (RFC 4514).
 *
 * @example
 * escapeDnValue('Smith, Ann') // 'Smith\\, Ann'
 */
export function escapeDnValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => '\\' + c);
  if (out.startsWith(' ') || out.startsWith('#')) out = '\\' + out;
  // A trailing space is escaped (unless it is also the leading one, already escaped). Whether it is
  // is read from the value: in the output, `\\ ` can be an escaped backslash followed by the space.
  if (value.length > 1 && value.endsWith(' ')) out = out.slice(0, -1) + '\\ ';
  return out;
}

/**
 * The DNS domain a DN belongs to, from its trailing `DC=` components; `''` when it has none.
 *
 * @example
 * dnDomain('CN=Ann,OU=Users,DC=emea,DC=contoso,DC=com') // 'emea.contoso.com'
 */
export function dnDomain(rdns: Rdn[][]): string {
  const labels: string[] = [];
  for (let k = rdns.length - 1; k >= 0; k--) {
    const rdn = rdns[k];
    const first = rdn?.[0];
    if (rdn?.length !== 1 || first === undefined || first.type.toLowerCase() !== 'dc') break;
    labels.unshift(first.value);
  }
  return labels.join('.').toLowerCase();
}

/**
 * The DN of a DNS domain's naming context.
 *
 * @example
 * domainToDn('contoso.com') // 'DC=contoso,DC=com'
 */
export function domainToDn(domain: string): string {
  return domain
    .split('.')
    .map((l) => `DC=${escapeDnValue(l)}`)
    .join(',');
}
