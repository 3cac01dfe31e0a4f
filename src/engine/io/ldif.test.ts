import { describe, expect, it } from 'vitest';
import { Ref } from '../expr/values.ts';
import { bytesToBase64, bytesToGuid, bytesToSid, sidToBytes } from './binary.ts';
import { parseLdif } from './ldif.ts';
import type { ForestSpec } from './scenario.ts';
import { decodeTextFile } from './text-values.ts';

const sidB64 = bytesToBase64(sidToBytes('S-1-5-21-1-2-3-1104')!);

/** What `ldifde -f out.ldf` writes for a user, folded at 80 columns. */
const ldifde = `version: 1

# ldifde export
dn: CN=Ann Smith,OU=Users,DC=contoso,DC=com
changetype: add
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
cn: Ann Smith
distinguishedName: CN=Ann Smith,OU=Users,DC=contoso,DC=com
sAMAccountName: ann
userAccountControl: 512
pwdLastSet: 133444736000000000
objectGUID:: EDGXW4JjgEq7+GuyHBu3QQ==
objectSid:: ${sidB64}
proxyAddresses: SMTP:ann.smith@contoso.com
proxyAddresses: smtp:ann@contoso.com
description: A description long enough to be folded by ldifde at the seventy-nin
 th column, as it does
manager: CN=Bob,OU=Users,DC=contoso,DC=com
givenName:: SsO8cmdlbg==

dn: CN=Bob,OU=Users,DC=contoso,DC=com
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
objectClass: computer
sAMAccountName: bob$
`;

function ok(text: string, options = {}) {
  const r = parseLdif(text, options);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.objects;
}

function errors(text: string, options = {}) {
  const r = parseLdif(text, options);
  if (r.ok) throw new Error('expected errors');
  expect(r).not.toHaveProperty('objects');
  return r.errors;
}

describe('parseLdif', () => {
  it('reads ldifde output: base64, folding, comments, multi-valued and changetype add', () => {
    const [ann, bob] = ok(ldifde);
    expect(ann?.dn).toBe('CN=Ann Smith,OU=Users,DC=contoso,DC=com');
    expect(ann?.objectClass).toBe('user');
    expect(bytesToGuid(ann?.attributes.objectGUID as Uint8Array)).toBe(
      '5b973110-6382-4a80-bbf8-6bb21c1bb741',
    );
    expect(bytesToSid(ann?.attributes.objectSid as Uint8Array)).toBe('S-1-5-21-1-2-3-1104');
    expect(ann?.attributes.userAccountControl).toBe(512);
    expect(ann?.attributes.pwdLastSet).toBe(133444736000000000n);
    expect(ann?.attributes.proxyAddresses).toEqual([
      'SMTP:ann.smith@contoso.com',
      'smtp:ann@contoso.com',
    ]);
    expect(ann?.attributes.description).toEqual([
      'A description long enough to be folded by ldifde at the seventy-ninth column, as it does',
    ]);
    expect(ann?.attributes.manager).toEqual(new Ref('CN=Bob,OU=Users,DC=contoso,DC=com'));
    expect(ann?.attributes.givenName).toBe('Jürgen');
    expect('distinguishedName' in (ann?.attributes ?? {})).toBe(false);
    expect(bob?.objectClass).toBe('computer');
  });
  it('accepts CRLF line ends, a BOM and no version line', () => {
    const text =
      '\ufeffdn: CN=x,DC=contoso,DC=com\r\nobjectClass: contact\r\nmail: x@contoso.com\r\n';
    expect(ok(text)).toEqual([
      {
        dn: 'CN=x,DC=contoso,DC=com',
        objectClass: 'contact',
        attributes: { mail: 'x@contoso.com' },
      },
    ]);
  });
  it('keeps unknown binary attributes as bytes and unknown text as strings', () => {
    const [o] = ok('dn: CN=x,DC=c,DC=com\nobjectClass: user\nfooBlob:: AAECAw==\nfooText:: aGk=\n');
    expect(o?.attributes.fooBlob).toEqual(new Uint8Array([0, 1, 2, 3]));
    expect(o?.attributes.fooText).toBe('hi');
  });
  it('reports malformed input with line and column', () => {
    const text = 'dn: CN=x,DC=c,DC=com\nobjectClass: user\nthis is not ldif\nmail:: !!!\n';
    expect(errors(text)).toEqual([
      { line: 3, column: 1, message: 'expected "attribute: value"' },
      { line: 4, column: 8, message: 'the base64 value of mail is not valid base64' },
    ]);
  });
  it('rejects records that are not adds, and unsupported forms', () => {
    const e = errors(
      [
        'dn: CN=a,DC=c,DC=com\nchangetype: modify\nreplace: mail\nmail: x\n-',
        'dn: CN=b,DC=c,DC=com\nobjectClass: user\njpegPhoto:< file:///photo.jpg',
        'dn: CN=c,DC=c,DC=com\nobjectClass: user\ndescription;lang-de: Hallo',
        'objectClass: user',
      ].join('\n\n'),
    );
    expect(e.map((x) => `${x.line}:${x.column} ${x.message}`)).toEqual([
      '2:13 changetype "modify" cannot be imported: a forest import adds objects (changetype: add or content records)',
      '9:10 values read from a URL (":<") are not supported',
      '13:1 attribute option ";lang-de" is not supported',
      '15:1 a record must start with "dn:"',
    ]);
  });
  it('detects duplicate DNs, case-insensitively', () => {
    const text =
      'dn: CN=a,DC=c,DC=com\nobjectClass: user\n\ndn: cn=A, dc=C,dc=com\nobjectClass: user\n';
    expect(errors(text)).toEqual([
      { line: 4, column: 5, message: 'duplicate DN "cn=A, dc=C,dc=com" (first on line 1)' },
    ]);
  });
  it('rejects unknown object classes and missing ones', () => {
    const text =
      'dn: CN=p,DC=c,DC=com\nobjectClass: top\nobjectClass: printQueue\n\ndn: CN=q,DC=c,DC=com\ncn: q\n';
    const e = errors(text);
    expect(e[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(/^unknown object class "top", "printQueue"/),
    });
    expect(e[1]).toMatchObject({ line: 5, message: '"CN=q,DC=c,DC=com" has no objectClass' });
  });
  it('rejects values of the wrong type for known attributes', () => {
    const text = [
      'dn: CN=a,DC=c,DC=com',
      'objectClass: user',
      'userAccountControl: enabled',
      'mail: a@c.com',
      'mail: b@c.com',
      'objectGUID: not-a-guid',
      'manager: Bob',
      'sn:: //79',
    ].join('\n');
    expect(errors(text).map((x) => `${x.line}:${x.column} ${x.message}`)).toEqual([
      '3:21 userAccountControl: expected an integer, not the string "enabled"',
      '5:7 mail is single-valued but has 2 values',
      '6:13 objectGUID: not a GUID: "not-a-guid"',
      '7:10 manager: not a DN: "Bob"',
      '8:6 sn holds text, but this value is not UTF-8',
    ]);
  });
  it('checks DNs against the target forest', () => {
    const forest: ForestSpec = {
      name: 'contoso.com',
      netbios: 'CONTOSO',
      objects: [{ dn: 'CN=a,DC=contoso,DC=com', objectClass: 'user', attributes: {} }],
    };
    const e = errors(
      'dn: CN=a,DC=contoso,DC=com\nobjectClass: user\n\ndn: CN=b,DC=fabrikam,DC=com\nobjectClass: user\n',
      { forest },
    );
    expect(e.map((x) => x.message)).toEqual([
      '"CN=a,DC=contoso,DC=com" already exists in forest contoso.com',
      '"CN=b,DC=fabrikam,DC=com" is not in a domain of forest contoso.com (contoso.com)',
    ]);
  });
  it('rejects binary garbage and empty files', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 37) & 0xff);
    const decoded = decodeTextFile(bytes);
    expect(decoded.ok).toBe(false);
    const asText = String.fromCharCode(...bytes);
    expect(errors(asText)[0]?.message).toMatch(/not text/);
    expect(errors('# only a comment\n')[0]?.message).toBe('the file holds no LDIF records');
    expect(errors('version: 2\ndn: CN=a,DC=c,DC=com\nobjectClass: user\n')[0]?.message).toBe(
      'only LDIF version 1 is supported',
    );
  });
});

describe('decodeTextFile', () => {
  it('reads UTF-8, UTF-16 with BOM and Windows-1252', () => {
    expect(decodeTextFile(new TextEncoder().encode('dn: é'))).toEqual({ ok: true, text: 'dn: é' });
    const utf16 = new Uint8Array([0xff, 0xfe, 0x64, 0, 0x6e, 0, 0xe9, 0]);
    expect(decodeTextFile(utf16)).toEqual({ ok: true, text: 'dné' });
    expect(decodeTextFile(new Uint8Array([0x63, 0x6e, 0xe9]))).toEqual({ ok: true, text: 'cné' });
  });
});
