import { describe, expect, it } from 'vitest';
import { cloneDefaultRule, isDefaultRule } from './clone.ts';
import { generateDefaultRules } from './generate.ts';

const rules = generateDefaultRules(
  { sourceAnchor: 'objectGUID', userMatching: 'objectSidToMsExchMasterAccountSid' },
  { forests: ['contoso.com'], entra: 'contoso.onmicrosoft.com - AAD' },
);
const userJoin = rules.find((r) => r.name === 'In from AD - User Join');
if (userJoin === undefined) throw new Error('no User Join rule');

describe('cloneDefaultRule', () => {
  it('copies the rule without its tag, under a new id and a free precedence below 100, and disables the original', () => {
    const r = cloneDefaultRule(userJoin, rules);
    if (!r.ok) throw new Error(r.message);
    expect(r.clone.immutableTag).toBeUndefined();
    expect(isDefaultRule(r.clone)).toBe(false);
    expect(r.clone.id).not.toBe(userJoin.id);
    expect(r.clone.precedence).toBe(99);
    expect(r.clone.disabled).toBe(false);
    expect(r.clone.joinRules).toEqual(userJoin.joinRules);
    expect(r.clone.transformations).toEqual(userJoin.transformations);
    expect(r.rules.find((x) => x.id === userJoin.id)?.disabled).toBe(true);
    expect(r.rules).toHaveLength(rules.length + 1);
    expect(rules.find((x) => x.id === userJoin.id)?.disabled).toBe(false);
    expect(new Set(r.rules.map((x) => x.precedence)).size).toBe(r.rules.length);
  });

  it('does not share objects with the original', () => {
    const r = cloneDefaultRule(userJoin, rules);
    if (!r.ok) throw new Error(r.message);
    r.clone.joinRules.splice(0);
    expect(userJoin.joinRules.length).toBe(5);
  });

  it('takes the next free precedence when 99 is used, and a requested name and precedence', () => {
    const first = cloneDefaultRule(userJoin, rules);
    if (!first.ok) throw new Error(first.message);
    const common = first.rules.find((x) => x.name === 'In from AD - User Common');
    if (common === undefined) throw new Error('no User Common');
    const second = cloneDefaultRule(common, first.rules);
    expect(second.ok && second.clone.precedence).toBe(98);
    const named = cloneDefaultRule(common, first.rules, {
      name: 'Custom - User Common',
      precedence: 50,
    });
    expect(named.ok && [named.clone.name, named.clone.precedence]).toEqual([
      'Custom - User Common',
      50,
    ]);
  });

  it.each([
    ['a custom rule', { precedence: 60 }, (m: string) => /not a default rule/.test(m), true],
    ['a used precedence', { precedence: 100 }, (m: string) => /already used/.test(m), false],
    ['a negative precedence', { precedence: -1 }, (m: string) => /whole number/.test(m), false],
  ])('refuses %s', (_what, options, check, custom) => {
    const base = custom ? cloneDefaultRule(userJoin, rules) : null;
    const target = base?.ok ? base.clone : userJoin;
    const set = base?.ok ? base.rules : rules;
    const r = cloneDefaultRule(target, set, custom ? {} : options);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(check(r.message)).toBe(true);
  });

  it('refuses when every precedence below 100 is taken', () => {
    const crowded = [
      ...rules,
      ...Array.from({ length: 99 }, (_, i) => ({
        ...userJoin,
        id: `x${i}`,
        immutableTag: undefined,
        precedence: i + 1,
      })),
    ];
    const r = cloneDefaultRule(userJoin, crowded);
    expect(!r.ok && r.message).toMatch(/taken/);
  });
});
