import { describe, expect, it } from 'vitest';
import { Ref } from '../expr/values.ts';
import type { ScopeCondition, ScopeOperator } from './model.ts';
import { evaluateCondition, isInScope } from './scoping.ts';

const c = (attribute: string, operator: ScopeOperator, value = ''): ScopeCondition => ({
  attribute,
  operator,
  value,
});
const attrs = {
  department: 'Sales',
  uac: 514,
  memberCount: 120,
  proxy: ['SMTP:a@x.com', 'smtp:b@x.com'],
  flag: true,
};

describe('scoping operators (spec §2.3)', () => {
  const cases: [ScopeCondition, boolean][] = [
    [c('department', 'EQUAL', 'sales'), true],
    [c('department', 'NOTEQUAL', 'Sales'), false],
    [c('missing', 'NOTEQUAL', 'TRUE'), true],
    [c('missing', 'EQUAL', 'x'), false],
    [c('memberCount', 'LESSTHAN', '50000'), true],
    [c('memberCount', 'LESSTHAN_OR_EQUAL', '120'), true],
    [c('memberCount', 'GREATERTHAN', '120'), false],
    [c('memberCount', 'GREATERTHAN_OR_EQUAL', '120'), true],
    [c('department', 'CONTAINS', 'ale'), true],
    [c('department', 'NOTCONTAINS', 'ale'), false],
    [c('department', 'STARTSWITH', 'Sa'), true],
    [c('missing', 'NOTSTARTSWITH', 'User_'), true],
    [c('department', 'ENDSWITH', 'es'), true],
    [c('department', 'NOTENDSWITH', 'es'), false],
    [c('missing', 'ISNULL'), true],
    [c('department', 'ISNOTNULL'), true],
    [c('proxy', 'ISIN', 'smtp:B@x.com'), true],
    [c('proxy', 'ISNOTIN', 'smtp:c@x.com'), true],
    [c('proxy', 'EQUAL', 'SMTP:a@x.com'), false],
    [c('uac', 'ISBITSET', '2'), true],
    [c('uac', 'ISNOTBITSET', '2'), false],
    [c('uac', 'ISBITNOTSET', '2'), false],
    [c('flag', 'EQUAL', 'TRUE'), true],
  ];
  for (const [cond, want] of cases) {
    it(`${cond.attribute} ${cond.operator} ${cond.value} → ${want}`, () => {
      expect(evaluateCondition(cond, { attributes: attrs })).toBe(want);
    });
  }

  it('substitutes parameters in values', () => {
    const ctx = {
      attributes: { contributingConnectorExchange: 'abc' },
      parameters: { 'Connector.ID': 'abc' },
    };
    expect(
      evaluateCondition(c('contributingConnectorExchange', 'EQUAL', '%Connector.ID%'), ctx),
    ).toBe(true);
  });

  it('ISMEMBEROF asks the connector space', () => {
    const ctx = { attributes: {}, isMemberOf: (dn: string) => dn === 'CN=Staff,DC=contoso,DC=com' };
    expect(evaluateCondition(c('x', 'ISMEMBEROF', 'CN=Staff,DC=contoso,DC=com'), ctx)).toBe(true);
    expect(evaluateCondition(c('x', 'ISNOTMEMBEROF', 'CN=Staff,DC=contoso,DC=com'), ctx)).toBe(
      false,
    );
    void new Ref('CN=Staff');
  });

  it('ORs groups and ANDs clauses; an empty filter is in scope', () => {
    const f = [
      [c('department', 'EQUAL', 'IT'), c('uac', 'ISBITSET', '2')],
      [c('department', 'EQUAL', 'Sales')],
    ];
    expect(isInScope(f, { attributes: attrs })).toBe(true);
    expect(isInScope([f[0] ?? []], { attributes: attrs })).toBe(false);
    expect(isInScope([], { attributes: {} })).toBe(true);
  });
});
