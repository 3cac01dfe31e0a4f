import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateExpression } from './index.ts';
import type { EvalContext } from './runtime.ts';
import {
  AUTHORITATIVE_NULL,
  IGNORE_THIS_FLOW,
  Ref,
  type AttributeBag,
  type FlowValue,
} from './values.ts';

function value(
  text: string,
  attributes: AttributeBag = {},
  extra: Partial<EvalContext> = {},
): FlowValue {
  const c = compileExpression(text);
  if (!c.ok) throw new Error(`${text}: ${c.diagnostics.map((d) => d.message).join('; ')}`);
  const r = c.evaluate({ attributes, ...extra });
  if (!r.ok) throw new Error(`${text}: ${r.error.type}: ${r.error.message}`);
  return r.value;
}

function error(text: string, attributes: AttributeBag = {}) {
  const r = evaluateExpression(text, { attributes });
  if (r.ok) throw new Error(`${text} did not fail`);
  return r.error;
}

describe('evaluator core', () => {
  it('returns NULL, AuthoritativeNull and IgnoreThisFlow as distinct results', () => {
    expect(value('NULL')).toBeNull();
    expect(value('AuthoritativeNull')).toBe(AUTHORITATIVE_NULL);
    expect(value('IgnoreThisFlow')).toBe(IGNORE_THIS_FLOW);
    expect(value('IIF([cloudSOAExchMailbox] = True,[x],IgnoreThisFlow)', {})).toBe(
      IGNORE_THIS_FLOW,
    );
    expect(value('CRLF')).toBe('\r\n');
  });

  it('turns Error() into a sync-rule-error-function-triggered object error', () => {
    expect(
      error('IIF(IsPresent([accountName]),[accountName],Error("AccountName is required"))'),
    ).toEqual({
      type: 'sync-rule-error-function-triggered',
      message: 'AccountName is required',
    });
    expect(
      value('IIF(IsPresent([accountName]),[accountName],Error("x"))', { accountName: 'ann' }),
    ).toBe('ann');
  });

  it('evaluates every operator left to right', () => {
    expect(value('2*5+3')).toBe(13);
    expect(value('3+2*5')).toBe(25);
    expect(value('3+(2*5)')).toBe(13);
    expect(value('"a" & 1 & True')).toBe('a1True');
    expect(value('[x] & "@" & [y]', { y: 'contoso.com' })).toBe('@contoso.com');
    expect(value('1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 4 || 1 <> 1')).toBe(false);
  });

  it('keeps 64-bit integers exact', () => {
    expect(value('[t] + 1', { t: 129699324000000000n })).toBe(129699324000000001n);
    expect(value('BitAnd([d], &H21C07000) > 0', { d: 2147483648 })).toBe(false);
    expect(value('BitAnd([d], &H8000000000)', { d: 549755813888 })).toBe(549755813888);
  });

  it('maps functions per value and drops NULL results', () => {
    expect(value('Trim([proxyAddresses])', { proxyAddresses: [' a ', 'b '] })).toEqual(['a', 'b']);
    expect(
      value('IIF(InStr([proxyAddresses],"SIP:")=1,NULL,[proxyAddresses])', {
        proxyAddresses: ['SIP:ann@contoso.com', 'SMTP:ann@contoso.com'],
      }),
    ).toEqual(['SMTP:ann@contoso.com']);
    expect(value('IIF(InStr([p],"SIP:")=1,NULL,[p])', { p: ['SIP:a'] })).toBeNull();
    expect(
      value('Word([proxyAddresses],1,"@") & "@contoso.com"', {
        proxyAddresses: ['smtp:ann@fabrikam.com', 'SMTP:ann.smith@fabrikam.com'],
      }),
    ).toEqual(['smtp:ann@contoso.com', 'SMTP:ann.smith@contoso.com']);
  });

  it('evaluates the cloudFiltered expression of In from AD - User Join', () => {
    const cloudFiltered =
      'IIF(IsPresent([isCriticalSystemObject]) || IsPresent([sAMAccountName]) = False || [sAMAccountName] = "SUPPORT_388945a0" || Left([mailNickname], 14) = "SystemMailbox{" || Left([sAMAccountName], 4) = "AAD_" || (Left([mailNickname], 4) = "CAS_" && (InStr([mailNickname], "}") > 0)) || (Left([sAMAccountName], 4) = "CAS_" && (InStr([sAMAccountName], "}") > 0)) || Left([sAMAccountName], 5) = "MSOL_" || CBool(IIF(IsPresent([msExchRecipientTypeDetails]),BitAnd([msExchRecipientTypeDetails],&H21C07000) > 0,NULL)) || CBool(InStr(DNComponent(CRef([dn]),1),"\\\\0ACNF:")>0), True, NULL)';
    const dn = 'CN=Ann,OU=Users,DC=contoso,DC=com';
    expect(value(cloudFiltered, { sAMAccountName: 'ann', dn })).toBeNull();
    expect(value(cloudFiltered, { sAMAccountName: 'MSOL_1234', dn })).toBe(true);
    expect(value(cloudFiltered, { dn })).toBe(true);
    expect(value(cloudFiltered, { sAMAccountName: 'x', dn, isCriticalSystemObject: true })).toBe(
      true,
    );
    expect(
      value(cloudFiltered, { sAMAccountName: 'x', dn, msExchRecipientTypeDetails: 0x1000 }),
    ).toBe(true);
    expect(
      value(cloudFiltered, { sAMAccountName: 'x', dn, msExchRecipientTypeDetails: 1 }),
    ).toBeNull();
    expect(
      value(cloudFiltered, {
        sAMAccountName: 'x',
        dn: 'CN=Ann\\0ACNF:5b973110-6382-4a80-bbf8-6bb21c1bb741,OU=Users,DC=contoso,DC=com',
      }),
    ).toBe(true);
  });

  it('reads parameters and fails clearly on a missing one', () => {
    expect(value('%Domain.FQDN%', {}, { parameters: { 'Domain.FQDN': 'contoso.com' } })).toBe(
      'contoso.com',
    );
    expect(error('%Domain.FQDN%').message).toBe('The parameter %Domain.FQDN% is not defined.');
  });

  it('Item fails out of bounds; ItemOrNull gives NULL', () => {
    expect(value('Item([p], 2)', { p: ['a', 'b'] })).toBe('b');
    expect(error('Item([p], 3)', { p: ['a', 'b'] }).type).toBe(
      'sync-rule-flow-provisioning-failed',
    );
    expect(value('ItemOrNull([p], 3)', { p: ['a', 'b'] })).toBeNull();
    expect(value('ItemOrNull([p], 0)', { p: ['a', 'b'] })).toBeNull();
  });

  it('Contains is 1-based and case-sensitive unless told otherwise; references match exactly', () => {
    const p = { proxyAddresses: ['smtp:a@x', 'SMTP:b@x'] };
    expect(value('Contains([proxyAddresses], "SMTP:")', p)).toBe(2);
    expect(value('Contains([proxyAddresses], "smtp:")', p)).toBe(1);
    expect(value('Contains([proxyAddresses], "X500:")', p)).toBe(0);
    expect(value('Contains([proxyAddresses], "SMTP:B", CaseInsensitive)', p)).toBe(2);
    const m = { member: [new Ref('CN=A,DC=x'), new Ref('CN=B,DC=x')] };
    expect(value('Contains([member], "CN=B,DC=x")', m)).toBe(2);
    expect(value('Contains([member], "CN=B")', m)).toBe(0);
  });

  it('ImportedValue and ValueCount read the named attribute', () => {
    expect(
      value(
        'RemoveDuplicates(Trim(ImportedValue("proxyAddresses")))',
        { proxyAddresses: ['x'] },
        {
          importedAttributes: { proxyAddresses: ['SMTP:a ', 'SMTP:a', ' smtp:b'] },
        },
      ),
    ).toEqual(['SMTP:a', 'smtp:b']);
    expect(value('ValueCount("member")', { member: ['a', 'b', 'c'] })).toBe(3);
    expect(value('ValueCount("member")', {})).toBe(0);
  });

  it('Switch evaluates every argument', () => {
    const city =
      'Switch([city] = "London", "English", [city] = "Rome", "Italian", [city] = "Paris", "French", True, Error("Unknown city"))';
    expect(error(city, { city: 'London' })).toEqual({
      type: 'sync-rule-error-function-triggered',
      message: 'Unknown city',
    });
    expect(value('Switch([c] = 1, "one", [c] = 2, "two")', { c: 2 })).toBe('two');
    expect(value('Switch([c] = 1, "one", [c] = 2, "two")', { c: 3 })).toBeNull();
  });

  it('Select, Where and With bind $variables', () => {
    expect(
      value('Select($item,[otherPhone],Replace($item,"-",""))', { otherPhone: ['1-2', '3-4'] }),
    ).toEqual(['12', '34']);
    expect(value('Where($i,[v],Len($i)>1)', { v: ['a', 'bb', 'ccc'] })).toEqual(['bb', 'ccc']);
    expect(value('With($n,Count([v]),$n*2)', { v: ['a', 'b'] })).toBe(4);
  });
});

describe('the device-key flow of In from AAD - User NGCKey', () => {
  it('rebuilds each key value with its SHA-256 key identifier', () => {
    const ngc =
      'IIF(IsNull([searchableDeviceKey]), NULL, IIF(CNum(Mid([searchableDeviceKey],1,1))=0, Mid([searchableDeviceKey],1,7+CNum(Mid([searchableDeviceKey],5,2))) & CBin(Len(Thumbprint(Mid([searchableDeviceKey],8+CNum(Mid([searchableDeviceKey],5,2)),Len([searchableDeviceKey])))),2) & CBin(2,1) & Thumbprint(Mid([searchableDeviceKey],8+CNum(Mid([searchableDeviceKey],5,2)),Len([searchableDeviceKey]))) & Mid([searchableDeviceKey],8+CNum(Mid([searchableDeviceKey],5,2)),Len([searchableDeviceKey])), NULL))';
    // version 0, 3 bytes, a 2-byte little-endian length (2), 2 header bytes, then the key material.
    const key = new Uint8Array([0, 9, 9, 9, 2, 0, 0, 0xaa, 0xbb, 1, 2, 3]);
    const other = new Uint8Array([1, 0, 0, 0, 0, 0, 0]);
    const c = compileExpression(ngc);
    if (!c.ok) throw new Error(c.diagnostics.map((d) => d.message).join('; '));
    const r = c.evaluate({ attributes: { searchableDeviceKey: [key, other] } });
    if (!r.ok || !Array.isArray(r.value)) throw new Error(JSON.stringify(r));
    expect(r.value).toHaveLength(1);
    const out = r.value[0] as Uint8Array;
    const material = key.slice(9);
    const header = key.slice(0, 9);
    expect([...out.slice(0, 9)]).toEqual([...header]);
    expect([...out.slice(9, 12)]).toEqual([32, 0, 2]);
    expect(out.length).toBe(9 + 3 + 32 + material.length);
    expect([...out.slice(44)]).toEqual([...material]);
  });
});

describe('&& and || short-circuit on a deciding left operand', () => {
  it('does not evaluate Item out of range behind a false Contains test (Group Join mailEnabled)', () => {
    const mailEnabled =
      'IIF(((IsPresent([proxyAddresses]) = True) && (Contains([proxyAddresses], "SMTP:") > 0) && (InStr(Item([proxyAddresses], Contains([proxyAddresses], "SMTP:")), "@") > 0)) || (IsPresent([mail]) = True && (InStr([mail], "@") > 0)), True, False)';
    expect(
      evaluateExpression(mailEnabled, { attributes: { proxyAddresses: ['X500:/o=x'] } }),
    ).toEqual({
      ok: true,
      value: false,
    });
    expect(
      evaluateExpression(mailEnabled, {
        attributes: { proxyAddresses: ['X500:/o=x'], mail: 'team@contoso.com' },
      }),
    ).toEqual({ ok: true, value: true });
  });

  it('still raises Error() on the right when the left does not decide', () => {
    expect(evaluateExpression('True && Error("boom")', { attributes: {} })).toMatchObject({
      ok: false,
      error: { message: 'boom' },
    });
    expect(evaluateExpression('False || Error("boom")', { attributes: {} })).toMatchObject({
      ok: false,
    });
    expect(evaluateExpression('False && Error("boom")', { attributes: {} })).toEqual({
      ok: true,
      value: false,
    });
  });
});
