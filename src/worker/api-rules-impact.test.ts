import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncRule } from '../engine/rules/model.ts';
import { rulesApi } from './api-rules.ts';
import { workspaceApi } from './api-workspace.ts';
import { currentSession } from './session.ts';

function initialsRule(): SyncRule {
  return {
    ...rulesApi.rulesNew('Inbound'),
    name: 'In from AD - User Initial DisplayName',
    precedence: 50,
    scopingFilter: [[{ attribute: 'sn', operator: 'ISNOTNULL', value: '' }]],
    transformations: [
      {
        target: 'displayName',
        flowType: 'Expression',
        expression: 'Left([givenName],1) & [sn]',
        applyOnce: false,
        mergeType: 'Update',
      },
    ],
  };
}

describe('impact, precedence, explanations and compare through the rules API', () => {
  beforeAll(async () => {
    expect(workspaceApi.openBuiltIn('galsync-merger').ok).toBe(true);
    await currentSession().runSteps();
  });

  it('summarizes the impact of a draft without saving it, and pages its rows', async () => {
    const before = JSON.stringify(currentSession().result());
    const rule = initialsRule();
    const impact = await rulesApi.rulesImpact({ kind: 'draft', rule });
    if (!impact.ok) throw new Error(impact.messages.join());
    expect(impact.changedRules).toEqual([{ id: rule.id, name: rule.name, change: 'added' }]);
    expect(impact.counts.mvUpdated).toBeGreaterThan(0);
    const page = rulesApi.rulesImpactPage({
      id: impact.id,
      list: 'metaverse',
      offset: 0,
      limit: 2,
    });
    if ('expired' in page) throw new Error('expired');
    expect(page.total).toBe(impact.counts.mvUpdated);
    expect(page.rows[0]?.changes.map((c) => c.attribute)).toContain('displayName');
    expect(rulesApi.rulesGet(rule.id)).toBeNull();
    expect(JSON.stringify(currentSession().result())).toBe(before);
    // A later request makes the earlier pages expire.
    await rulesApi.rulesImpact({ kind: 'draft', rule: { ...rule, precedence: 49 } });
    expect(
      rulesApi.rulesImpactPage({ id: impact.id, list: 'metaverse', offset: 0, limit: 2 }),
    ).toEqual({
      expired: true,
    });
  });

  it('a rule saved right after a Full Synchronization still needs the next one', async () => {
    const rule = { ...initialsRule(), name: 'Custom full sync', precedence: 30 };
    expect((await rulesApi.rulesSave(rule)).ok).toBe(true);
    await rulesApi.rulesRunFullSynchronization([rule.connector]);
    expect(rulesApi.rulesFullSyncRequired()).toEqual([]);
    expect((await rulesApi.rulesSave({ ...rule, description: 'changed' })).ok).toBe(true);
    expect(rulesApi.rulesFullSyncRequired()).toEqual([rule.connector]);
    expect((await rulesApi.rulesDelete(rule.id)).ok).toBe(true);
    await rulesApi.rulesRunFullSynchronization([rule.connector]);
  });

  it('explains the scoping filter and join of a draft on a real object', async () => {
    const rule = {
      ...initialsRule(),
      joinRules: [[{ source: 'mail', target: 'mail', caseSensitive: false }]],
    };
    const [object] = rulesApi.rulesFindObjects({
      scope: 'cs',
      connector: rule.connector,
      objectType: 'user',
      text: '',
    });
    if (!object) throw new Error('no object');
    const scope = rulesApi.rulesExplainScope(rule, object.id);
    expect(scope.ok && scope.explanation.groups[0]?.clauses[0]?.attribute).toBe('sn');
    const join = rulesApi.rulesExplainJoin(rule, object.id);
    expect(join.ok && join.explanation.groups).toHaveLength(1);
  });

  it('shows the precedence of displayName and reorders custom rules', async () => {
    const a = { ...initialsRule(), name: 'Custom A', precedence: 40 };
    expect((await rulesApi.rulesSave(a)).ok).toBe(true);
    const b = { ...initialsRule(), name: 'Custom B', precedence: 45 };
    expect((await rulesApi.rulesSave(b)).ok).toBe(true);
    const view = rulesApi.rulesPrecedence({ attribute: 'displayName', objectType: 'person' });
    expect(view.rows.slice(0, 2).map((r) => r.ruleName)).toEqual(['Custom A', 'Custom B']);
    const r = await rulesApi.rulesReorder([b.id, a.id]);
    expect(r.ok && r.changes.map((c) => [c.name, c.to])).toEqual([
      ['Custom B', 40],
      ['Custom A', 45],
    ]);
    expect(rulesApi.rulesGet(a.id)?.precedence).toBe(45);
  });

  it('shows the outbound precedence of an Entra ID attribute for a metaverse object', () => {
    const aad = rulesApi.rulesConnectors().find((c) => c.kind === 'aad')?.name ?? '';
    const user = rulesApi.rulesOutboundTargets(aad).find((t) => t.objectType === 'user');
    expect(user?.attributes).toContain('displayName');
    expect(user?.metaverseObjectTypes).toEqual(['person']);
    const [ann] = rulesApi.rulesFindObjects({ scope: 'mv', objectType: 'person', text: 'Ann Lee' });
    if (!ann) throw new Error('no Ann Lee');
    const view = rulesApi.rulesPrecedence({
      direction: 'Outbound',
      connector: aad.toUpperCase(),
      objectType: 'user',
      attribute: 'displayName',
      mvId: ann.id,
    });
    expect(view.connector).toBe(aad);
    const winner = view.rows.find((r) => r.contribution?.wins);
    expect(winner?.ruleName).toBe('Out to AAD - User Identity');
    expect(view.result).toMatchObject({ ruleName: 'Out to AAD - User Identity' });
    expect(view.result?.target).toMatch(/^CN=\{.*\} \(user\)\. It has /);
  });

  it('compares with a rule file (connector names without case) and refuses a bad one', () => {
    const [custom] = rulesApi
      .rulesList({ direction: 'Inbound' })
      .filter((r) => !r.isDefault && r.name === 'Custom A');
    if (!custom) throw new Error('no custom rule');
    const ps = rulesApi
      .rulesExport({ ids: [custom.id], format: 'powershell' })
      .replace(/-Precedence \d+/, '-Precedence 7');
    const compare = rulesApi.rulesCompare({
      kind: 'file',
      request: { format: 'powershell', files: [{ name: 'a.ps1', text: ps }] },
    });
    if (!compare.ok) throw new Error(compare.messages.join());
    const row = compare.rows.find((r) => r.name === 'Custom A');
    expect(row?.status).toBe('Modified');
    expect(row?.differences).toEqual([
      {
        section: 'Description',
        field: 'Precedence',
        reference: '7',
        current: String(custom.precedence),
      },
    ]);
    const bad = rulesApi.rulesCompare({
      kind: 'file',
      request: {
        format: 'powershell',
        files: [{ name: 'b.ps1', text: 'New-ADSyncRule -Bogus 1' }],
      },
    });
    expect(!bad.ok && bad.messages[0]).toMatch(/^b\.ps1: line 1: /);
  });

  it('compares the current rules with the defaults and measures reverting to them', async () => {
    const compare = rulesApi.rulesCompare({ kind: 'defaults' });
    if (!compare.ok) throw new Error(compare.messages.join());
    expect(compare.rows.filter((r) => r.status === 'Added').map((r) => r.name)).toEqual(
      expect.arrayContaining(['Custom A', 'Custom B']),
    );
    const impact = await rulesApi.rulesImpact({
      kind: 'reference',
      reference: { kind: 'defaults' },
    });
    expect(impact.ok && impact.changedRules.map((c) => c.change)).toEqual(['removed', 'removed']);
  });
});
