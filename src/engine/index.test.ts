import { describe, expect, it } from 'vitest';
import { createSession } from './index.ts';
import { serializeScenario } from './io/scenario.ts';
import { scenario, user } from './sync/test-helpers.ts';

function loaded(
  objects = [user('Ann', { department: 'Sales', mail: 'ann@contoso.com' }), user('Bob')],
) {
  const s = createSession();
  const text = serializeScenario(scenario({ forests: [{ name: 'contoso.com', objects }] }));
  const r = s.load(text);
  if (!r.ok) throw new Error(r.messages.join('\n'));
  return s;
}

describe('session', () => {
  it('refuses a bad file with JSON paths and loads nothing', () => {
    const s = createSession();
    const r = s.load(
      '{"synclab": 1, "name": "x", "tenant": {"initialDomain": "contoso.onmicrosoft.com"}, "forests": [{"name": "contoso.com", "netbios": "C", "objects": [{"dn": "CN=A", "objectClass": "user", "attributes": {"objectGUID": "nope"}}]}]}',
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.messages.join('\n')).toContain('forests[0].objects[0].attributes.objectGUID');
    expect(() => s.search({ scope: 'metaverse' })).toThrow();
  });

  it('runs the scenario, searches and shows provenance, all as plain data', async () => {
    const s = loaded();
    const runs = await s.runSteps();
    expect(runs).toHaveLength(6);
    const page = s.search({
      scope: 'metaverse',
      objectType: 'person',
      sort: { attribute: 'displayName', descending: true },
      limit: 1,
      columns: ['displayName'],
    });
    expect(page.total).toBe(2);
    expect(page.rows[0]?.columns.displayName).toBe('Bob');
    const found = s.search({
      scope: 'metaverse',
      clauses: [{ attribute: 'mail', operator: 'StartsWith', value: 'ANN' }],
    });
    expect(found.total).toBe(1);
    const detail = s.mvObject(found.rows[0]?.id ?? '');
    const dept = detail?.attributes.find((a) => a.name === 'department');
    expect(dept).toMatchObject({
      value: 'Sales',
      connector: 'contoso.com',
      ruleName: 'In from AD - User Common (contoso.com)',
    });
    expect(detail?.connectors).toHaveLength(2);
    const cs = s.csObject(detail?.connectors[0]?.csId ?? '');
    expect(cs?.lineage.map((l) => l.ruleName)).toContain('In from AD - User Join (contoso.com)');
    expect(structuredClone(detail)).toEqual(detail);
    const pending = s.search({
      scope: 'contoso.onmicrosoft.com - AAD',
      states: ['pending-export'],
    });
    expect(pending.total).toBe(0);
  });

  it('previews one object in memory or commits it', async () => {
    const s = loaded();
    await s.runStep({ run: 'Full Import', connector: 'contoso.com' });
    const csId =
      s.search({
        scope: 'contoso.com',
        clauses: [{ attribute: 'dn', operator: 'StartsWith', value: 'CN=Ann' }],
      }).rows[0]?.id ?? '';
    const before = JSON.stringify(s.result());
    const gen = s.preview(csId, { mode: 'full', commit: false });
    expect(gen?.link.action).toBe('projected');
    expect(gen?.importFlows.find((f) => f.attribute === 'department')).toMatchObject({
      value: 'Sales',
      outcome: 'won',
    });
    expect(gen?.outbound[0]).toMatchObject({
      connector: 'contoso.onmicrosoft.com - AAD',
      action: 'provisioned',
    });
    expect(JSON.stringify(s.result())).toBe(before);
    s.preview(csId, { mode: 'full', commit: true });
    expect(s.result().metaverse).toHaveLength(1);
  });

  it('steps object by object and restores any earlier step', async () => {
    const s = loaded();
    await s.runStep({ run: 'Full Import', connector: 'contoso.com' });
    s.beginSteps({ run: 'Full Synchronization', connector: 'contoso.com' });
    const events = [];
    for (let ev = s.nextStep(); ev; ev = s.nextStep()) events.push(ev);
    const objects = events.filter((e) => e.kind === 'object');
    expect(objects).toHaveLength(2);
    expect(objects[0]?.kind === 'object' && objects[0].trace?.rulesInScope.length).toBe(2);
    expect(s.result().metaverse).toHaveLength(2);
    const snaps = s.snapshots();
    // Restore the point before the second object was processed.
    const stepSnaps = snaps.filter((x) => x.label === 'Step');
    expect(s.restore(stepSnaps[2]?.id ?? -1)).toBe(true);
    expect(s.result().metaverse).toHaveLength(1);
    expect(s.restore(snaps[0]?.id ?? -1)).toBe(true);
    expect(s.result().metaverse).toHaveLength(0);
    expect(s.result().runs).toHaveLength(0);
  });

  it('restores the tenant with the rest after an export', async () => {
    const s = loaded();
    const first = s.snapshots()[0]?.id ?? -1;
    await s.runSteps();
    expect(s.result().tenant).toHaveLength(2);
    s.restore(first);
    expect(s.result().tenant).toHaveLength(0);
    await s.runSteps();
    expect(s.result().tenant).toHaveLength(2);
  });

  it('evaluates an expression against an object and edits rules', async () => {
    const s = loaded();
    await s.runSteps();
    const row = s.search({
      scope: 'contoso.com',
      clauses: [{ attribute: 'dn', operator: 'StartsWith', value: 'CN=Ann' }],
    }).rows[0];
    expect(
      s.evaluate('Left([displayName],2) & "|" & %Domain.Netbios%', { csId: row?.id ?? '' }),
    ).toEqual({ value: 'An|CONTOSO' });
    expect(s.evaluate('Left([displayName]', { csId: row?.id ?? '' })).toHaveProperty('diagnostics');
    const rule = s.rules().find((r) => r.name.startsWith('In from AD - User Common'));
    if (!rule) throw new Error('missing');
    const diags = s.putRule({
      ...rule,
      transformations: [
        ...rule.transformations,
        {
          target: 'title',
          flowType: 'Expression',
          expression: 'Trim(',
          applyOnce: false,
          mergeType: 'Update',
        },
      ],
    });
    expect(diags[0]?.path).toBe('transformations[4].expression');
    expect(s.deleteRule(rule.id)).toBe(true);
    await s.runProfile('contoso.com', 'Full Synchronization');
    expect(
      s.search({
        scope: 'metaverse',
        clauses: [{ attribute: 'department', operator: 'IsPresent' }],
      }).total,
    ).toBe(0);
    expect(s.save()).not.toContain('In from AD - User Common');
  });
});
