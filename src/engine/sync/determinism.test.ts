/**
 * Determinism at scale: generated forests (3 forests, 2,000 objects, the out-of-box rules) give
 * the same connector spaces, metaverse, tenant and run history, in the same order, however they
 * were reached: two fresh runs, a restore to a snapshot in the middle of a cycle and the rest run
 * again, or edits undone (a journal restore) before the cycle. The app relies on it: a workspace
 * reached through undo must equal the same action log replayed after a reload.
 */
import { describe, expect, it } from 'vitest';
import { createSession, type Session } from '../index.ts';
import { generateMultiForest } from '../io/generate.ts';
import { generatedScenario } from '../io/generated-scenario.ts';
import type { ScenarioStep } from '../io/scenario.ts';
import type { SyncEngine } from './engine.ts';
import { toResultDocument } from './result.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';

const FORESTS = generateMultiForest({ seed: 11, forests: 3, totalObjects: 2000 });
const SCENARIO = generatedScenario(FORESTS, { name: 'determinism' });

function dnsOf(forest: number, objectClass: string): string[] {
  const f = FORESTS[forest];
  return f ? f.objects.filter((o) => o.objectClass === objectClass).map((o) => o.dn) : [];
}

const [CONTOSO, FABRIKAM, TAILSPIN] = FORESTS.map((f) => f.name) as [string, string, string];

/** Deletes spread over a forest, the first user included (it was read first by the import). */
const DELETES: ScenarioStep[] = dnsOf(0, 'user')
  .filter((_, i) => i % 53 === 0)
  .map((dn) => ({ delete: { forest: CONTOSO, dn } }));

/** Directory edits between the initial and the delta cycle: deletes, changes and an addition. */
const EDITS: ScenarioStep[] = [
  ...dnsOf(1, 'user')
    .filter((_, i) => i % 41 === 0)
    .map((dn) => ({ delete: { forest: FABRIKAM, dn } })),
  ...dnsOf(2, 'user')
    .filter((_, i) => i % 37 === 0)
    .map((dn) => ({ modify: { forest: TAILSPIN, dn, set: { department: 'Moved' }, clear: [] } })),
  ...dnsOf(2, 'contact')
    .filter((_, i) => i % 29 === 0)
    .map((dn) => ({ delete: { forest: TAILSPIN, dn } })),
  {
    add: {
      forest: CONTOSO,
      object: {
        dn: `CN=Late Arrival,${dnsOf(0, 'organizationalUnit')[1] ?? ''}`,
        objectClass: 'user',
        attributes: {
          objectGUID: '0a0b0c0d-1111-4222-8333-444455556666',
          sAMAccountName: 'late',
          userPrincipalName: `late@${CONTOSO}`,
          mail: `dora.smith@${CONTOSO}`,
          userAccountControl: 512,
        },
      },
    },
  },
];

/**
 * Everything a later step can read, in iteration order: the result document, the connector-space
 * and metaverse objects, and each forest's directory (an import reads it in this order).
 */
function state(e: SyncEngine): string {
  const cs = [...e.cs.values()].map((c) =>
    [
      c.id,
      c.seq,
      c.connector,
      c.dn,
      c.state,
      c.mvId ?? '',
      c.pendingImport?.type ?? '',
      c.pendingExport?.type ?? '',
    ].join(' '),
  );
  const forests = [...e.forests].map(([name, store]) => [name, [...store.keys()]]);
  const runs = [...e.runs.values()].map((r) => ({ ...r, changed: r.changed }));
  return JSON.stringify({
    result: toResultDocument(e),
    runs,
    cs,
    mv: [...e.mv.keys()],
    forests,
  });
}

function engineOf(s: Session): SyncEngine {
  const e = s.engineState();
  if (!e) throw new Error('no engine');
  return e;
}

function snapshotId(s: Session, label: string, nth = 0): number {
  const found = s.snapshots().filter((x) => x.label === label)[nth];
  if (!found) throw new Error(`no snapshot '${label}' in ${JSON.stringify(s.snapshots())}`);
  return found.id;
}

async function runAll(s: Session, steps: readonly ScenarioStep[]): Promise<void> {
  for (const step of steps) await s.runStep(step);
}

/** The straight run: the state after the initial cycle, and after the edits and a delta cycle. */
function reference(): { initial: string; final: string } {
  const e = createEngine(SCENARIO);
  const run = (steps: ScenarioStep[]) => {
    const r = runScenarioSteps(e, steps);
    if (!r.ok) throw new Error(r.message);
    return state(e);
  };
  return { initial: run([{ cycle: 'initial' }]), final: run([...EDITS, { cycle: 'delta' }]) };
}

const REFERENCE = reference();

function session(): Session {
  const s = createSession();
  s.loadScenario(SCENARIO);
  return s;
}

describe('determinism at 2,000 generated objects', () => {
  it('gives the same state on a second fresh run (through a session, with its snapshots)', async () => {
    const s = session();
    await s.runCycle('initial');
    expect(state(engineOf(s))).toBe(REFERENCE.initial);
    await runAll(s, [...EDITS, { cycle: 'delta' }]);
    expect(state(engineOf(s))).toBe(REFERENCE.final);
  });

  it('restored to a snapshot in the middle of the initial cycle, running the rest again gives the same state', async () => {
    const s = session();
    await s.runCycle('initial');
    const profiles = engineOf(s).cycleProfiles('initial');
    const middle = profiles.findIndex(
      (p) => p.connector === FABRIKAM && p.profile === 'Full Synchronization',
    );
    expect(s.restore(snapshotId(s, `${FABRIKAM}: Full Synchronization`))).toBe(true);
    for (const p of profiles.slice(middle)) await s.runProfile(p.connector, p.profile);
    expect(state(engineOf(s))).toBe(REFERENCE.initial);
  });

  it('restored to before the delta cycle, or before the edits, replaying gives the same state', async () => {
    const s = session();
    await runAll(s, [{ cycle: 'initial' }, ...EDITS, { cycle: 'delta' }]);
    // The delta cycle deleted connector-space, metaverse and tenant objects: they come back.
    expect(s.restore(snapshotId(s, `${CONTOSO}: Delta Import`))).toBe(true);
    await s.runCycle('delta');
    expect(state(engineOf(s))).toBe(REFERENCE.final);
    expect(s.restore(snapshotId(s, 'Change: delete'))).toBe(true);
    expect(state(engineOf(s))).toBe(REFERENCE.initial);
    await runAll(s, [...EDITS, { cycle: 'delta' }]);
    expect(state(engineOf(s))).toBe(REFERENCE.final);
  });

  it('directory deletes undone before the first import leave the import order as it was', async () => {
    const s = session();
    const loaded = snapshotId(s, 'Scenario loaded');
    await runAll(s, [...DELETES, { cycle: 'initial' }]);
    expect(s.restore(loaded)).toBe(true);
    await s.runCycle('initial');
    expect(state(engineOf(s))).toBe(REFERENCE.initial);
  });

  /**
   * `SyncEngine.random` keeps its draw count in the journaled meta map, so a restore (undo, an
   * uncommitted Preview) rewinds it and RandomNum() / Guid() flows give the values the same steps
   * give run fresh or replayed after a reload.
   */
  it('RandomNum() flows give the same values after a restore', async () => {
    const small = generatedScenario(
      generateMultiForest({ seed: 3, forests: 1, totalObjects: 30 }),
      {
        name: 'random',
      },
    );
    const scenario = {
      ...small,
      rules: {
        ...small.rules,
        custom: [
          {
            id: '5e1f7c2a-0d9b-4c3e-8f6a-2b7d9e4c1a30',
            name: 'In from AD - User Random',
            description: '',
            direction: 'Inbound' as const,
            connector: CONTOSO,
            sourceObjectType: 'user',
            targetObjectType: 'person',
            linkType: 'Join' as const,
            precedence: 50,
            disabled: false,
            enablePasswordSync: false,
            scopingFilter: [],
            joinRules: [],
            transformations: [
              {
                target: 'info',
                flowType: 'Expression' as const,
                expression: 'CStr(RandomNum(1,1000000))',
                applyOnce: false,
                mergeType: 'Update' as const,
              },
            ],
          },
        ],
      },
    };
    const fresh = createSession();
    fresh.loadScenario(scenario);
    await fresh.runCycle('initial');
    const s = createSession();
    s.loadScenario(scenario);
    const loaded = snapshotId(s, 'Scenario loaded');
    await s.runCycle('initial');
    expect(s.restore(loaded)).toBe(true);
    await s.runCycle('initial');
    expect(state(engineOf(s))).toBe(state(engineOf(fresh)));
  });
});
