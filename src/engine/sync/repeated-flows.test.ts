import { describe, expect, it } from 'vitest';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';
import { baseRules, scenario, user } from './test-helpers.ts';
import type { SyncEngine } from './engine.ts';

/** Two more inbound rules that repeat each other's flows (as the out-of-box Common rules do). */
function repeatingRules(expression: string): unknown[] {
  return [80, 90].map((precedence) => ({
    name: `Repeat ${precedence}`,
    direction: 'Inbound',
    connector: 'contoso.com',
    sourceObjectType: 'user',
    targetObjectType: 'person',
    linkType: 'Join',
    precedence,
    transformations: [
      { target: 'department', flowType: 'Expression', expression },
      { target: 'info', flowType: 'Direct', source: 'description' },
    ],
  }));
}

function run(expression: string): SyncEngine {
  const s = scenario({
    forests: [
      {
        name: 'contoso.com',
        objects: [user('Ann', { givenName: 'Ann', description: 'Ann from Oslo' })],
      },
    ],
    rules: [...baseRules(['contoso.com']), ...repeatingRules(expression)],
  });
  const engine = createEngine(s);
  const out = runScenarioSteps(engine, s.steps);
  if (!out.ok) throw new Error(out.message);
  return engine;
}

function contributions(engine: SyncEngine, attribute: string): [string, unknown][] {
  const cs = [...engine.cs.values()].find((c) => c.connector === 'contoso.com');
  const { flows, values } = cs?.contributions ?? { flows: [], values: [] };
  // description is multi-valued in AD, so what is computed from it is a list.
  return flows.flatMap((f, i) =>
    f.attribute === attribute ? [[f.ruleName, [values[i]].flat().join('|')]] : [],
  );
}

describe('flows repeated by several rules in scope', () => {
  it('each rule still contributes, with the value the expression gives', () => {
    const engine = run('Left([givenName], 2) & "-" & Word([description], 3, " ")');
    expect(contributions(engine, 'department')).toEqual([
      ['Repeat 80', 'An-Oslo'],
      ['Repeat 90', 'An-Oslo'],
    ]);
    expect(contributions(engine, 'info')).toEqual([
      ['Repeat 80', 'Ann from Oslo'],
      ['Repeat 90', 'Ann from Oslo'],
    ]);
    const mv = [...engine.mv.values()][0];
    expect(mv && engine.provenance(mv.id).department?.losing).toEqual([
      expect.objectContaining({ ruleName: 'Repeat 90', reason: 'lower precedence' }),
    ]);
  });

  it('a flow whose result changes on its own (RandomNum) is evaluated for each rule', () => {
    const engine = run('CStr(RandomNum(1, 1000000))');
    const [a, b] = contributions(engine, 'department');
    expect(a?.[1]).toMatch(/^\d+$/);
    expect(b?.[1]).toMatch(/^\d+$/);
    expect(a?.[1]).not.toBe(b?.[1]);
  });
});
