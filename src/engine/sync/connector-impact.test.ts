import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../io/scenario.ts';
import { configureConnector } from './connector-config.ts';
import { configurationImpact, pendingExportReview } from './connector-impact.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';

const AAD = 'contoso.onmicrosoft.com - AAD';
const SALES = 'OU=Sales,DC=contoso,DC=com';

function builtIn() {
  const text = readFileSync(
    join(import.meta.dirname, '../../../scenarios/ou-filter-change.json'),
    'utf8',
  );
  const r = parseScenario(text, 'ou-filter-change.json');
  if (!r.ok) throw new Error(r.errors[0]?.message);
  return r.scenario;
}

/** The built-in scenario after its first cycle (before the OU filter changes). */
function afterFirstCycle() {
  const s = builtIn();
  const e = createEngine(s);
  const first = s.steps[0];
  if (!first) throw new Error('no steps');
  runScenarioSteps(e, [first]);
  return e;
}

describe('configurationImpact', () => {
  it('predicts the tenant deletes of an OU taken out of scope, against the threshold, without changing anything', () => {
    const e = afterFirstCycle();
    const runs = e.runs.size;
    const impact = configurationImpact(e, 'contoso.com', {
      containers: { include: ['DC=contoso,DC=com'], exclude: [SALES] },
    });
    expect(impact.outOfScope).toHaveLength(8);
    expect(impact.tenantDeletes).toHaveLength(8);
    expect(impact.pendingDeletes).toBe(8);
    expect(impact.threshold.exceeded).toBe(true);
    expect(impact.threshold.threshold).toBe(5);
    // Nothing changed in the workspace.
    expect(e.runs.size).toBe(runs);
    expect(e.pendingExportIds(AAD).size).toBe(0);
    expect([...e.csIds('contoso.com')].every((id) => !e.cs.get(id)?.pendingImport)).toBe(true);
  });

  it('matches what the cycle then does', () => {
    const e = afterFirstCycle();
    const impact = configurationImpact(e, 'contoso.com', {
      containers: { include: ['DC=contoso,DC=com'], exclude: [SALES] },
    });
    configureConnector(e, 'contoso.com', {
      containers: { include: ['DC=contoso,DC=com'], exclude: [SALES] },
    });
    const out = runScenarioSteps(e, [{ cycle: 'initial' }]);
    const exp = out.ok
      ? out.runs.find((r) => r.connector === AAD && r.profile === 'Export')
      : undefined;
    expect(exp?.status).toBe('stopped-deletion-threshold-exceeded');
    const review = pendingExportReview(e, AAD);
    expect(
      review
        .filter((r) => r.omodt === 'Delete')
        .map((r) => r.csId)
        .sort(),
    ).toEqual(impact.tenantDeletes.map((d) => d.csId).sort());
  });

  it('an unchanged filter predicts nothing; a wider one predicts adds', () => {
    const s = builtIn();
    const narrow = {
      ...s,
      forests: s.forests.map((f) => ({
        ...f,
        connector: { containers: { include: [SALES], exclude: [] } },
      })),
    };
    const e = createEngine(narrow);
    runScenarioSteps(e, [{ cycle: 'initial' }]);
    expect(configurationImpact(e, 'contoso.com', {}).tenantDeletes).toHaveLength(0);
    const wider = configurationImpact(e, 'contoso.com', {
      containers: { include: ['DC=contoso,DC=com'], exclude: [] },
    });
    expect(wider.intoScope).toHaveLength(4);
    expect(wider.threshold.exceeded).toBe(false);
  });
});

describe('pendingExportReview', () => {
  it('lists each pending export with OMODT and the attribute changes with AMODT', () => {
    const s = builtIn();
    const e = createEngine({ ...s, stagingMode: true });
    runScenarioSteps(e, [{ cycle: 'initial' }]);
    const rows = pendingExportReview(e, AAD);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.omodt))).toEqual(new Set(['Add']));
    const adele = rows.find((r) => r.attributes.some((a) => a.change.newValue === 'Adele Vance'));
    expect(adele?.attributes.find((a) => a.attribute === 'displayName')?.amodt).toBe('add');
    // After an export and a rename in AD, the next review shows an Update with a replace.
    runScenarioSteps(e, [
      { stagingMode: false },
      { cycle: 'delta' },
      {
        modify: {
          forest: 'contoso.com',
          dn: 'CN=Adele Vance,OU=Sales,DC=contoso,DC=com',
          set: { displayName: 'Adele V.' },
          clear: [],
        },
      },
      { stagingMode: true },
      { cycle: 'delta' },
    ]);
    const next = pendingExportReview(e, AAD);
    expect(next).toHaveLength(1);
    expect(next[0]?.omodt).toBe('Update');
    expect(next[0]?.attributes.find((a) => a.attribute === 'displayName')?.amodt).toBe('replace');
  });
});
