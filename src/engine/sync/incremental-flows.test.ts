/**
 * A Delta Synchronization re-evaluates only the inbound flows whose inputs an imported update
 * changed, keeps the previous result of the others, and recomputes only the metaverse attributes
 * the re-evaluated flows feed. It must give exactly what evaluating every flow gives: after the
 * delta cycle, a Full Synchronization of every connector finds nothing to change, and the
 * metaverse, connector spaces and tenant are the ones an engine evaluating everything builds.
 */
import { describe, expect, it } from 'vitest';
import { generateMultiForest } from '../io/generate.ts';
import { generatedScenario } from '../io/generated-scenario.ts';
import type { Scenario } from '../io/scenario.ts';
import type { Value } from '../expr/values.ts';
import { modifyDirectoryObject, moveDirectoryObject } from './directory.ts';
import type { SyncEngine } from './engine.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';
import { customRule } from '../rules/rule-test-helpers.ts';
import type { CloudObject, TenantService } from '../entra/types.ts';
import { AAD, scenario as miniScenario, user } from './test-helpers.ts';

function lab(): { engine: SyncEngine; scenario: Scenario } {
  const forests = generateMultiForest({ seed: 11, forests: 2, totalObjects: 600 });
  const scenario = generatedScenario(forests, { name: 'incremental flows' });
  const engine = createEngine(scenario);
  runScenarioSteps(engine, [{ cycle: 'initial' }, { cycle: 'delta' }]);
  return { engine, scenario };
}

/** Edits that reach many kinds of flow: names, mail, addresses, the account state, the DN. */
function edit(engine: SyncEngine, scenario: Scenario): number {
  let n = 0;
  for (const f of scenario.forests) {
    const users = f.objects.filter((o) => o.objectClass === 'user');
    users.forEach((o, i) => {
      if (i % 7 !== 0) return;
      const set: Record<string, Value> = {};
      const clear: string[] = [];
      if (i % 2 === 0) set.givenName = `Changed${i}`;
      if (i % 3 === 0) set.mail = `changed${i}@${f.name}`;
      if (i % 5 === 0) set.userAccountControl = 514;
      if (i % 4 === 0) clear.push('department');
      set.description = `edited ${i}`;
      if (modifyDirectoryObject(engine, f.name, o.dn, set, clear).ok) n++;
    });
    const moved = users[3];
    if (moved) {
      const target = moved.dn.replace(/^CN=([^,]+)/, 'CN=$1 Moved');
      if (moveDirectoryObject(engine, f.name, moved.dn, target).ok) n++;
    }
  }
  return n;
}

function metaverse(engine: SyncEngine): unknown {
  return [...engine.mv.values()]
    .map((m) => ({ type: m.objectType, attributes: m.attributes }))
    .sort((a, b) => sortKey(a.attributes).localeCompare(sortKey(b.attributes)));
}

/** The attributes as text, in name order (the engine does not promise an order of keys). */
function sortKey(bag: Record<string, unknown>): string {
  return JSON.stringify(
    Object.entries(bag).sort(([x], [y]) => (x < y ? -1 : 1)),
    replacer,
  );
}

/** Every connector-space object's export state: hologram, pending export, export memory. */
function connectorSpaces(engine: SyncEngine): string[] {
  return [...engine.cs.values()]
    .map((c) =>
      JSON.stringify(
        {
          connector: c.connector,
          dn: c.dn,
          attributes: c.attributes,
          pendingExport: c.pendingExport,
          exportMemory: c.exportMemory,
          managed: c.managed,
        },
        replacer,
      ),
    )
    .sort();
}

function tenant(engine: SyncEngine): string[] {
  return engine.tenant
    .objects()
    .map((o) => JSON.stringify(o, replacer))
    .sort();
}

function replacer(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return [...v].join(',');
  return v;
}

/** The tenant as an import reads it, with one displayName rewritten. */
function rewritingDisplayName(real: TenantService, from: string, to: string): TenantService {
  const rewrite = (o: CloudObject): CloudObject =>
    o.attributes.displayName === from
      ? { ...o, attributes: { ...o.attributes, displayName: to } }
      : o;
  return new Proxy(real, {
    get(target, key) {
      if (key === 'objects') return () => target.objects().map(rewrite);
      if (key === 'readObjects')
        return () => (target.readObjects?.() ?? target.objects()).map(rewrite);
      if (key === 'changesSince')
        return (version: number) => {
          const c = target.changesSince?.(version);
          return c && { ...c, changed: c.changed.map(rewrite) };
        };
      const v: unknown = Reflect.get(target, key);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

describe('incremental flows in a Delta Synchronization', () => {
  it('a Full Synchronization after the delta cycle finds nothing to change', () => {
    const { engine, scenario } = lab();
    expect(edit(engine, scenario)).toBeGreaterThan(20);
    expect(runScenarioSteps(engine, [{ cycle: 'delta' }]).ok).toBe(true);
    const exported = [...engine.runs.values()].at(-1)?.counts;
    expect(exported).toBeDefined();
    // The exports of the edits are confirmed by the next cycle's imports.
    expect(runScenarioSteps(engine, [{ cycle: 'delta' }]).ok).toBe(true);
    for (const c of engine.connectors) {
      const run = engine.runProfile(c.name, 'Full Synchronization');
      expect(run.errors).toEqual([]);
      expect({
        connector: c.name,
        updates: run.counts.connectorsWithFlowUpdates,
        exports: run.counts.exportFlows,
      }).toEqual({ connector: c.name, updates: 0, exports: 0 });
    }
  });

  it('the confirming cycle after an export gives what a complete export flow gives', () => {
    // The exports of the initial cycle come back in the next delta cycle: an object whose import
    // confirms exactly what was exported keeps to the incremental export flow.
    const forests = generateMultiForest({ seed: 11, forests: 2, totalObjects: 600 });
    const scenario = generatedScenario(forests, { name: 'confirming cycle' });
    const a = createEngine(scenario);
    const b = createEngine(scenario);
    b.reuseFlowResults = false;
    for (const engine of [a, b]) {
      expect(runScenarioSteps(engine, [{ cycle: 'initial' }, { cycle: 'delta' }]).ok).toBe(true);
    }
    expect(metaverse(a)).toEqual(metaverse(b));
    expect(connectorSpaces(a)).toEqual(connectorSpaces(b));
    expect(tenant(a)).toEqual(tenant(b));
    for (const c of a.connectors) {
      const run = a.runProfile(c.name, 'Full Synchronization');
      expect({ connector: c.name, exports: run.counts.exportFlows }).toEqual({
        connector: c.name,
        exports: 0,
      });
    }
  });

  it('an export the service does not give back as sent gets a complete export flow in the confirming cycle', () => {
    // The confirming import brings back another displayName than the one exported (a service that
    // rewrites a value): the object is not as its export flow left it, and the flow sends the
    // value again.
    const s = miniScenario({
      forests: [{ name: 'contoso.com', objects: [user('Ann'), user('Bob')] }],
      // What the tenant gives back flows in, so the confirming synchronization changes the
      // metaverse object and runs its export flow.
      extraRules: [
        {
          name: 'In from AAD - User displayName',
          direction: 'Inbound',
          connector: AAD,
          sourceObjectType: 'user',
          targetObjectType: 'person',
          linkType: 'Join',
          precedence: 310,
          transformations: [{ target: 'extensionAttribute1', source: 'displayName' }],
        },
      ],
    });
    const results = [true, false].map((reuse) => {
      const engine = createEngine(s);
      engine.reuseFlowResults = reuse;
      expect(runScenarioSteps(engine, [{ cycle: 'initial' }]).ok).toBe(true);
      engine.tenant = rewritingDisplayName(engine.tenant, 'Ann', 'Ann (service)');
      expect(runScenarioSteps(engine, [{ cycle: 'delta' }]).ok).toBe(true);
      return engine;
    });
    const [a, b] = results as [SyncEngine, SyncEngine];
    // The cycle's Entra ID synchronization staged the value again and its export sent it.
    for (const engine of [a, b]) {
      const runs = [...engine.runs.values()].filter((r) => r.connector === AAD);
      expect(runs.at(-2)?.profile).toBe('Delta Synchronization');
      expect(runs.at(-2)?.counts.exportFlows).toBe(1);
      expect(runs.at(-1)?.counts.updates).toBe(1);
    }
    expect(connectorSpaces(a)).toEqual(connectorSpaces(b));
  });

  it('builds the same metaverse as an engine that evaluates every flow', () => {
    const a = lab();
    edit(a.engine, a.scenario);
    runScenarioSteps(a.engine, [{ cycle: 'delta' }]);
    // The second engine evaluates every flow of every object it synchronizes.
    const b = lab();
    b.engine.reuseFlowResults = false;
    edit(b.engine, b.scenario);
    runScenarioSteps(b.engine, [{ cycle: 'delta' }]);
    expect(metaverse(a.engine)).toEqual(metaverse(b.engine));
    expect(connectorSpaces(a.engine)).toEqual(connectorSpaces(b.engine));
    expect(tenant(a.engine)).toEqual(tenant(b.engine));
  });

  it('exports what an engine evaluating every flow exports, edit after edit', () => {
    const a = lab();
    const b = lab();
    b.engine.reuseFlowResults = false;
    for (const round of [1, 2, 3]) {
      for (const x of [a, b]) {
        // Each round changes other attributes of other users.
        x.scenario.forests.forEach((f) =>
          f.objects
            .filter((o) => o.objectClass === 'user')
            .forEach((o, i) => {
              if (i % (round + 2) !== 0) return;
              const set: Record<string, Value> =
                round === 1
                  ? { displayName: `Round one ${i}` }
                  : round === 2
                    ? { title: `Title ${i}`, sn: `Sn${i}` }
                    : {
                        displayName: `Round three ${i}`,
                        physicalDeliveryOfficeName: `Office ${i}`,
                      };
              modifyDirectoryObject(x.engine, f.name, o.dn, set, []);
            }),
        );
        expect(runScenarioSteps(x.engine, [{ cycle: 'delta' }]).ok).toBe(true);
      }
      expect({ round, cs: connectorSpaces(a.engine) }).toEqual({
        round,
        cs: connectorSpaces(b.engine),
      });
      expect(tenant(a.engine)).toEqual(tenant(b.engine));
    }
  });
});

describe('a Full Synchronization with the same rules in scope', () => {
  it('recomputes the metaverse attributes whose contributions changed (a clock-dependent flow)', () => {
    const s = miniScenario({
      forests: [{ name: 'contoso.com', objects: [user('Ann'), user('Bob')] }],
      extraRules: [
        customRule({
          name: 'In from AD - stamp',
          transformations: [
            {
              target: 'extensionAttribute15',
              flowType: 'Expression',
              expression: 'FormatDateTime(Now(),"yyyyMMddHHmmss")',
              applyOnce: false,
              mergeType: 'Update',
            },
          ],
        }),
      ],
    });
    const engine = createEngine(s);
    expect(runScenarioSteps(engine, [{ cycle: 'initial' }]).ok).toBe(true);
    const stamps = () =>
      [...engine.mv.values()].map((m) => m.attributes.extensionAttribute15).sort();
    const before = stamps();
    expect(before).toHaveLength(2);
    // One day later, nothing imported: the flow gives another value for every object.
    const later = engine.clock() + 864_000_000_000n;
    Object.assign(engine, { clock: () => later });
    const run = engine.runProfile('contoso.com', 'Full Synchronization');
    expect(run.counts.connectorsWithFlowUpdates).toBe(2);
    const after = stamps();
    expect(after).not.toEqual(before);
    expect(after.every((v) => typeof v === 'string' && v.length === 14)).toBe(true);
  });
});
