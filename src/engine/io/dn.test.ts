import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dnDomain, dnKey, domainToDn, escapeDnValue, parseDn } from './dn.ts';

describe('parseDn', () => {
  it('splits RDNs and unescapes values', () => {
    expect(parseDn('CN=Smith\\, Ann,OU=Users,DC=contoso,DC=com')).toEqual({
      ok: true,
      rdns: [
        [{ type: 'CN', value: 'Smith, Ann' }],
        [{ type: 'OU', value: 'Users' }],
        [{ type: 'DC', value: 'contoso' }],
        [{ type: 'DC', value: 'com' }],
      ],
    });
  });
  it('decodes hex escapes as UTF-8 and keeps multi-valued RDNs together', () => {
    const r = parseDn('CN=J\\C3\\BCrgen+UID=7,DC=x');
    expect(r).toEqual({
      ok: true,
      rdns: [
        [
          { type: 'CN', value: 'Jürgen' },
          { type: 'UID', value: '7' },
        ],
        [{ type: 'DC', value: 'x' }],
      ],
    });
  });
  it('rejects malformed DNs', () => {
    for (const bad of ['', 'Ann', 'CN=', 'CN=a,', '=a', 'CN=a\\', 'CN=a=b', 'C N=a']) {
      expect(parseDn(bad).ok, bad).toBe(false);
    }
  });
});

describe('dnKey', () => {
  it('compares as AD does: case and separator spaces do not matter', () => {
    expect(dnKey('cn=Ann , OU=users,DC=Contoso,dc=com')).toBe(
      dnKey('CN=ann,OU=Users,DC=contoso,DC=com'),
    );
    expect(dnKey('CN=Ann\\2C B,DC=x')).toBe(dnKey('CN=Ann\\, B,DC=x'));
    expect(dnKey('CN=Ann,DC=x')).not.toBe(dnKey('CN=Anne,DC=x'));
  });
  it('escapes a trailing space after a backslash (fast-check found "\\ ")', () => {
    for (const v of ['\\ ', ' ', '  ', 'a\\ ', '\\\\ ']) {
      const r = parseDn(`CN=${escapeDnValue(v)},DC=x`);
      expect(r.ok && r.rdns[0]?.[0]?.value).toBe(v);
    }
  });

  it('escapeDnValue output parses back to the value', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' || s === ' '),
        (v) => {
          const r = parseDn(`CN=${escapeDnValue(v)},DC=x`);
          expect(r.ok && r.rdns[0]?.[0]?.value).toBe(v);
        },
      ),
    );
  });
});

describe('domains', () => {
  it('reads the domain from trailing DC components', () => {
    const r = parseDn('CN=Ann,OU=Users,DC=emea,DC=contoso,DC=com');
    expect(r.ok && dnDomain(r.rdns)).toBe('emea.contoso.com');
    expect(domainToDn('contoso.com')).toBe('DC=contoso,DC=com');
  });
});
