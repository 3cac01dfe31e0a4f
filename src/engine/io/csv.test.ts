import { describe, expect, it } from 'vitest';
import { Ref } from '../expr/values.ts';
import { bytesToGuid, bytesToSid } from './binary.ts';
import { parseCsv } from './csv.ts';
import type { ForestSpec } from './scenario.ts';

function ok(text: string, options = {}) {
  const r = parseCsv(text, options);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.objects;
}

function errors(text: string, options = {}) {
  const r = parseCsv(text, options);
  if (r.ok) throw new Error('expected errors');
  expect(r).not.toHaveProperty('objects');
  return r.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
}

describe('parseCsv: csvde shape', () => {
  const csvde = [
    'DN,objectClass,cn,sAMAccountName,userAccountControl,objectGUID,proxyAddresses,member,description',
    '"CN=Ann Smith,OU=Users,DC=contoso,DC=com",top;person;organizationalPerson;user,Ann Smith,ann,512,' +
      'X\'1031975b8263804abbf86bb21c1bb741\',SMTP:ann@contoso.com;smtp:a@contoso.com,,"Said ""hi"""',
    '"CN=Staff,OU=Groups,DC=contoso,DC=com",group,Staff,staff,,,,"CN=Ann Smith,OU=Users,DC=contoso,DC=com",' +
      '"two\nlines"',
    '',
  ].join('\r\n');
  it("reads multi-valued, binary X'hex', quoted and multi-line values", () => {
    const [ann, staff] = ok(csvde);
    expect(ann).toMatchObject({
      dn: 'CN=Ann Smith,OU=Users,DC=contoso,DC=com',
      objectClass: 'user',
    });
    expect(bytesToGuid(ann?.attributes.objectGUID as Uint8Array)).toBe(
      '5b973110-6382-4a80-bbf8-6bb21c1bb741',
    );
    expect(ann?.attributes.userAccountControl).toBe(512);
    expect(ann?.attributes.proxyAddresses).toEqual(['SMTP:ann@contoso.com', 'smtp:a@contoso.com']);
    expect(ann?.attributes.description).toEqual(['Said "hi"']);
    expect('member' in (ann?.attributes ?? {})).toBe(false);
    expect(staff?.attributes.member).toEqual([new Ref('CN=Ann Smith,OU=Users,DC=contoso,DC=com')]);
    expect(staff?.attributes.description).toEqual(['two\nlines']);
  });
});

describe('parseCsv: Export-Csv shape', () => {
  const exported = [
    '#TYPE Microsoft.ActiveDirectory.Management.ADUser',
    '"DistinguishedName","Enabled","GivenName","Name","ObjectClass","ObjectGUID","SamAccountName","SID","Surname","UserPrincipalName","EmailAddress","PropertyNames"',
    '"CN=Ann,OU=Users,DC=contoso,DC=com","False","Ann","Ann","user","5b973110-6382-4a80-bbf8-6bb21c1bb741","ann","S-1-5-21-1-2-3-1104","Smith","ann@contoso.com","ann@contoso.com","Microsoft.ActiveDirectory.Management.ADPropertyValueCollection"',
  ].join('\n');
  it('maps PowerShell property names and Enabled', () => {
    const [ann] = ok(exported);
    expect(ann?.attributes).toMatchObject({
      givenName: 'Ann',
      name: 'Ann',
      sAMAccountName: 'ann',
      sn: 'Smith',
      mail: 'ann@contoso.com',
      userPrincipalName: 'ann@contoso.com',
      userAccountControl: 514,
    });
    expect(bytesToSid(ann?.attributes.objectSid as Uint8Array)).toBe('S-1-5-21-1-2-3-1104');
    expect(bytesToGuid(ann?.attributes.objectGUID as Uint8Array)).toBe(
      '5b973110-6382-4a80-bbf8-6bb21c1bb741',
    );
    expect('PropertyNames' in (ann?.attributes ?? {})).toBe(false);
  });
  it('derives groupType from GroupCategory and GroupScope', () => {
    const text = [
      'DistinguishedName,ObjectClass,GroupCategory,GroupScope',
      '"CN=G1,DC=contoso,DC=com",group,Security,Global',
      '"CN=G2,DC=contoso,DC=com",group,Distribution,Universal',
    ].join('\n');
    expect(ok(text).map((g) => g.attributes.groupType)).toEqual([-2147483646, 8]);
  });
  it('explains type names written instead of values', () => {
    const text = [
      'DistinguishedName,ObjectClass,proxyAddresses',
      '"CN=A,DC=contoso,DC=com",user,Microsoft.ActiveDirectory.Management.ADPropertyValueCollection',
    ].join('\n');
    expect(errors(text)[0]).toMatch(
      /^2:31 "Microsoft\.ActiveDirectory\.Management\.ADPropertyValueCollection" is a type name/,
    );
  });
});

describe('parseCsv: bad input', () => {
  it('reports malformed CSV with line and column', () => {
    expect(errors('DN,objectClass\n"CN=a,DC=c,DC=com,user\n')).toEqual([
      '2:1 a quoted value is never closed',
    ]);
    expect(errors('DN,objectClass\n"CN=a,DC=c,DC=com"x,user\n')).toEqual([
      '2:19 text after a closing quote; expected "," or the end of the line',
    ]);
    expect(errors('DN,objectClass\nCN=a"b,user\n')).toEqual([
      '2:5 a quote inside an unquoted value; quote the whole value and double the quote ("")',
    ]);
    expect(errors('DN,objectClass\n"CN=a,DC=c,DC=com",user,extra\n')).toEqual([
      '2:1 this row has 3 values; the header has 2',
    ]);
  });
  it('needs DN and objectClass columns, without repeats', () => {
    expect(errors('cn,objectClass\na,user\n')[0]).toMatch(/^1:1 no DN column/);
    expect(errors('DN;objectClass;cn\n')[0]).toMatch(/separated by ";"/);
    expect(errors('DN,cn\n"CN=a,DC=c,DC=com",a\n')).toEqual(['1:1 no objectClass column']);
    expect(errors('DN,objectClass,Surname,sn\n')).toEqual([
      '1:24 column "sn" repeats column "Surname"',
    ]);
    expect(errors('DN,objectClass\n')).toEqual(['2:1 the file holds no objects']);
  });
  it('detects duplicate DNs, unknown classes and wrong value types', () => {
    const text = [
      'DN,objectClass,userAccountControl,mail,manager',
      '"CN=a,DC=c,DC=com",user,512,a@c.com,',
      '"cn=A,dc=c,dc=com",user,512,,',
      '"CN=b,DC=c,DC=com",printer,,,',
      '"CN=d,DC=c,DC=com",user,yes,x@c.com;y@c.com,Bob',
    ].join('\n');
    expect(errors(text)).toEqual([
      '3:1 duplicate DN "cn=A,dc=c,dc=com" (first on line 2)',
      '4:20 unknown object class "printer"; expected one of user, inetOrgPerson, group, contact, computer, organizationalUnit, container, domainDNS, foreignSecurityPrincipal, msDS-Device, publicFolder, msExchDynamicDistributionList',
      '5:25 userAccountControl: expected an integer, not the string "yes"',
      '5:29 mail is single-valued but has 2 values',
      '5:45 manager: not a DN: "Bob"',
    ]);
  });
  it('checks DNs against the target forest', () => {
    const forest: ForestSpec = { name: 'contoso.com', netbios: 'CONTOSO', objects: [] };
    expect(errors('DN,objectClass\n"CN=a,DC=fabrikam,DC=com",user\n', { forest })).toEqual([
      '2:1 "CN=a,DC=fabrikam,DC=com" is not in a domain of forest contoso.com (contoso.com)',
    ]);
  });
  it('rejects binary garbage', () => {
    const garbage = 'DN,objectClass\n' + String.fromCharCode(0, 1, 2, 3, 0xfffd);
    expect(errors(garbage)).toEqual(['2:1 the file is not text (it holds binary data)']);
  });
});
