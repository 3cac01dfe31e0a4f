/**
 * `npm run bench`: the sync engine on generated forests (3 forests, 10,000 and 100,000 objects)
 * with the out-of-box rules. Prints a table and writes bench/results.json.
 *
 * Measured per size: the floor (structuredClone of every input object), the initial cycle, the
 * first delta cycle (export confirmations), a delta cycle after changing 1 % of the objects, a
 * one-object preview, a metaverse search, and the heap: the largest heap seen after the timed
 * phases (garbage included), the heap retained at the end, and, on a second untimed engine, the
 * largest live heap (after a full collection) at the end of each run profile.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { generateMultiForest } from '../src/engine/io/generate.ts';
import { generatedScenario } from '../src/engine/io/generated-scenario.ts';
import type { Scenario } from '../src/engine/io/scenario.ts';
import { search } from '../src/engine/query/search.ts';
import { modifyDirectoryObject } from '../src/engine/sync/directory.ts';
import { createEngine, runScenarioSteps } from '../src/engine/sync/scenario-runner.ts';

declare const gc: undefined | (() => void);

interface SizeResult {
  objects: number;
  floorMs: number;
  initialCycleMs: number;
  ratio: number;
  confirmingDeltaMs: number;
  deltaAfterOnePercentMs: number;
  changed: number;
  previewMs: number;
  searchMs: number;
  searchHits: number;
  heapMb: number;
  peakHeapMb: number;
  livePeakMb: number;
  livePeakAfter: string;
  metaverse: number;
  tenant: number;
  syncErrors: number;
  perObjectUs: number;
}

function heapMb(): number {
  return process.memoryUsage().heapUsed / 1e6;
}

function collect(): void {
  if (typeof gc === 'function') gc();
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

/**
 * The largest live heap (after a full collection) at the end of each run profile of an initial and a
 * delta cycle, on a fresh engine, untimed: the state the engine needs, without the garbage V8 lets
 * pile up when the heap limit allows (the timed run's peak includes it).
 */
function livePeak(scenario: Scenario): { mb: number; after: string } {
  const engine = createEngine(scenario);
  let mb = 0;
  let after = '';
  for (const kind of ['initial', 'delta'] as const) {
    for (const p of engine.cycleProfiles(kind)) {
      engine.runProfile(p.connector, p.profile);
      collect();
      const now = heapMb();
      if (now > mb) {
        mb = now;
        after = `${kind} cycle, ${p.connector} ${p.profile}`;
      }
    }
  }
  return { mb: Math.round(mb), after };
}

function scenarioFor(totalObjects: number): Scenario {
  const forests = generateMultiForest({ seed: 7, forests: 3, totalObjects });
  return generatedScenario(forests, { name: `bench ${totalObjects}` });
}

function runSize(totalObjects: number): SizeResult {
  collect();
  let peak = heapMb();
  const sample = () => (peak = Math.max(peak, heapMb()));
  const scenario = scenarioFor(totalObjects);
  const inputs = scenario.forests.flatMap((f) => f.objects);
  const floor = time(() => {
    let n = 0;
    for (const o of inputs) n += Object.keys(structuredClone(o).attributes).length;
    return n;
  });
  const engine = createEngine(scenario);
  sample();
  // Each timed phase starts from a collected heap, so that it does not pay for the garbage of the
  // phase before it (at 100,000 objects one full collection of a 2 GB heap takes about a second).
  collect();
  const initial = time(() => runScenarioSteps(engine, [{ cycle: 'initial' }]));
  sample();
  if (!initial.value.ok) throw new Error(initial.value.message);
  collect();
  const confirm = time(() => runScenarioSteps(engine, [{ cycle: 'delta' }]));
  sample();
  // Change 1 % of the objects: users and groups, evenly spread, get a new description.
  let changed = 0;
  const editable = scenario.forests.flatMap((f) =>
    f.objects
      .filter((o) => o.objectClass === 'user' || o.objectClass === 'group')
      .map((o) => ({ forest: f.name, dn: o.dn })),
  );
  const step = Math.max(
    1,
    Math.floor(editable.length / Math.max(1, Math.round(inputs.length / 100))),
  );
  for (let i = 0; i < editable.length; i += step) {
    const o = editable[i] as { forest: string; dn: string };
    if (modifyDirectoryObject(engine, o.forest, o.dn, { description: `changed ${i}` }, []).ok)
      changed++;
  }
  collect();
  const delta = time(() => runScenarioSteps(engine, [{ cycle: 'delta' }]));
  sample();
  const firstForest = scenario.forests[0]?.name ?? '';
  const target = [...engine.csIds(firstForest)]
    .map((id) => engine.cs.get(id))
    .find((c) => c?.objectType === 'user' && c.mvId);
  const previews: number[] = [];
  for (let i = 0; i < 20 && target; i++) {
    const mark = engine.journal.mark('preview');
    previews.push(time(() => engine.previewObject(target.id, true)).ms);
    engine.journal.restore(mark, false);
  }
  previews.sort((a, b) => a - b);
  const searchRun = () =>
    search(engine, {
      scope: 'metaverse',
      objectType: 'person',
      clauses: [{ attribute: 'displayName', operator: 'StartsWith', value: 'a' }],
      sort: { attribute: 'displayName' },
      limit: 50,
      columns: ['displayName', 'mail'],
    });
  // Median of 5 after a first run (which builds the metaverse text column): one run on a shared
  // machine is at the mercy of a garbage collection or another job.
  searchRun();
  const searches = Array.from({ length: 5 }, () => time(searchRun)).sort((a, b) => a.ms - b.ms);
  const s = searches[2] as { ms: number; value: ReturnType<typeof searchRun> };
  sample();
  const runs = [...engine.runs.values()];
  const stats = {
    metaverse: engine.mv.size,
    tenant: engine.tenant.objects().length,
    syncErrors: runs.reduce((n, r) => n + r.errors.length, 0),
  };
  collect();
  const retained = Math.round(heapMb());
  const result: SizeResult = {
    objects: inputs.length,
    floorMs: Math.round(floor.ms),
    initialCycleMs: Math.round(initial.ms),
    ratio: Math.round((initial.ms / floor.ms) * 10) / 10,
    confirmingDeltaMs: Math.round(confirm.ms),
    deltaAfterOnePercentMs: Math.round(delta.ms),
    changed,
    previewMs: Math.round((previews[Math.floor(previews.length / 2)] ?? 0) * 100) / 100,
    searchMs: Math.round(s.ms * 10) / 10,
    searchHits: s.value.total,
    heapMb: retained,
    peakHeapMb: Math.round(peak),
    livePeakMb: 0,
    livePeakAfter: '',
    ...stats,
    perObjectUs: Math.round((initial.ms * 1000) / inputs.length),
  };
  return result;
}

const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const results: SizeResult[] = [];
for (const n of sizes) {
  process.stdout.write(`running ${n} objects...\n`);
  const r = runSize(n);
  collect();
  const live = livePeak(scenarioFor(n));
  r.livePeakMb = live.mb;
  r.livePeakAfter = live.after;
  results.push(r);
}
const targets = {
  initialCycleMs: 5000,
  deltaAfterOnePercentMs: 500,
  previewMs: 10,
  searchMs: 50,
  peakHeapMb: 1000,
};
for (const r of results) console.log(`${r.objects}: live peak after ${r.livePeakAfter}`);
console.table(
  results.map((r) => ({
    objects: r.objects,
    'floor ms': r.floorMs,
    'initial ms': r.initialCycleMs,
    'initial/floor': r.ratio,
    'µs/object': r.perObjectUs,
    'confirming delta ms': r.confirmingDeltaMs,
    [`delta 1% ms`]: r.deltaAfterOnePercentMs,
    'preview ms': r.previewMs,
    'search ms': r.searchMs,
    'peak heap MB': r.peakHeapMb,
    'live peak MB': r.livePeakMb,
    'retained MB': r.heapMb,
    metaverse: r.metaverse,
    tenant: r.tenant,
    'sync errors': r.syncErrors,
  })),
);
const [small, large] = [results[0], results[results.length - 1]];
const growth =
  small && large && small !== large
    ? Math.round((large.perObjectUs / small.perObjectUs) * 100) / 100
    : undefined;
if (growth !== undefined)
  console.log(`time per object, ${large?.objects} vs ${small?.objects}: x${growth}`);
writeFileSync(
  'bench/results.json',
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, targets, growth, results },
    null,
    2,
  ) + '\n',
);
