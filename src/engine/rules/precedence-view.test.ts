import { describe, expect, it } from 'vitest';
import type { SyncEngine } from '../sync/engine.ts';
import { displayNameRule, settledWorkspace } from './rule-test-helpers.ts';
import { precedenceIssues, precedenceView, reorderCustomRules } from './precedence-view.ts';

const workspace = () => settledWorkspace();
const custom = displayNameRule;

const mvId = (engine: SyncEngine, name: string) =>
  [...engine.mv.values()].find((m) => m.attributes['displayName'] === name)?.id;

describe('precedenceView', () => {
  it('orders the contributors and shows the winner for an object', () => {
    const engine = workspace();
    const rules = [
      ...engine.rules.values(),
      custom('a', 40, 'IIF([sn]="Lee",NULL,"x")'),
      custom('b', 50, 'Left([givenName],1) & [sn]'),
    ];
    const view = precedenceView(engine, rules, {
      attribute: 'displayName',
      objectType: 'person',
      mvId: mvId(engine, 'Ann'),
    });
    expect(view.rows.map((r) => [r.ruleName, r.precedence])).toEqual([
      ['Custom a', 40],
      ['Custom b', 50],
      ['In from AD - User Common (contoso.com)', 110],
    ]);
    expect(
      view.rows.map((r) => [r.contribution?.state, r.contribution?.value, r.contribution?.wins]),
    ).toEqual([
      ['NULL', 'NULL', false],
      ['value', 'ALee', true],
      ['value', 'Ann', false],
    ]);
    expect(view.rows[0]?.contribution?.reason).toBe('NULL (nothing to contribute)');
    expect(view.rows[2]?.contribution?.reason).toBe('lower precedence');
    expect(view.result).toEqual({ value: 'ALee', ruleName: 'Custom b', label: 'Ann' });
  });

  it('shows out-of-scope rules and AuthoritativeNull', () => {
    const engine = workspace();
    const rules = [...engine.rules.values(), custom('a', 40, 'AuthoritativeNull')];
    const bob = precedenceView(engine, rules, {
      attribute: 'displayName',
      objectType: 'person',
      mvId: mvId(engine, 'Bob'),
    });
    expect(bob.rows[0]?.contribution?.state).toBe('out of scope');
    expect(bob.result?.value).toBe('Bob');
    const ann = precedenceView(engine, rules, {
      attribute: 'displayName',
      objectType: 'person',
      mvId: mvId(engine, 'Ann'),
    });
    expect(ann.rows[0]?.contribution).toMatchObject({ state: 'AuthoritativeNull', wins: true });
    expect(ann.rows[1]?.contribution?.reason).toBe('AuthoritativeNull of a higher-precedence rule');
    expect(ann.result?.value).toBe('(absent)');
  });
});

describe('precedence numbers', () => {
  it('flags collisions and custom rules outside 0–99', () => {
    const issues = precedenceIssues([
      custom('a', 50, '1'),
      custom('b', 50, '1'),
      custom('c', 120, '1'),
    ]);
    expect(issues.map((i) => i.message)).toEqual([
      "Precedence 50 is also used by 'Custom b'.",
      "Precedence 50 is also used by 'Custom a'.",
      "Custom rules need a whole precedence from 0 to 99; 'Custom c' has 120.",
    ]);
  });

  it('reorders custom rules by trading their numbers', () => {
    const rules = [custom('a', 40, '1'), custom('b', 50, '1'), custom('c', 60, '1')];
    expect(reorderCustomRules(rules, ['c', 'a', 'b'])).toEqual({
      ok: true,
      changes: [
        { id: 'c', name: 'Custom c', from: 60, to: 40 },
        { id: 'a', name: 'Custom a', from: 40, to: 50 },
        { id: 'b', name: 'Custom b', from: 50, to: 60 },
      ],
    });
  });

  it('gives colliding rules free numbers below 100', () => {
    const rules = [custom('a', 50, '1'), custom('b', 50, '1'), custom('x', 51, '1')];
    // b keeps 50; a takes the next number no other rule uses (51 is taken).
    expect(reorderCustomRules(rules, ['b', 'a'])).toEqual({
      ok: true,
      changes: [{ id: 'a', name: 'Custom a', from: 50, to: 52 }],
    });
  });

  it('refuses out-of-box rules', () => {
    const r = reorderCustomRules(
      [{ ...custom('a', 100, '1'), immutableTag: 'Microsoft.X' }],
      ['a'],
    );
    expect(r.ok).toBe(false);
  });
});
