import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioStep } from '../io/scenario.ts';
import { toResultDocument } from './result.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';
import { scenario, testGuid, type MiniObject } from './test-helpers.ts';

const person = fc.record({
  name: fc.constantFrom('Ann', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay'),
  employeeID: fc.option(fc.constantFrom('E1', 'E2', 'E3'), { nil: undefined }),
  department: fc.option(fc.constantFrom('Sales', 'IT', 'Ops'), { nil: undefined }),
  disabled: fc.boolean(),
});

const forestGen = fc.array(person, { minLength: 1, maxLength: 5 });
type Person = { name: string; employeeID?: string; department?: string; disabled: boolean };

function objects(list: Person[], domain: string, base: number): MiniObject[] {
  return list.map((p, i) => ({
    dn: `CN=${p.name}${i},OU=Users,${domain}`,
    objectClass: 'user',
    attributes: {
      objectGUID: testGuid(base + i),
      sAMAccountName: `${p.name.toLowerCase()}${i}`,
      displayName: p.name,
      userAccountControl: p.disabled ? 514 : 512,
      ...(p.employeeID ? { employeeID: p.employeeID } : {}),
      ...(p.department ? { department: p.department } : {}),
    },
  }));
}

function build(a: Person[], b: Person[]) {
  return scenario({
    forests: [
      { name: 'contoso.com', objects: objects(a, 'DC=contoso,DC=com', 1000) },
      { name: 'fabrikam.com', objects: objects(b, 'DC=fabrikam,DC=com', 2000) },
    ],
  });
}

function runAll(s: ReturnType<typeof build>, steps: unknown[]) {
  const engine = createEngine(s, { journal: false });
  const r = runScenarioSteps(engine, steps as ScenarioStep[]);
  if (!r.ok) throw new Error(r.message);
  return engine;
}

/** The metaverse without engine ids, order-independent. */
function mvShape(engine: ReturnType<typeof createEngine>): string[] {
  return toResultDocument(engine)
    .metaverse.map((m) =>
      JSON.stringify({ a: m.attributes, c: m.connectors.map((c) => c.connector + c.dn).sort() }),
    )
    .sort();
}

describe('properties', () => {
  it('is deterministic', () => {
    fc.assert(
      fc.property(forestGen, forestGen, (a, b) => {
        const s = build(a, b);
        const x = JSON.stringify(
          toResultDocument(runAll(s, [{ cycle: 'initial' }, { cycle: 'delta' }])),
        );
        const y = JSON.stringify(
          toResultDocument(runAll(s, [{ cycle: 'initial' }, { cycle: 'delta' }])),
        );
        expect(x).toBe(y);
      }),
      { numRuns: 25 },
    );
  });

  it('a delta cycle right after a full cycle changes neither forests nor tenant, and a converged one changes nothing', () => {
    fc.assert(
      fc.property(forestGen, forestGen, (a, b) => {
        const engine = runAll(build(a, b), [{ cycle: 'initial' }]);
        const tenant = JSON.stringify(toResultDocument(engine).tenant);
        runScenarioSteps(engine, [{ cycle: 'delta' }]);
        expect(JSON.stringify(toResultDocument(engine).tenant)).toBe(tenant);
        const mv = mvShape(engine);
        const before = engine.runs.size;
        runScenarioSteps(engine, [{ cycle: 'delta' }]);
        expect(mvShape(engine)).toEqual(mv);
        for (const r of [...engine.runs.values()].filter((x) => x.index > before)) {
          expect(Object.values(r.counts).every((n) => n === 0)).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('removing then re-adding a rule restores the same metaverse', () => {
    fc.assert(
      fc.property(forestGen, forestGen, fc.nat(5), (a, b, pick) => {
        const engine = runAll(build(a, b), [{ cycle: 'initial' }]);
        const before = mvShape(engine);
        const inbound = [...engine.rules.values()].filter(
          (r) => r.direction === 'Inbound' && r.linkType === 'Join',
        );
        const rule = inbound[pick % inbound.length];
        if (!rule) return;
        const full = (): void => {
          runScenarioSteps(engine, [
            { run: 'Full Synchronization', connector: 'contoso.com' },
            { run: 'Full Synchronization', connector: 'fabrikam.com' },
          ]);
        };
        engine.deleteRule(rule.id);
        full();
        engine.putRule(rule);
        full();
        expect(mvShape(engine)).toEqual(before);
      }),
      { numRuns: 25 },
    );
  });
});
