/**
 * Every documented example of the functions reference (Entra Connect Sync), plus the edge cases
 * the reference spells out. Spec §3.2.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../index.ts';
import type { EvalContext } from '../runtime.ts';
import { DateTime, Ref, type AttributeBag, type EvalResult, type FlowValue } from '../values.ts';

function result(
  text: string,
  attributes: AttributeBag = {},
  extra: Partial<EvalContext> = {},
): EvalResult {
  const c = compileExpression(text, { parameters: Object.keys(extra.parameters ?? {}) });
  if (!c.ok) throw new Error(`${text}: ${c.diagnostics.map((d) => d.message).join('; ')}`);
  return c.evaluate({ attributes, ...extra });
}
function value(
  text: string,
  attributes: AttributeBag = {},
  extra: Partial<EvalContext> = {},
): FlowValue {
  const r = result(text, attributes, extra);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.value;
}
function failure(
  text: string,
  attributes: AttributeBag = {},
  extra: Partial<EvalContext> = {},
): string {
  const r = result(text, attributes, extra);
  if (r.ok) throw new Error(`${text} did not fail`);
  return r.error.message;
}
const fileTime = (iso: string): bigint => BigInt(Date.parse(iso)) * 10000n + 116444736000000000n;
const at = (iso: string): DateTime => new DateTime(fileTime(iso));

const joe = { dn: 'cn=Joe,ou=Atlanta,ou=GA,ou=US, dc=contoso,dc=com' };
const proxies = { proxyAddresses: ['SMTP:john.doe@contoso.com', 'smtp:jd@contoso.com'] };

describe('Bitwise and Boolean', () => {
  it('BitAnd, BitOr, IsBitSet, CBool', () => {
    expect(value('BitAnd(&HF, &HF7)')).toBe(7);
    expect(value('BitOr(&HF0, 3)')).toBe(0xf3);
    expect(value('IsBitSet(&HF,4)')).toBe(true);
    expect(value('IsBitSet(&HF,16)')).toBe(false);
    expect(value('CBool([attrib1] = [attrib2])', { attrib1: 'a', attrib2: 'a' })).toBe(true);
    expect(value('CBool([attrib1] = [attrib2])', { attrib1: 'a', attrib2: 'b' })).toBe(false);
    expect(value('CBool(0)')).toBe(false);
    expect(value('CBool(-1)')).toBe(true);
  });
});

describe('Conversion', () => {
  it('CDate parses a zone and returns UTC', () => {
    expect(value('CDate("2013-01-10 4:00 PM -8")')).toEqual(at('2013-01-11T00:00:00Z'));
    expect(value('CDate("12/25/2007")')).toEqual(at('2007-12-25T00:00:00Z'));
    expect(failure('CDate("yesterday")')).toBe("CDate: 'yesterday' is not a date.");
  });

  it('ConvertFromBase64 decodes Unicode by default, and UTF8/ASCII on request', () => {
    expect(value('ConvertFromBase64("SABlAGwAbABvACAAdwBvAHIAbABkACEA")')).toBe('Hello world!');
    expect(value('ConvertFromBase64("SGVsbG8gd29ybGQh", UTF8)')).toBe('Hello world!');
    expect(value('ConvertFromBase64("SGVsbG8gd29ybGQh", ASCII)')).toBe('Hello world!');
  });

  it('ConvertToBase64 encodes strings as UTF-16LE and binary values as their bytes', () => {
    expect(value('ConvertToBase64("Hello world!")')).toBe('SABlAGwAbABvACAAdwBvAHIAbABkACEA');
    expect(value('ConvertToBase64(CGuid("5b973110-6382-4a80-bbf8-6bb21c1bb741"))')).toBe(
      'EDGXW4JjgEq7+GuyHBu3QQ==',
    );
    expect(value('ConvertToBase64([objectGUID])', { objectGUID: new Uint8Array([1, 2, 3]) })).toBe(
      'AQID',
    );
  });

  it('ConvertToUTF8Hex and ConvertFromUTF8Hex', () => {
    expect(value('ConvertToUTF8Hex("Hello world!")')).toBe('48656C6C6F20776F726C6421');
    expect(value('ConvertFromUTF8Hex("48656C6C6F20776F726C6421")')).toBe('Hello world!');
    expect(value('ConvertToUTF8Hex("ö")')).toBe('C3B6');
    expect(failure('ConvertFromUTF8Hex("4G")')).toBe("ConvertFromUTF8Hex: '4G' is not UTF-8 hex.");
  });

  it('CGuid and StringFromGuid use the .NET Guid.ToByteArray order', () => {
    expect(value('StringFromGuid(CGuid("{5B973110-6382-4A80-BBF8-6BB21C1BB741}"))')).toBe(
      '5b973110-6382-4a80-bbf8-6bb21c1bb741',
    );
    expect(
      value('IIF(IsGuid([strAttribute]),CGuid([strAttribute]),NULL)', { strAttribute: 'nope' }),
    ).toBeNull();
    expect(value('IsGuid("{5b973110-6382-4a80-bbf8-6bb21c1bb741}")')).toBe(true);
    expect(value('IsGuid("5b973110-6382-4a80-bbf8-6bb21c1bb74")')).toBe(false);
    expect(failure('CGuid("x")')).toBe("CGuid: 'x' is not a GUID.");
    expect(failure('StringFromGuid([b])', { b: new Uint8Array(4) })).toBe(
      'StringFromGuid: a GUID is 16 bytes.',
    );
  });

  it('StringFromSid formats a binary SID', () => {
    const sid = new Uint8Array([
      1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0x50, 4, 0, 0,
    ]);
    expect(value('StringFromSid([objectSid])', { objectSid: sid })).toBe('S-1-5-21-1-2-3-1104');
  });

  it('CRef, CStr, CNum', () => {
    expect(
      value(
        'CRef("CN=LC Services,CN=Microsoft,CN=lcspool01,CN=Pools,CN=RTC Service," & %Forest.LDAP%)',
        {},
        {
          parameters: { 'Forest.LDAP': 'DC=contoso,DC=com' },
        },
      ),
    ).toEqual(
      new Ref('CN=LC Services,CN=Microsoft,CN=lcspool01,CN=Pools,CN=RTC Service,DC=contoso,DC=com'),
    );
    expect(value('CStr([dn])', { dn: 'cn=Joe,dc=contoso,dc=com' })).toBe(
      'cn=Joe,dc=contoso,dc=com',
    );
    expect(value('CStr([manager])', { manager: new Ref('CN=Ann,DC=x') })).toBe('CN=Ann,DC=x');
    expect(value('CStr(True)')).toBe('True');
    expect(value('CStr(129699324000000000)')).toBe('129699324000000000');
    expect(value('CNum("42") + 1')).toBe(43);
    expect(failure('CNum("4x")')).toBe("CNum: '4x' is not a number.");
    expect(failure('CStr([objectGUID])', { objectGUID: new Uint8Array(16) })).toBe(
      'CStr: a binary value cannot be converted to a string.',
    );
  });

  it('IsString/IsNumeric/IsDate tell whether a conversion would succeed', () => {
    expect(
      value('IIF(IsString([objectGUID]),CStr([objectGUID]),ConvertToBase64([objectGUID]))', {
        objectGUID: new Uint8Array([16, 49]),
      }),
    ).toBe('EDE=');
    expect(
      value('IIF(IsString([objectGUID]),CStr([objectGUID]),ConvertToBase64([objectGUID]))', {
        objectGUID: 'EDGXW4JjgEq7+GuyHBu3QQ==',
      }),
    ).toBe('EDGXW4JjgEq7+GuyHBu3QQ==');
    expect(value('IsNumeric("12")')).toBe(true);
    expect(value('IsNumeric("12a")')).toBe(false);
    expect(value('IsDate("2001-01-01")')).toBe(true);
    expect(value('IsDate("not")')).toBe(false);
  });
});

describe('Date', () => {
  it('DateAdd adds every interval, clamping months like .NET', () => {
    expect(value('DateAdd("m", 3, CDate("2001-01-01"))')).toEqual(at('2001-04-01T00:00:00Z'));
    expect(value('DateAdd("m", 1, CDate("2001-01-31"))')).toEqual(at('2001-02-28T00:00:00Z'));
    expect(value('DateAdd("yyyy", -1, CDate("2004-02-29"))')).toEqual(at('2003-02-28T00:00:00Z'));
    expect(value('DateAdd("q", 1, CDate("2001-01-01"))')).toEqual(at('2001-04-01T00:00:00Z'));
    expect(value('DateAdd("d", -1, CDate("2001-01-01"))')).toEqual(at('2000-12-31T00:00:00Z'));
    expect(value('DateAdd("ww", 2, CDate("2001-01-01"))')).toEqual(at('2001-01-15T00:00:00Z'));
    expect(value('DateAdd("h", 25, CDate("2001-01-01"))')).toEqual(at('2001-01-02T01:00:00Z'));
    expect(value('DateAdd("n", 90, CDate("2001-01-01"))')).toEqual(at('2001-01-01T01:30:00Z'));
    expect(value('DateAdd("s", 61, CDate("2001-01-01"))')).toEqual(at('2001-01-01T00:01:01Z'));
    expect(failure('DateAdd("x", 1, CDate("2001-01-01"))')).toBe("DateAdd: unknown interval 'x'.");
  });

  it('DateFromNum and NumFromDate are exact FILETIME conversions', () => {
    expect(value('DateFromNum(129699324000000000)')).toEqual(at('2012-01-01T23:00:00Z'));
    expect(value('NumFromDate(CDate("2012-01-01 23:00:00"))')).toBe(129699324000000000n);
    expect(value('NumFromDate(DateFromNum(129699324000000001))')).toBe(129699324000000001n);
    // AD writes 0x7FFFFFFFFFFFFFFF for "never"; beyond DateTime.MaxValue, as in .NET, it fails.
    expect(failure('DateFromNum([accountExpires])', { accountExpires: 9223372036854775807n })).toBe(
      'DateFromNum: the date is outside the range 1601-01-01 to 9999-12-31.',
    );
    expect(value('NumFromDate(DateFromNum(2650467743999999999))')).toBe(2650467743999999999n);
  });

  it('FormatDateTime supports .NET custom formats', () => {
    expect(value('FormatDateTime(CDate("12/25/2007"),"yyyy-MM-dd")')).toBe('2007-12-25');
    const pwdLastSet = fileTime('2014-09-05T08:14:53Z');
    expect(
      value('FormatDateTime(DateFromNum([pwdLastSet]),"yyyyMMddHHmmss.0Z")', { pwdLastSet }),
    ).toBe('20140905081453.0Z');
    expect(value('FormatDateTime(CDate("2014-09-05 08:04:03"), "d/M/yy h:m:s tt")')).toBe(
      '5/9/14 8:4:3 AM',
    );
    expect(
      value('FormatDateTime(CDate("2014-09-05 20:04:03"), "dddd, MMMM dd \'at\' hh:mm tt")'),
    ).toBe('Friday, September 05 at 08:04 PM');
    expect(value('FormatDateTime(DateFromNum(129699324001234567), "HH:mm:ss.fffffff FFF")')).toBe(
      '23:00:00.1234567 123',
    );
    expect(value('FormatDateTime(CDate("2014-09-05"), "s")')).toBe('2014-09-05T00:00:00');
  });

  it('Now and RandomNum use the injected clock and random source', () => {
    expect(value('NumFromDate(Now())', {}, { clock: () => 130000000000000000n })).toBe(
      130000000000000000n,
    );
    expect(failure('Now()')).toBe('Now: no clock is configured.');
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 50; i++) {
      const n = value('RandomNum(100,999)', {}, { random }) as number;
      expect(n).toBeGreaterThanOrEqual(100);
      expect(n).toBeLessThanOrEqual(999);
    }
    expect(value('Guid()', {}, { random: () => 0.5 })).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('Directory', () => {
  it('DNComponent and DNComponentRev, with the DC option', () => {
    expect(value('DNComponent(CRef([dn]),1)', joe)).toBe('Joe');
    expect(value('DNComponent(CRef([dn]),5)', joe)).toBe('contoso');
    expect(value('DNComponent(CRef([dn]),9)', joe)).toBeNull();
    expect(value('DNComponentRev(CRef([dn]),3)', joe)).toBe('US');
    expect(value('DNComponentRev(CRef([dn]),1,"DC")', joe)).toBe('US');
    expect(value('DNComponentRev(CRef([dn]),2,DC)', joe)).toBe('GA');
    expect(value('DNComponent(CRef([dn]),1)', { dn: 'CN=Smith\\, John,OU=x' })).toBe(
      'Smith\\, John',
    );
  });

  it('EscapeDNComponent escapes one component', () => {
    expect(
      value(
        'EscapeDNComponent("cn=" & [displayName]) & "," & %ForestLDAP%',
        { displayName: 'Smith, John' },
        {
          parameters: { ForestLDAP: 'DC=contoso,DC=com' },
        },
      ),
    ).toBe('cn=Smith\\, John,DC=contoso,DC=com');
    expect(value('EscapeDNComponent("#a+b ")')).toBe('\\#a\\+b\\ ');
  });
});

describe('Evaluation', () => {
  it('IIF, IsNull, IsPresent, IsEmpty, IsNullOrEmpty', () => {
    expect(
      value('IIF([employeeType]="Intern","t-" & [alias],[alias])', {
        employeeType: 'Intern',
        alias: 'ann',
      }),
    ).toBe('t-ann');
    expect(
      value('IIF([employeeType]="Intern","t-" & [alias],[alias])', {
        employeeType: 'FTE',
        alias: 'ann',
      }),
    ).toBe('ann');
    expect(value('IsNull([displayName])')).toBe(true);
    expect(value('IsNull([displayName])', { displayName: '' })).toBe(false);
    expect(value('IsEmpty([displayName])', { displayName: '' })).toBe(true);
    expect(value('IsNullOrEmpty([displayName])', { displayName: '' })).toBe(true);
    expect(value('IsPresent([displayName])', { displayName: 'x' })).toBe(true);
    expect(
      value(
        'Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),[skiplevelManager], IsPresent([director]),[director])',
        {
          skiplevelManager: new Ref('CN=B'),
          director: new Ref('CN=C'),
        },
      ),
    ).toEqual(new Ref('CN=B'));
  });

  it('Switch: unpaired arguments are an error, NULL when nothing matches', () => {
    expect(value('Switch(False, 1)')).toBeNull();
  });
});

describe('Multi-valued', () => {
  it('Contains, Item and Mid find the primary SMTP address', () => {
    expect(
      value('Mid(Item([proxyAddresses],Contains([proxyAddresses], "SMTP:")),6)', proxies),
    ).toBe('john.doe@contoso.com');
    expect(
      value(
        'IIF(Contains([proxyAddresses],"SMTP:")>0,[proxyAddresses],Error("No primary SMTP address found."))',
        proxies,
      ),
    ).toEqual(proxies.proxyAddresses);
    expect(
      failure(
        'IIF(Contains([proxyAddresses],"SMTP:")>0,[proxyAddresses],Error("No primary SMTP address found."))',
        { proxyAddresses: ['smtp:a@b'] },
      ),
    ).toBe('No primary SMTP address found.');
  });

  it('Count, Join, Split, RemoveDuplicates', () => {
    expect(value('Count([proxyAddresses])', proxies)).toBe(2);
    expect(value('Count([proxyAddresses])')).toBe(0);
    expect(value('Join([proxyAddresses],",")', proxies)).toBe(
      'SMTP:john.doe@contoso.com,smtp:jd@contoso.com',
    );
    expect(value('Join([proxyAddresses])', proxies)).toBe(
      'SMTP:john.doe@contoso.com smtp:jd@contoso.com',
    );
    expect(value('Join([proxyAddresses],NULL)', proxies)).toBe(
      'SMTP:john.doe@contoso.comsmtp:jd@contoso.com',
    );
    expect(value('Join([proxyAddresses],"")', proxies)).toBe(
      'SMTP:john.doe@contoso.comsmtp:jd@contoso.com',
    );
    expect(value('Split("SMTP:john.doe@contoso.com,smtp:jd@contoso.com",",")')).toEqual(
      proxies.proxyAddresses,
    );
    expect(value('Split("a,b,c,d",",",2)')).toEqual(['a', 'b,c,d']);
    expect(failure('Split("a,b",",;")')).toBe(
      'Split: the delimiter must be exactly one character.',
    );
    expect(
      value('RemoveDuplicates([proxyAddresses])', { proxyAddresses: ['a', 'b', 'a', 'A'] }),
    ).toEqual(['a', 'b', 'A']);
  });

  it('Select and Trim apply per value', () => {
    expect(
      value('Select($item,[otherPhone],Replace($item,"-",""))', {
        otherPhone: ['555-1234', '555-9876'],
      }),
    ).toEqual(['5551234', '5559876']);
    expect(value('Trim([proxyAddresses])', { proxyAddresses: [' a ', 'b'] })).toEqual(['a', 'b']);
  });
});

describe('String', () => {
  it('Left and Right with zero, negative, null and oversized counts', () => {
    expect(value('Left("John Doe", 3)')).toBe('Joh');
    expect(value('Left("John Doe", 0)')).toBe('');
    expect(value('Left("John Doe", -1)')).toBe('John Doe');
    expect(value('Left("John Doe", 99)')).toBe('John Doe');
    expect(value('Left([missing], 3)')).toBe('');
    expect(value('Right("John Doe", 3)')).toBe('Doe');
    expect(value('Right("John Doe", 0)')).toBe('');
    expect(value('Right("John Doe", -2)')).toBe('John Doe');
    expect(value('Right("John Doe", 20)')).toBe('John Doe');
    expect(value('Right([missing], 3)')).toBe('');
  });

  it('Mid with every documented edge', () => {
    expect(value('Mid("John Doe", 3, 5)')).toBe('hn Do');
    expect(value('Mid("John Doe", 6, 999)')).toBe('Doe');
    expect(value('Mid("John Doe", 3, 0)')).toBe('');
    expect(value('Mid("John Doe", 3, -1)')).toBe('John Doe');
    expect(value('Mid("John Doe", 9, 1)')).toBe('John Doe');
    expect(value('Mid("John Doe", 0, 1)')).toBe('John Doe');
    expect(value('Mid([missing], 1, 1)')).toBe('');
  });

  it('Len, case functions and trims', () => {
    expect(value('Len("John Doe")')).toBe(8);
    expect(value('LCase("TeSt")')).toBe('test');
    expect(value('UCase("TeSt")')).toBe('TEST');
    expect(value('PCase("TEsT")')).toBe('Test');
    expect(value('PCase(LCase("TEST"))')).toBe('Test');
    expect(value('PCase("anna maria O\'NEIL")')).toBe("Anna Maria O'neil");
    expect(value('LTrim(" Test ")')).toBe('Test ');
    expect(value('RTrim(" Test ")')).toBe(' Test');
    expect(value('Trim(" Test ")')).toBe('Test');
  });

  it('InStr and InStrRev are 1-based, with start and compare options', () => {
    expect(value('InStr("The quick brown fox","quick")')).toBe(5);
    expect(value('InStr("repEated","e",3,vbBinaryCompare)')).toBe(7);
    expect(value('InStr("repEated","e",3,vbTextCompare)')).toBe(4);
    expect(value('InStr("abc","z")')).toBe(0);
    expect(value('InStrRev("abbcdbbbef","bb")')).toBe(7);
    expect(value('InStrRev("abbcdbbbef","bb",7)')).toBe(6);
    expect(value('InStrRev("abbcdbbbef","BB",-1,vbTextCompare)')).toBe(7);
  });

  it('Word splits on any of several delimiters', () => {
    expect(value('Word("The quick brown fox",3," ")')).toBe('brown');
    expect(value('Word("This,string!has&many separators",3,",!&#")')).toBe('has');
    expect(value('Word("This,string!has&many separators",4,",!&#")')).toBe('many separators');
    expect(value('Word("a,,b",2,",")')).toBe('b');
    expect(value('Word("a b",0," ")')).toBe('');
    expect(value('Word("a b",3," ")')).toBe('');
    expect(value('Word([missing],1," ")')).toBe('');
    expect(value('Word([cloudAnchor],1,"_")', { cloudAnchor: 'User_5b973110' })).toBe('User');
  });

  it('PadLeft and PadRight', () => {
    expect(value('PadLeft("User", 10, "0")')).toBe('000000User');
    expect(value('PadRight("User", 10, "0")')).toBe('User000000');
    expect(value('PadLeft("User", 2, "0")')).toBe('User');
    expect(value('PadLeft("User", 6, " ")')).toBe('  User');
    expect(value('PadLeft([missing], 6, "0")')).toBe('');
    expect(failure('PadLeft("User", 6, "")')).toBe(
      'PadLeft: the pad character cannot be empty or NULL.',
    );
  });

  it('Replace understands the \\r \\n \\t monikers', () => {
    expect(
      value('Replace([address],"\\r\\n",", ")', {
        address: 'One Microsoft Way\r\nRedmond, WA\r\nUSA',
      }),
    ).toBe('One Microsoft Way, Redmond, WA, USA');
    expect(value('Replace("a-b-c","-","")')).toBe('abc');
  });

  it('ReplaceChars maps single characters and reports pattern errors', () => {
    // The documented parameter, verbatim (its last pair is written "ö,o").
    const parameters = { ReplaceString: '’:,Å:A,Ä:A,Ö:O,å:a,ä:a,ö,o' };
    expect(value('ReplaceChars("Räksmörgås",%ReplaceString%)', {}, { parameters })).toBe(
      'Raksmorgas',
    );
    expect(value('ReplaceChars("O’Neil",%ReplaceString%)', {}, { parameters })).toBe('ONeil');
    expect(value('ReplaceChars("Straße","ß:ss, e : E")')).toBe('StrassE');
    expect(value('ReplaceChars("Köln","ö:oe")')).toBe('Koeln');
    expect(value('ReplaceChars("a-b","")')).toBe('a-b');
    expect(failure('ReplaceChars("x","ab:c")')).toBe(
      "ReplaceChars: invalid pattern: 'ab' must be exactly one character.",
    );
    expect(failure('ReplaceChars("x",":c")')).toBe(
      "ReplaceChars: invalid pattern: '' must be exactly one character.",
    );
    expect(failure('ReplaceChars("x","a:b,c")')).toBe(
      "ReplaceChars: invalid pattern: 'c' has no replacement.",
    );
  });
});
