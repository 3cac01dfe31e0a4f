import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../io/scenario.ts';
import { ERROR_TYPES, type SyncEngine } from './engine.ts';
import type { RunRecord } from './model.ts';
import {
  explainRunError,
  profileWorkload,
  runKind,
  runObjects,
  runStatistics,
} from './operations.ts';
import { createEngine } from './scenario-runner.ts';

const AAD = 'contoso.onmicrosoft.com - AAD';

function galsync(): SyncEngine {
  const parsed = parseScenario(
    readFileSync(new URL('../../../scenarios/galsync-merger.json', import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error('scenario');
  return createEngine(parsed.scenario);
}

describe('run statistics', () => {
  it('groups counts as the Operations tab does and lists the objects behind them', () => {
    const e = galsync();
    expect(profileWorkload(e, 'contoso.com', 'Full Import')).toBe(4);
    const imp = e.runProfile('contoso.com', 'Full Import');
    expect(runKind(imp.profile)).toBe('import');
    expect(runStatistics(imp).find((r) => r.label === 'Adds')?.count).toBe(4);
    expect(profileWorkload(e, 'contoso.com', 'Full Synchronization')).toBe(4);
    expect(profileWorkload(e, 'contoso.com', 'Delta Synchronization')).toBe(4);
    const sync = e.runProfile('contoso.com', 'Full Synchronization');
    const stats = runStatistics(sync);
    expect(stats.map((s) => s.group)).toContain('Inbound Synchronization');
    expect(stats.find((s) => s.stat === 'projections')?.count).toBe(4);
    const page = runObjects(e, sync, 'projections', 1, 2);
    expect(page.total).toBe(4);
    expect(page.rows).toHaveLength(2);
    expect(page.rows[0]?.dn).toMatch(/DC=contoso,DC=com$/);
    expect(page.rows[0]?.exists).toBe(true);
    expect(profileWorkload(e, AAD, 'Export')).toBe(4);
    const exp = e.runProfile(AAD, 'Export');
    expect(runStatistics(exp).map((s) => s.label)).toEqual([
      'Adds',
      'Updates',
      'Renames',
      'Deletes',
    ]);
    const adds = runObjects(e, exp, 'adds');
    expect(adds.rows.map((r) => r.objectType).sort()).toEqual([
      'contact',
      'contact',
      'user',
      'user',
    ]);
  });

  it('explains a join conflict with both objects and an Error() call with its message', () => {
    const e = galsync();
    e.runProfile('contoso.com', 'Full Import');
    const ids = [...e.csIds('contoso.com')];
    const [a, b] = ids.map((id) => e.cs.get(id));
    if (!a || !b) throw new Error('objects');
    const run: RunRecord = {
      index: 99,
      connector: 'contoso.com',
      profile: 'Full Synchronization',
      status: 'completed-sync-errors',
      counts: e.runProfile('contoso.com', 'Full Synchronization').counts,
      errors: [],
      changed: {},
    };
    const conflict = explainRunError(e, {
      csId: a.id,
      dn: a.dn,
      type: ERROR_TYPES.ambiguousJoin,
      message: `The join rule 'X' matched a metaverse object already joined to '${b.dn}' in the same connector space.`,
    });
    expect(conflict.objects.map((o) => o.dn)).toEqual([a.dn, b.dn]);
    expect(conflict.detail).toMatch(/at most one object per connector space/);
    const thrown = explainRunError(e, {
      csId: a.id,
      dn: a.dn,
      type: 'sync-rule-error-function-triggered',
      message: 'sn is required',
    });
    expect(thrown.message).toBe('sn is required');
    expect(thrown.detail).toMatch(/Error\(\) function/);
    expect(thrown.objects).toHaveLength(1);
    expect(runObjects(e, run, 'projections').total).toBe(0);
  });
});
