import { describe, expect, it } from 'vitest';
import { explainExpression } from './explain-expression.ts';

describe('explainExpression', () => {
  it('records every call, operator and attribute with its value', () => {
    const e = explainExpression('Left([givenName],1) & [sn]', {
      attributes: { givenName: 'Ann', sn: 'Lee' },
    });
    if (!e.ok) throw new Error('expected ok');
    expect(e.result).toEqual({ ok: true, value: 'ALee' });
    const shown = e.steps.map((s) => [
      s.text,
      s.depth,
      s.outcome.status === 'evaluated' && s.outcome.result.ok ? s.outcome.result.value : null,
    ]);
    expect(shown).toEqual([
      ['Left([givenName],1) & [sn]', 0, 'ALee'],
      ['Left([givenName],1)', 1, 'A'],
      ['[givenName]', 2, 'Ann'],
      ['[sn]', 1, 'Lee'],
    ]);
  });

  it('marks the IIF branch the condition did not choose as not evaluated', () => {
    const e = explainExpression('IIF(IsPresent([sn]), [sn], Error("no sn"))', {
      attributes: { sn: 'Lee' },
    });
    if (!e.ok) throw new Error('expected ok');
    const error = e.steps.find((s) => s.text === 'Error("no sn")');
    expect(error?.outcome).toEqual({
      status: 'skipped',
      reason: 'Not evaluated: the IIF condition is True.',
    });
    const absent = explainExpression('IIF(IsPresent([sn]), [sn], Error("no sn"))', {
      attributes: {},
    });
    if (!absent.ok) throw new Error('expected ok');
    expect(absent.result).toEqual({
      ok: false,
      error: { type: 'sync-rule-error-function-triggered', message: 'no sn' },
    });
    const sn = absent.steps.filter((s) => s.text === '[sn]');
    expect(sn.map((s) => s.outcome.status)).toEqual(['evaluated', 'skipped']);
  });

  it('does not evaluate sub-expressions that use a variable bound outside them', () => {
    const e = explainExpression('Select($item, [otherPhone], Replace($item, "-", ""))', {
      attributes: { otherPhone: ['1-2', '3-4'] },
    });
    if (!e.ok) throw new Error('expected ok');
    expect(e.result).toEqual({ ok: true, value: ['12', '34'] });
    const inner = e.steps.find((s) => s.text.startsWith('Replace'));
    expect(inner?.outcome.status).toBe('skipped');
  });

  it('gives the result per value of a multi-valued input', () => {
    const e = explainExpression('IIF(InStr([proxyAddresses],"SIP:")=1,NULL,[proxyAddresses])', {
      attributes: { proxyAddresses: ['SMTP:a@contoso.com', 'SIP:a@contoso.com'] },
    });
    if (!e.ok) throw new Error('expected ok');
    expect(e.perValue?.attribute).toBe('proxyAddresses');
    expect(e.perValue?.rows.map((r) => r.input)).toEqual([
      'SMTP:a@contoso.com',
      'SIP:a@contoso.com',
    ]);
    expect(e.perValue?.rows.length).toBe(2);
  });

  it('returns the diagnostics when the expression does not compile', () => {
    const e = explainExpression('iif(True, 1, 2)', { attributes: {} });
    expect(e.ok).toBe(false);
    if (e.ok) return;
    expect(e.diagnostics[0]?.message).toContain("Did you mean 'IIF'?");
  });
});
