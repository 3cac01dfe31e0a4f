import { describe, expect, it } from 'vitest';
import { expressionSchema } from '../defaults/schema-for.ts';
import { checkExpression, type CheckContext } from './checker.ts';
import { parseExpression } from './parser.ts';
import { schemaFromTable } from './schema.ts';

function check(text: string, context: CheckContext = {}) {
  const parsed = parseExpression(text);
  if (!parsed.ast) throw new Error(parsed.diagnostics.map((d) => d.message).join('; '));
  return checkExpression(parsed.ast, context);
}
function messages(text: string, context: CheckContext = {}): string[] {
  return check(text, context).map((d) => d.message);
}

const ad: CheckContext = { schema: expressionSchema('ad'), direction: 'Inbound' };
const mvPerson: CheckContext = { schema: expressionSchema('mv', 'person'), direction: 'Outbound' };

describe('checkExpression', () => {
  it('function names are case-sensitive, with a suggestion at the name', () => {
    const [d] = check('iif(True, 1, 2)');
    expect(d).toEqual({
      message: "Unknown function 'iif'. Did you mean 'IIF'?",
      start: 0,
      end: 3,
      severity: 'error',
    });
    expect(messages('Trm([sn])')).toEqual(["Unknown function 'Trm'. Did you mean 'Trim'?"]);
    expect(messages('Frobnicate(1)')).toEqual(["Unknown function 'Frobnicate'."]);
  });

  it('cloud provisioning functions are not part of Entra Connect Sync', () => {
    for (const f of [
      'RegexReplace([sn], "a", "b")',
      'Coalesce([sn], "x")',
      'NormalizeDiacritics([sn])',
      'SelectUniqueValue([sn])',
      'ToLower([sn])',
      'ToUpper([sn])',
      'Append([sn], "x")',
    ]) {
      const [m] = messages(f);
      expect(m, f).toMatch(
        /belongs to the cloud provisioning expression language and is not part of Entra Connect Sync/,
      );
    }
    expect(messages('ToLower("A")')[0]).toContain('Use LCase instead.');
  });

  it('attribute names are case-sensitive against the schema', () => {
    const [d] = check('Trim([displayname])', ad);
    expect(d).toMatchObject({
      message:
        "Unknown attribute 'displayname'. Did you mean 'displayName'? Attribute names are case-sensitive.",
      start: 5,
      end: 18,
      severity: 'error',
    });
    expect(check('Trim([employeeNumberX])', ad)[0]?.severity).toBe('warning');
    expect(check('Trim([sn])', ad)).toEqual([]);
    expect(check('CRef([dn])', ad)).toEqual([]);
  });

  it('checks the number of arguments', () => {
    expect(messages('IIF(True, 1)')).toEqual(['IIF expects 3 arguments but got 2.']);
    expect(messages('Left("abc")')).toEqual(['Left expects 2 arguments but got 1.']);
    expect(messages('Mid("abc", 1, 2, 3)')).toEqual(['Mid expects 2 to 3 arguments but got 4.']);
    expect(messages('Switch(True, 1, False)')).toEqual([
      'Switch expects 2 or more arguments but got 3.',
    ]);
    expect(messages('Now(1)')).toEqual(['Now expects 0 arguments but got 1.']);
  });

  it('checks argument types against the schema', () => {
    expect(messages('Left([userAccountControl], 2)', ad)).toEqual([
      'Argument 1 of Left must be a string, not number.',
    ]);
    expect(messages('BitAnd([sn], 2)', ad)).toEqual([
      'Argument 1 of BitAnd must be a number, not string.',
    ]);
    expect(messages('Count([sn])', ad)).toEqual([
      'Argument 1 of Count must be a multi-valued string (a multi-valued attribute), not a single value.',
    ]);
    expect(messages('Item([proxyAddresses], "1")', ad)).toEqual([
      'Argument 2 of Item must be a number, not string.',
    ]);
    expect(messages('StringFromSid([sn])', ad)).toEqual([
      'Argument 1 of StringFromSid must be a binary value, not string.',
    ]);
    expect(messages('DNComponent([sn], 1)', ad)).toEqual([
      'Argument 1 of DNComponent must be a reference, not string.',
    ]);
    expect(messages('[sn] + 1', ad)).toEqual([
      "'+' needs numbers but got string; convert it with CNum.",
    ]);
    expect(messages('Trim([proxyAddresses])', ad)).toEqual([]);
    expect(messages('Contains([proxyAddresses], "SMTP:")', ad)).toEqual([]);
    expect(messages('Contains([manager], "x")', ad)).toEqual([
      'Argument 1 of Contains must be a multi-valued reference (a multi-valued attribute), not a single value.',
    ]);
    expect(messages('IIF([cloudFiltered], [mail], NULL)', mvPerson)).toEqual([]);
  });

  it('checks enumeration words where a function takes them', () => {
    expect(messages('InStr("a", "b", 1, vbTextCompare)')).toEqual([]);
    expect(messages('InStr("a", "b", 1, vbTextcompare)')).toEqual([
      "InStr does not accept 'vbTextcompare' here; expected vbTextCompare or vbBinaryCompare. Did you mean 'vbTextCompare'?",
    ]);
    expect(messages('Contains([p], "x", CaseInsensitive)')).toEqual([]);
    expect(messages('DNComponentRev(CRef([dn]), 1, "DC")')).toEqual([]);
    expect(messages('ConvertFromBase64("eA==", UTF8)')).toEqual([]);
    expect(messages('Trim(true)')).toEqual(["Unknown name 'true'. Did you mean 'True'?"]);
    expect(messages('IIF(IsNull([a]), null, 1)')).toEqual([
      "Unknown name 'null'. Did you mean 'NULL'?",
    ]);
  });

  it('scopes $variables to Select, Where and With', () => {
    expect(messages('Select($item, [otherPhone], Replace($item, "-", ""))')).toEqual([]);
    expect(messages('With($n, Count([v]), $n * 2)')).toEqual([]);
    expect(messages('Trim($item)')).toEqual([
      "The variable '$item' is not defined here; Select, Where and With define variables.",
    ]);
    expect(messages('Select($item, $item, 1)')).toEqual([
      "The variable '$item' is not defined here; Select, Where and With define variables.",
    ]);
    expect(messages('Select("x", [v], 1)')).toContain(
      'The first argument of Select must be a $variable.',
    );
  });

  it('special literals can only be a result', () => {
    expect(messages('Trim(IgnoreThisFlow)')).toEqual([
      'Argument 1 of Trim cannot be special value; it can only be the result of the flow.',
    ]);
    expect(messages('IIF(True, AuthoritativeNull, IgnoreThisFlow)')).toEqual([]);
  });

  it('knows the built-in parameters and warns about others', () => {
    expect(check('%Forest.LDAP%')).toEqual([]);
    expect(check('%Forest.LDAP%', { direction: 'Inbound' })).toEqual([]);
    expect(check('%Domain.FQDN%', { direction: 'Outbound' })[0]).toMatchObject({
      severity: 'warning',
      message:
        '%Domain.FQDN% is set by the Active Directory connector for inbound rules; it has no value in an outbound rule.',
    });
    expect(check('%Connector.ID%', { direction: 'Outbound' })).toEqual([]);
    expect(check('%ReplaceString%')[0]).toMatchObject({
      severity: 'warning',
      message: "Unknown parameter '%ReplaceString%'.",
    });
    expect(check('%ReplaceString%', { parameters: ['ReplaceString'] })).toEqual([]);
    expect(check('%domain.fqdn%')[0]).toMatchObject({
      severity: 'error',
      message: "Unknown parameter '%domain.fqdn%'. Did you mean '%Domain.FQDN%'?",
    });
  });

  it('types ImportedValue from the named attribute', () => {
    const schema = schemaFromTable({ proxyAddresses: 'S', sn: 's' });
    expect(messages('RemoveDuplicates(Trim(ImportedValue("proxyAddresses")))', { schema })).toEqual(
      [],
    );
    expect(messages('ImportedValue([proxyAddresses])', { schema })).toEqual([
      'ImportedValue takes the attribute name in quotes: ImportedValue("proxyAddresses").',
    ]);
    expect(messages('ValueCount("proxyAdresses")', { schema })).toEqual([
      "Unknown attribute 'proxyAdresses'. Did you mean 'proxyAddresses'?",
    ]);
    expect(messages('RemoveDuplicates(Trim(ImportedValue("sn")))', { schema })).toEqual([
      'Argument 1 of RemoveDuplicates must be a multi-valued string (a multi-valued attribute), not a single value.',
    ]);
  });
});
