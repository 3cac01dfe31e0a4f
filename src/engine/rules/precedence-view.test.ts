import { describe, expect, it } from 'vitest';
import type { SyncEngine } from '../sync/engine.ts';
import { runScenarioSteps } from '../sync/scenario-runner.ts';
import { AAD } from '../sync/test-helpers.ts';
import { customRule, displayNameRule, settledWorkspace } from './rule-test-helpers.ts';
import type { SyncRule } from './model.ts';
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

/** A custom outbound rule to Entra ID users: `displayName` from an expression. */
function outRule(
  id: string,
  precedence: number,
  expression: string,
  patch: Partial<SyncRule> = {},
) {
  return customRule({
    id,
    name: `Out ${id}`,
    direction: 'Outbound',
    connector: AAD,
    sourceObjectType: 'person',
    targetObjectType: 'user',
    precedence,
    // The same displayName flow as the inbound helper's, without its scoping filter.
    transformations: displayNameRule(id, precedence, expression).transformations,
    ...patch,
  });
}

const outbound = (engine: SyncEngine, rules: SyncRule[], name: string, connector = AAD) =>
  precedenceView(engine, rules, {
    direction: 'Outbound',
    connector,
    objectType: 'user',
    attribute: 'displayName',
    mvId: mvId(engine, name),
  });

describe('precedenceView, outbound', () => {
  it('orders the rules flowing into a target attribute and shows the value export writes', () => {
    const engine = workspace();
    const rules = [
      ...engine.rules.values(),
      outRule('a', 40, 'IIF([displayName]="Ann",NULL,"x")'),
      outRule('b', 50, '"Dr. " & [displayName]'),
      outRule('c', 60, '"Bob only"', {
        scopingFilter: [[{ attribute: 'displayName', operator: 'EQUAL', value: 'Bob' }]],
      }),
    ];
    const view = outbound(engine, rules, 'Ann');
    expect(view).toMatchObject({ direction: 'Outbound', connector: AAD, objectType: 'user' });
    expect(
      view.rows.map((r) => [
        r.ruleName,
        r.precedence,
        r.contribution?.state,
        r.contribution?.value,
        r.contribution?.wins,
      ]),
    ).toEqual([
      ['Out a', 40, 'NULL', 'NULL', false],
      ['Out b', 50, 'value', 'Dr. Ann', true],
      ['Out c', 60, 'out of scope', '', false],
      ['Out to AAD - User Join', 200, 'value', 'Ann', false],
    ]);
    expect(view.rows[3]?.contribution?.reason).toBe('lower precedence');
    expect(view.result).toMatchObject({ value: 'Dr. Ann', ruleName: 'Out b', label: 'Ann' });
    expect(view.result?.target).toMatch(
      /^CN=\{[0-9A-F]+\} \(user\)\. It has Ann; export changes it to Dr\. Ann\.$/,
    );
  });

  it('decides as the engine does: the value the next synchronization exports', () => {
    const engine = workspace();
    const added = [
      outRule('a', 40, 'IIF([displayName]="Ann",NULL,"x")'),
      outRule('b', 50, '"Dr. " & [displayName]'),
    ];
    const view = outbound(engine, [...engine.rules.values(), ...added], 'Ann');
    for (const r of added) engine.putRule(r);
    const out = runScenarioSteps(engine, [
      { run: 'Full Synchronization', connector: 'contoso.com' },
    ]);
    expect(out.ok).toBe(true);
    const mv = engine.mv.get(mvId(engine, 'Ann') ?? '');
    const cs = mv?.connectors.map((id) => engine.cs.get(id)).find((c) => c?.connector === AAD);
    expect(cs?.pendingExport?.set['displayName']).toBe('Dr. Ann');
    expect(view.result?.value).toBe('Dr. Ann');
  });

  it('shows Apply Once, other object types and errors', () => {
    const engine = workspace();
    const rules = [
      ...engine.rules.values(),
      outRule('once', 30, '"first"', {
        transformations: [
          {
            target: 'displayName',
            flowType: 'Constant',
            value: 'first',
            applyOnce: true,
            mergeType: 'Update',
          },
        ],
      }),
      outRule('groups', 35, '[displayName]', { sourceObjectType: 'group' }),
      outRule('broken', 45, 'Error("no display name here")'),
    ];
    const view = outbound(engine, rules, 'Ann');
    expect(view.rows.slice(0, 3).map((r) => [r.ruleName, r.contribution?.state])).toEqual([
      ['Out once', 'apply once'],
      ['Out groups', 'other object type'],
      ['Out broken', 'error'],
    ]);
    expect(view.rows[2]?.contribution?.value).toBe('no display name here');
    expect(view.result?.value).toBe('(error)');
    expect(view.result?.target).toContain("'Out broken' fails on displayName");
  });

  it('flows nothing to an AD connector until a rule in scope can link the object', () => {
    const engine = workspace();
    const toAd = (patch: Partial<SyncRule> = {}) =>
      outRule('ad', 60, '"Dr. " & [displayName]', { connector: 'contoso.com', ...patch });
    const blocked = outbound(engine, [...engine.rules.values(), toAd()], 'Ann', 'contoso.com');
    expect(blocked.rows.map((r) => [r.ruleName, r.contribution?.state])).toEqual([
      ['Out ad', 'value'],
    ]);
    expect(blocked.result).toMatchObject({
      value: '(nothing flows)',
      target:
        'No join or provisioning rule for user is in scope: attributes do not flow to CN=Ann,OU=Users,DC=contoso,DC=com.',
    });
    const join = toAd({
      joinRules: [[{ source: 'objectGUID', target: 'sourceAnchorBinary', caseSensitive: false }]],
    });
    const flows = outbound(engine, [...engine.rules.values(), join], 'Ann', 'contoso.com');
    expect(flows.result).toMatchObject({
      value: 'Dr. Ann',
      ruleName: 'Out ad',
      target: 'CN=Ann,OU=Users,DC=contoso,DC=com (user). It has Ann; export changes it to Dr. Ann.',
    });
  });

  it('flags outbound precedence problems and reorders outbound custom rules', () => {
    const engine = workspace();
    const rules = [...engine.rules.values(), outRule('a', 40, '"a"'), outRule('b', 200, '"b"')];
    const view = outbound(engine, rules, 'Ann');
    expect(view.issues.filter((i) => i.ruleId === 'b').map((i) => i.message)).toEqual([
      "Precedence 200 is also used by 'Out to AAD - User Join'.",
      "Custom rules need a whole precedence from 0 to 99; 'Out b' has 200.",
    ]);
    const r = reorderCustomRules(rules, ['b', 'a']);
    expect(r).toMatchObject({ ok: true });
    const moved = new Map((r.ok ? r.changes : []).map((c) => [c.id, c.to]));
    expect((moved.get('b') ?? 200) < (moved.get('a') ?? 40)).toBe(true);
    expect([...moved.values()].every((p) => p <= 99)).toBe(true);
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
