import { describe, expect, it } from 'vitest';
import { evalCommand } from './eval.ts';
import type { CliIo } from './main.ts';

function run(args: string[]): { code: number; out: unknown; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: () => {
      throw new Error('no files');
    },
  };
  const code = evalCommand(args, io);
  return { code, out: stdout ? (JSON.parse(stdout) as unknown) : undefined, stdout, stderr };
}

describe('synclab eval', () => {
  it('prints {"value": V} with exit 0', () => {
    expect(run(['Word("The quick brown fox",3," ")'])).toMatchObject({
      code: 0,
      out: { value: 'brown' },
    });
    expect(run(['Split("a,b",",")']).out).toEqual({ value: ['a', 'b'] });
    expect(run(['NULL']).out).toEqual({ value: null });
    expect(run(['1 = 1']).out).toEqual({ value: true });
    expect(run(['AuthoritativeNull']).out).toEqual({ value: { $special: 'AuthoritativeNull' } });
    expect(run(['CGuid("5b973110-6382-4a80-bbf8-6bb21c1bb741")']).out).toEqual({
      value: { $binary: 'EDGXW4JjgEq7+GuyHBu3QQ==' },
    });
    expect(run(['CRef("CN=Ann,DC=contoso,DC=com")']).out).toEqual({
      value: { $ref: 'CN=Ann,DC=contoso,DC=com' },
    });
    expect(run(['DateFromNum(129699324000000000)']).out).toEqual({
      value: { $datetime: '2012-01-01T23:00:00Z' },
    });
    expect(run(['NumFromDate(DateFromNum(129699324000000001))']).stdout).toBe(
      '{"value":129699324000000001}\n',
    );
  });

  it('reads attributes in the JSON value encoding, with AD syntax for known names', () => {
    const guid = '{"objectGUID":"5b973110-6382-4a80-bbf8-6bb21c1bb741"}';
    expect(run(['ConvertToBase64([objectGUID])', '--attributes', guid]).out).toEqual({
      value: 'EDGXW4JjgEq7+GuyHBu3QQ==',
    });
    expect(
      run(['StringFromSid([objectSid])', '--attributes', '{"objectSid":"S-1-5-21-1-2-3-1104"}'])
        .out,
    ).toEqual({ value: 'S-1-5-21-1-2-3-1104' });
    expect(
      run(['Trim([proxyAddresses])', '--attributes={"proxyAddresses":[" SMTP:a@b "]}']).out,
    ).toEqual({ value: ['SMTP:a@b'] });
    expect(run(['ConvertToBase64([x])', '--attributes', '{"x":{"$binary":"AQID"}}']).out).toEqual({
      value: 'AQID',
    });
    expect(
      run(['[pwdLastSet] + 1', '--attributes', '{"pwdLastSet":"9223372036854775806"}']).stdout,
    ).toBe('{"value":9223372036854775807}\n');
    expect(
      run(['DNComponent([manager],1)', '--attributes', '{"manager":{"$ref":"CN=Bob,DC=x"}}']).out,
    ).toEqual({ value: 'Bob' });
  });

  it('reads parameters, the clock and the seed', () => {
    expect(run(['%Domain.FQDN%', '--parameters', '{"Domain.FQDN":"contoso.com"}']).out).toEqual({
      value: 'contoso.com',
    });
    expect(run(['Now()', '--now', '2024-05-01T10:00:00Z']).out).toEqual({
      value: { $datetime: '2024-05-01T10:00:00Z' },
    });
    const a = run(['RandomNum(1, 1000000)', '--seed', '42']).out;
    expect(run(['RandomNum(1, 1000000)', '--seed', '42']).out).toEqual(a);
  });

  it('prints an object error with exit 0', () => {
    expect(
      run(['IIF(IsPresent([accountName]),[accountName],Error("AccountName is required"))']),
    ).toMatchObject({
      code: 0,
      out: {
        error: { type: 'sync-rule-error-function-triggered', message: 'AccountName is required' },
      },
    });
  });

  it('prints diagnostics with exit 2', () => {
    expect(run(['iif(True,1,2)'])).toMatchObject({
      code: 2,
      out: {
        diagnostics: [{ message: "Unknown function 'iif'. Did you mean 'IIF'?", start: 0, end: 3 }],
      },
    });
    expect(run(['Left([sn],'])).toMatchObject({
      code: 2,
      out: { diagnostics: [{ start: 10, end: 10 }] },
    });
  });

  it('rejects bad options on stderr with exit 2', () => {
    expect(run([])).toMatchObject({ code: 2, stdout: '' });
    expect(run(['1', '--attributes', '{bad'])).toMatchObject({ code: 2, stdout: '' });
    expect(run(['1', '--attributes', '[1]']).stderr).toContain(
      '--attributes must be a JSON object.',
    );
    expect(run(['1', '--attributes', '{"objectGUID":"nope"}']).code).toBe(2);
    expect(run(['1', '--bogus', 'x']).stderr).toContain("unknown option '--bogus'");
  });
});
