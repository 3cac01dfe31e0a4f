import { beforeAll, describe, expect, it } from 'vitest';
import { rulesApi } from './api-rules.ts';
import { workspaceApi } from './api-workspace.ts';

describe('the rules API on an open workspace', () => {
  beforeAll(() => {
    const opened = workspaceApi.openBuiltIn('galsync-merger');
    expect(opened.ok).toBe(true);
  });

  it('lists rules by direction in precedence order with their tags', () => {
    const inbound = rulesApi.rulesList({ direction: 'Inbound' });
    expect(inbound.length).toBeGreaterThan(10);
    expect(inbound.every((r) => r.direction === 'Inbound')).toBe(true);
    const p = inbound.map((r) => r.precedence);
    expect(p).toEqual([...p].sort((a, b) => a - b));
    const join = inbound.find((r) => r.name === 'In from AD - User Join');
    expect(join?.isDefault && join.tag).toMatch(/^Microsoft\./);
  });

  it('saves a valid custom rule, refuses errors, and marks the connector for a full sync', async () => {
    const draft = rulesApi.rulesNew('Inbound');
    const connector = draft.connector;
    const rule = {
      ...draft,
      name: 'In from AD - User DisplayName',
      precedence: 50,
      scopingFilter: [[{ attribute: 'department', operator: 'ISNOTNULL' as const, value: '' }]],
      transformations: [
        {
          target: 'displayName',
          flowType: 'Expression' as const,
          expression: 'Left([givenName],1) & [sn]',
          applyOnce: false,
          mergeType: 'Update' as const,
        },
      ],
    };
    const taken = rulesApi.rulesList({ direction: 'Inbound' })[0]?.precedence ?? 100;
    const refused = await rulesApi.rulesSave({ ...rule, precedence: taken });
    expect(refused.ok).toBe(false);
    expect(rulesApi.rulesGet(rule.id)).toBeNull();

    const saved = await rulesApi.rulesSave(rule);
    expect(saved.ok && saved.fullSyncRequired).toEqual([connector]);
    expect(rulesApi.rulesGet(rule.id)?.precedence).toBe(50);
    await rulesApi.rulesRunFullSynchronization([connector]);
    expect(rulesApi.rulesFullSyncRequired()).toEqual([]);
  });

  it('keeps "Full Synchronization required" in the action log: it survives a reload and follows undo', async () => {
    const rule = {
      ...rulesApi.rulesNew('Inbound'),
      name: 'In from AD - User Department',
      precedence: 44,
      transformations: [
        {
          target: 'department',
          flowType: 'Constant' as const,
          value: 'Sales',
          applyOnce: false,
          mergeType: 'Update' as const,
        },
      ],
    };
    expect(rulesApi.rulesFullSyncRequired()).toEqual([]);
    expect((await rulesApi.rulesSave(rule)).ok).toBe(true);
    expect(rulesApi.rulesFullSyncRequired()).toEqual([rule.connector]);
    // A reload replays the saved log into a fresh engine.
    const doc = workspaceApi.workspaceDocument();
    if (!doc) throw new Error('no action log');
    expect((await workspaceApi.restoreWorkspace(structuredClone(doc))).ok).toBe(true);
    expect(rulesApi.rulesGet(rule.id)?.name).toBe('In from AD - User Department');
    expect(rulesApi.rulesFullSyncRequired()).toEqual([rule.connector]);
    // An outbound rule marks every connector; undoing it (and the inbound one) marks none.
    const out = { ...rulesApi.rulesNew('Outbound'), name: 'Out to AAD - User Department' };
    expect((await rulesApi.rulesSave({ ...out, precedence: 43 })).ok).toBe(true);
    expect(rulesApi.rulesFullSyncRequired()).toEqual(rulesApi.rulesConnectors().map((c) => c.name));
    expect((await workspaceApi.undo()).ok).toBe(true);
    expect((await workspaceApi.undo()).ok).toBe(true);
    expect(rulesApi.rulesGet(rule.id)).toBeNull();
    expect(rulesApi.rulesFullSyncRequired()).toEqual([]);
  });

  it('exports a rule as PowerShell and JSON and imports both back', async () => {
    const [first] = rulesApi.rulesList({ direction: 'Inbound', metaverseAttribute: 'displayName' });
    if (!first) throw new Error('no rule');
    const ps = rulesApi.rulesExport({ ids: [first.id], format: 'powershell' });
    expect(ps).toContain('New-ADSyncRule');
    expect(
      await rulesApi.rulesImport({ format: 'powershell', files: [{ name: 'r.ps1', text: ps }] }),
    ).toEqual({ ok: true, added: [], replaced: [first.name] });
    const json = rulesApi.rulesExport({ ids: [first.id], format: 'json' });
    expect(
      (await rulesApi.rulesImport({ format: 'json', files: [{ name: 'r.json', text: json }] })).ok,
    ).toBe(true);
    const bad = await rulesApi.rulesImport({
      format: 'powershell',
      files: [{ name: 'bad.ps1', text: ps.replace('-Precedence', '-Bogus') }],
    });
    expect(!bad.ok && bad.messages[0]).toMatch(/^bad\.ps1: line \d+: /);
  });

  it('clones a default rule and disables the original on save; deleting a default is refused', async () => {
    const join = rulesApi
      .rulesList({ direction: 'Inbound' })
      .find((r) => r.name === 'In from AD - User Join');
    if (!join) throw new Error('no join rule');
    expect((await rulesApi.rulesDelete(join.id)).ok).toBe(false);
    const clone = rulesApi.rulesClone(join.id);
    if (!clone.ok) throw new Error(clone.message);
    expect(clone.clone.immutableTag).toBeUndefined();
    const saved = await rulesApi.rulesSave(clone.clone, { disableOriginal: join.id });
    expect(saved.ok).toBe(true);
    expect(rulesApi.rulesGet(join.id)?.disabled).toBe(true);
    expect(rulesApi.rulesGet(clone.clone.id)?.disabled).toBe(false);
  });
});
