import { describe, expect, it } from 'vitest';
import { toResultDocument } from '../sync/result.ts';
import { AAD, user } from '../sync/test-helpers.ts';
import { displayNameRule, settledWorkspace } from './rule-test-helpers.ts';
import type { SyncEngine } from '../sync/engine.ts';
import { diffBags } from '../sync/value-keys.ts';
import { modifyDirectoryObject } from '../sync/directory.ts';
import { runScenarioSteps } from '../sync/scenario-runner.ts';
import { applyRuleSetChange, changedRules, impactPage, ruleSetImpact } from './impact.ts';
import type { SyncRule } from './model.ts';
import { copyForSynchronization } from './workspace-copy.ts';

const workspace = settledWorkspace;
const initialDisplayName = (): SyncRule => ({
  ...displayNameRule('custom-initial-displayname', 50, 'Left([givenName],1) & [sn]'),
  name: 'In from AD - User Initial DisplayName',
});

describe('ruleSetImpact', () => {
  it('predicts the metaverse change and the Entra ID update of a new inbound rule', () => {
    const engine = workspace();
    const before = JSON.stringify(toResultDocument(engine));
    const rule = initialDisplayName();
    const report = ruleSetImpact(
      engine,
      applyRuleSetChange([...engine.rules.values()], { put: [rule] }),
    );
    expect(report.changedRules).toEqual([{ id: rule.id, name: rule.name, change: 'added' }]);
    expect(report.counts.mvUpdated).toBe(1);
    expect(report.metaverse[0]?.changes).toMatchObject([
      { attribute: 'displayName', kind: 'replace', oldValue: 'Ann', newValue: 'ALee' },
    ]);
    const aad = report.counts.exports.find((c) => c.connector === AAD);
    expect(aad).toMatchObject({ add: 0, update: 1, delete: 0, cancelled: 0 });
    const page = impactPage(report, { list: 'exports', connector: AAD, offset: 0, limit: 10 });
    expect(page.total).toBe(1);
    expect(page.rows[0]?.changes).toContainEqual({
      attribute: 'displayName',
      kind: 'replace',
      oldValue: 'Ann',
      newValue: 'ALee',
    });
    // Only the copy changed.
    expect(JSON.stringify(toResultDocument(engine))).toBe(before);
  });

  it('agrees with saving the rule and running a Full Synchronization', () => {
    const objects = [
      user('Ann', { givenName: 'Ann', sn: 'Lee' }),
      user('Bob', { givenName: 'Bob', sn: 'Ray' }),
      user('Cid'),
    ];
    const predicted = workspace(objects);
    const actual = workspace(objects);
    // Whatever a Full Synchronization would do anyway is not the rule's doing.
    const baseline = workspace(objects);
    const rule = initialDisplayName();
    const report = ruleSetImpact(
      predicted,
      applyRuleSetChange([...predicted.rules.values()], { put: [rule] }),
    );
    baseline.runProfile('contoso.com', 'Full Synchronization');
    actual.putRule(rule);
    actual.runProfile('contoso.com', 'Full Synchronization');
    const real = [...actual.mv.entries()]
      .map(([id, o]) => ({
        id,
        changes: diffBags(baseline.mv.get(id)?.attributes ?? {}, o.attributes),
      }))
      .filter((x) => x.changes.length > 0);
    expect(real).toHaveLength(2);
    expect(report.metaverse.map((m) => ({ id: m.mvId, changes: m.changes }))).toEqual(real);
    const exported = (e: SyncEngine) =>
      [...e.pendingExportIds(AAD)].map((id) => ({
        id,
        changes: e.cs.get(id)?.pendingExport?.changes,
      }));
    const baseExports = new Map(exported(baseline).map((x) => [x.id, JSON.stringify(x.changes)]));
    expect(
      report.exports
        .filter((e) => e.connector === AAD)
        .map((e) => ({ id: e.csId, changes: e.changes })),
    ).toEqual(exported(actual).filter((x) => baseExports.get(x.id) !== JSON.stringify(x.changes)));
  });

  it('predicts Entra ID deletes and checks them against the deletion threshold', () => {
    const engine = workspace();
    engine.deletionThreshold = 1;
    const join = [...engine.rules.values()].find((r) =>
      r.name.startsWith('In from AD - User Join'),
    );
    if (!join) throw new Error('no join rule');
    const report = ruleSetImpact(
      engine,
      applyRuleSetChange([...engine.rules.values()], { put: [{ ...join, disabled: true }] }),
    );
    expect(report.counts.mvDeleted).toBe(2);
    expect(report.counts.exports.find((c) => c.connector === AAD)?.delete).toBe(2);
    expect(report.deletionCheck).toMatchObject({ exceeded: true, pendingDeletes: 2, before: 0 });
    expect(
      impactPage(report, { list: 'metaverse', kind: 'deleted', offset: 1, limit: 5 }).rows,
    ).toHaveLength(1);
  });

  it('uses the settled workspace as its baseline, with the same answer as a baseline copy', () => {
    const engine = workspace();
    const after = applyRuleSetChange([...engine.rules.values()], { put: [initialDisplayName()] });
    const auto = ruleSetImpact(engine, after);
    const copy = ruleSetImpact(engine, after, { baseline: 'copy' });
    expect(auto.baseline).toBe('workspace');
    expect(copy.baseline).toBe('copy');
    expect(auto.metaverse).toEqual(copy.metaverse);
    expect(auto.exports).toEqual(copy.exports);
    // A connector whose rules changed since its last Full Synchronization is not settled.
    expect(ruleSetImpact(engine, after, { stale: ['CONTOSO.COM'] }).baseline).toBe('copy');
  });

  it('leaves out objects outside the scope of both versions of the changed rule', () => {
    const engine = workspace([user('Ann', { givenName: 'Ann', sn: 'Lee' }), user('Bob')]);
    const report = ruleSetImpact(
      engine,
      applyRuleSetChange([...engine.rules.values()], { put: [initialDisplayName()] }),
    );
    expect(report.synchronized.connectorSpace).toBe(1);
  });

  it('synchronizes only the objects on which the old and new versions of a rule differ', () => {
    const engine = workspace();
    const common = [...engine.rules.values()].find((r) =>
      r.name.startsWith('In from AD - User Common'),
    );
    if (!common) throw new Error('no common rule');
    const edited: SyncRule = {
      ...common,
      transformations: common.transformations.map((t) =>
        t.target === 'displayName'
          ? {
              ...t,
              flowType: 'Expression',
              expression: 'IIF([sn]="Lee","A. Lee",[displayName])',
              source: undefined,
            }
          : t,
      ),
    };
    const report = ruleSetImpact(
      engine,
      applyRuleSetChange([...engine.rules.values()], { put: [edited] }),
    );
    expect(report.synchronized.connectorSpace).toBe(1);
    expect(report.metaverse.map((m) => m.changes)).toEqual([
      [{ attribute: 'displayName', kind: 'replace', oldValue: 'Ann', newValue: 'A. Lee' }],
    ]);
    // A change of how the rule links reaches every object in its scope.
    const linking = ruleSetImpact(
      engine,
      applyRuleSetChange([...engine.rules.values()], {
        put: [{ ...common, linkType: 'Provision' }],
      }),
    );
    expect(linking.synchronized.connectorSpace).toBe(2);
  });

  it('changes nothing when the rule set is the same', () => {
    const engine = workspace();
    const report = ruleSetImpact(
      engine,
      [...engine.rules.values()].map((r) => ({ ...r })),
    );
    expect(report.changedRules).toEqual([]);
    expect(report.metaverse).toEqual([]);
    expect(report.synchronized).toEqual({ connectorSpace: 0, metaverse: 0 });
  });

  const outboundDisplayName = (engine: SyncEngine, expression: string) => {
    const out = [...engine.rules.values()].find((r) => r.name === 'Out to AAD - User Join');
    if (!out) throw new Error('no outbound rule');
    const changed: SyncRule = {
      ...out,
      transformations: out.transformations.map((t) =>
        t.target === 'displayName'
          ? { ...t, flowType: 'Expression', expression, source: undefined }
          : t,
      ),
    };
    return ruleSetImpact(
      engine,
      applyRuleSetChange([...engine.rules.values()], { put: [changed] }),
    );
  };

  it('reports the synchronization errors the change causes', () => {
    const report = outboundDisplayName(workspace(), 'Upper([displayName])');
    expect(report.newErrors.map((e) => e.message)).toEqual([
      "Rule 'Out to AAD - User Join', flow to 'displayName': Unknown function 'Upper'.",
      "Rule 'Out to AAD - User Join', flow to 'displayName': Unknown function 'Upper'.",
    ]);
  });

  it('synchronizes only the unsettled objects on the baseline copy, with the same answer', () => {
    const engine = workspace();
    // Ann's new name is exported but not confirmed by an import yet; Bob is settled.
    const dn = [...engine.csIds('contoso.com')]
      .map((id) => engine.cs.get(id)?.dn ?? '')
      .find((d) => d.startsWith('CN=Ann,'));
    if (!dn) throw new Error('no Ann');
    expect(modifyDirectoryObject(engine, 'contoso.com', dn, { displayName: 'Ann L.' }, []).ok).toBe(
      true,
    );
    const out = runScenarioSteps(engine, [
      { run: 'Delta Import', connector: 'contoso.com' },
      { run: 'Delta Synchronization', connector: 'contoso.com' },
      { run: 'Export', connector: AAD },
    ]);
    if (!out.ok) throw new Error(out.message);
    const auto = outboundDisplayName(engine, 'UCase([displayName])');
    expect(auto).toMatchObject({ baseline: 'copy', baselineSynchronized: 1 });
    const rules = [...engine.rules.values()];
    const all = ruleSetImpact(
      engine,
      rules.map((r) =>
        r.name === 'Out to AAD - User Join'
          ? {
              ...r,
              transformations: r.transformations.map((t) =>
                t.target === 'displayName'
                  ? { ...t, flowType: 'Expression' as const, expression: 'UCase([displayName])' }
                  : t,
              ),
            }
          : r,
      ),
      { baseline: 'copy' },
    );
    expect(all.baselineSynchronized).toBe(2);
    expect(auto.exports).toEqual(all.exports);
    expect(auto.metaverse).toEqual(all.metaverse);
  });

  it('re-evaluates outbound flows for a changed outbound rule', () => {
    const report = outboundDisplayName(workspace(), 'UCase([displayName])');
    expect(report.synchronized.metaverse).toBe(2);
    expect(report.counts.mvUpdated).toBe(0);
    const rows = impactPage(report, { list: 'exports', offset: 0, limit: 10 }).rows;
    expect(
      rows.map((r) => r.changes.find((c) => c.attribute === 'displayName')?.newValue).sort(),
    ).toEqual(['ANN', 'BOB']);
  });
});

describe('changedRules and the copy', () => {
  it('lists added, removed and modified rules by id', () => {
    const engine = workspace();
    const rules = [...engine.rules.values()];
    const [a, b] = rules as [SyncRule, SyncRule];
    const after = applyRuleSetChange(rules, {
      delete: [a.id],
      put: [
        { ...b, precedence: 7 },
        { ...a, id: 'new' },
      ],
    });
    expect(changedRules(rules, after).map((c) => c.change)).toEqual([
      'removed',
      'modified',
      'added',
    ]);
  });

  it('a copy refuses to export', () => {
    const copy = copyForSynchronization(workspace(), []);
    expect(() => copy.tenant.objects()).toThrow(/only synchronizes/);
  });
});
