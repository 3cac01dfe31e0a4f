/** Distinguished-name functions: DNComponent, DNComponentRev, EscapeDNComponent. */
import { asInt, asString, fail } from '../runtime.ts';
import { Ref, type FlowValue } from '../values.ts';
import { opt, sig, type FunctionDef } from './types.ts';

export interface Rdn {
  type: string;
  /** The value as written in the DN, escapes kept (`Joe\0ACNF:…` stays escaped). */
  value: string;
}

/** Splits a DN into RDNs at unescaped commas (and semicolons); white space around each is dropped. */
export function splitDn(dn: string): Rdn[] {
  const out: Rdn[] = [];
  let current = '';
  let quoted = false;
  const push = (): void => {
    const part = current.trim();
    current = '';
    if (part === '') return;
    let eq = -1;
    for (let i = 0; i < part.length; i++) {
      if (part.charAt(i) === '\\') i++;
      else if (part.charAt(i) === '=') {
        eq = i;
        break;
      }
    }
    out.push(
      eq < 0
        ? { type: '', value: part }
        : { type: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() },
    );
  };
  for (let i = 0; i < dn.length; i++) {
    const c = dn.charAt(i);
    if (c === '\\' && i + 1 < dn.length) {
      current += c + dn.charAt(i + 1);
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if ((c === ',' || c === ';') && !quoted) {
      push();
    } else {
      current += c;
    }
  }
  push();
  return out;
}

function dnText(v: FlowValue | undefined, fn: string): string | null {
  if (v == null) return null;
  return v instanceof Ref ? v.dn : asString(v, fn);
}

/** Escapes one RDN value for a DN (RFC 4514 plus AD's `=`), keeping `type=` when given. */
export function escapeDnComponent(text: string): string {
  const eq = text.indexOf('=');
  const prefix = eq >= 0 ? text.slice(0, eq + 1) : '';
  const value = eq >= 0 ? text.slice(eq + 1) : text;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f)
      out += '\\' + code.toString(16).toUpperCase().padStart(2, '0');
    else if (',+"\\<>;='.includes(c)) out += '\\' + c;
    else if ((i === 0 && (c === '#' || c === ' ')) || (i === value.length - 1 && c === ' '))
      out += '\\' + c;
    else out += c;
  }
  return prefix + out;
}

export const dnFunctions: FunctionDef[] = [
  {
    name: 'DNComponent',
    kind: 'strict',
    signatures: [sig('str', 'ref', 'num')],
    lift: [0, 1],
    impl([v, nV]) {
      const dn = dnText(v, 'DNComponent');
      if (dn === null) return null;
      const n = asInt(nV ?? null, 'DNComponent');
      if (n < 1) return fail('DNComponent: the component number must be 1 or more.');
      return splitDn(dn)[n - 1]?.value ?? null;
    },
  },
  {
    name: 'DNComponentRev',
    kind: 'strict',
    signatures: [opt(2, 'str', 'ref', 'num', 'enum')],
    enums: { 2: ['DC'] },
    lift: [0, 1],
    impl([v, nV, optionV]) {
      const dn = dnText(v, 'DNComponentRev');
      if (dn === null) return null;
      const n = asInt(nV ?? null, 'DNComponentRev');
      if (n < 1) return fail('DNComponentRev: the component number must be 1 or more.');
      let rdns = splitDn(dn);
      if (optionV != null) {
        const option = asString(optionV, 'DNComponentRev');
        if (option.toUpperCase() !== 'DC')
          return fail(`DNComponentRev: unknown option '${option}'.`);
        rdns = rdns.filter((r) => r.type.toUpperCase() !== 'DC');
      }
      return rdns[rdns.length - n]?.value ?? null;
    },
  },
  {
    name: 'EscapeDNComponent',
    kind: 'strict',
    signatures: [sig('str', 'str')],
    lift: [0],
    impl: ([v]) => (v == null ? null : escapeDnComponent(asString(v, 'EscapeDNComponent'))),
  },
];
