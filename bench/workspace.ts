/**
 * `npm run bench:workspace`: the Forests screen's side of SyncLab at 100,000 objects — what a user
 * waits for when generating a forest, saving and opening a scenario file, and reloading a workspace
 * (replaying its action log). Prints one table; nothing is timed against a target here.
 *
 * Measured (median of BENCH_REPEAT runs, default 3; BENCH_OBJECTS changes the size):
 * - generate: `generateForest` of one forest (65 % users, 10 % groups, 25 % contacts);
 * - serialise: `serializeScenario` of a scenario holding that forest (and the file's size);
 * - parse: `parseScenario` of that text (JSON reader, schema, attribute decoding, cross-checks);
 * - replay: `replayWorkspace` of an action log that opens the single-forest scenario, generates the
 *   forest into a new connector and applies a few hundred edits (modify, disable, move, add,
 *   delete); the app runs it twice on a reload (a dry run first), so a reload costs about double.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { generateForest } from '../src/engine/io/generate.ts';
import {
  DEFAULT_TENANT_FEATURES,
  parseScenario,
  serializeScenario,
  type Scenario,
} from '../src/engine/io/scenario.ts';
import { replayWorkspace, type WorkspaceHost } from '../src/engine/io/workspace-apply.ts';
import {
  newWorkspaceDoc,
  recordAction,
  type WorkspaceAction,
  type WorkspaceDoc,
} from '../src/engine/io/workspace.ts';
import { parentDn } from '../src/engine/query/directory.ts';
import { createEngine } from '../src/engine/sync/scenario-runner.ts';

declare const gc: undefined | (() => void);

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 100_000);
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const USERS = Math.round(OBJECTS * 0.65);
const GROUPS = Math.round(OBJECTS * 0.1);
const CONTACTS = OBJECTS - USERS - GROUPS;
const FOREST = 'fabrikam.com';

function collect(): void {
  if (typeof gc === 'function') gc();
}

/** The median time of `REPEAT` runs (after a collection each), and the last value. */
function median<T>(fn: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < REPEAT; i++) {
    collect();
    const t = performance.now();
    value = fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, value: value as T };
}

async function medianAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < REPEAT; i++) {
    collect();
    const t = performance.now();
    value = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, value: value as T };
}

const generateOptions = {
  seed: 7,
  name: FOREST,
  netbios: 'FABRIKAM',
  users: USERS,
  groups: GROUPS,
  contacts: CONTACTS,
  duplicateShare: 0.3,
};

process.stdout.write(`${OBJECTS.toLocaleString('en-US')} objects, median of ${REPEAT}\n`);
const generated = median(() => generateForest(generateOptions));
const forest = generated.value;

const scenario: Scenario = {
  synclab: 1,
  name: `bench ${OBJECTS}`,
  description: 'bench/workspace.ts',
  installation: {
    sourceAnchor: 'mS-DS-ConsistencyGuid',
    userMatching: 'none',
    passwordHashSync: true,
  },
  tenant: {
    initialDomain: 'fabrikam.onmicrosoft.com',
    verifiedDomains: [FOREST],
    features: { ...DEFAULT_TENANT_FEATURES },
    deletionThreshold: 500,
    objects: [],
  },
  forests: [forest],
  rules: { defaults: true, disable: [], custom: [] },
  steps: [{ cycle: 'initial' }],
};
const serialised = median(() => serializeScenario(scenario));
const text = serialised.value;
const parsed = median(() => parseScenario(text, 'bench.json'));
if (!parsed.value.ok) throw new Error(parsed.value.errors[0]?.message);
if (parsed.value.scenario.forests[0]?.objects.length !== forest.objects.length)
  throw new Error('the scenario read back holds another number of objects');

// The action log: open the single-forest scenario, generate the forest into a new connector, then
// a few hundred edits spread over the generated objects.
// Read from the working directory: the bench runs bundled, away from this file (scripts/bench.mjs).
const single = readFileSync('scenarios/single-forest.json', 'utf8');
const host: WorkspaceHost = { load: (s) => createEngine(s) };
let doc: WorkspaceDoc = newWorkspaceDoc({
  kind: 'open-scenario',
  text: single,
  fileName: 'single-forest.json',
  builtInId: 'single-forest',
});
const generate: WorkspaceAction = {
  kind: 'generate',
  forest: FOREST,
  newForestNetbios: 'FABRIKAM',
  seed: generateOptions.seed,
  users: USERS,
  groups: GROUPS,
  contacts: CONTACTS,
  duplicateShare: generateOptions.duplicateShare,
};
doc = recordAction(doc, generate);
// The generated forest is the same whatever the peers are, but for its duplicate contacts: the
// edits below name users and groups, which come out of this forest exactly as in the log.
const users = forest.objects.filter((o) => o.objectClass === 'user');
const groups = forest.objects.filter((o) => o.objectClass === 'group');
const containers = [...new Set(users.map((u) => parentDn(u.dn)))];
const spread = <T>(list: readonly T[], n: number, offset: number): T[] =>
  Array.from(
    { length: n },
    (_, i) => list[(offset + i * Math.floor(list.length / n)) % list.length] as T,
  );
const edits: WorkspaceAction[] = [
  ...spread(users, 100, 0).map((u, i): WorkspaceAction => ({
    kind: 'object-modify',
    forest: FOREST,
    dn: u.dn,
    set: { title: [`Title ${i}`], proxyAddresses: [`SMTP:bench${i}@${FOREST}`] },
    clear: [],
  })),
  ...spread(
    users.filter((u) => u.attributes.userAccountControl === 512),
    50,
    1,
  ).map((u): WorkspaceAction => ({
    kind: 'object-enable',
    forest: FOREST,
    dn: u.dn,
    enabled: false,
  })),
  ...spread(groups, 50, 0).map((g, i): WorkspaceAction => ({
    kind: 'object-modify',
    forest: FOREST,
    dn: g.dn,
    set: { description: [`Group ${i}`] },
    clear: [],
  })),
  ...spread(users, 50, 2).map((u): WorkspaceAction => {
    const here = containers.indexOf(parentDn(u.dn));
    const to = containers[(here + 1) % containers.length] ?? '';
    return { kind: 'object-move', forest: FOREST, dn: u.dn, container: to };
  }),
  ...Array.from({ length: 50 }, (_, i): WorkspaceAction => ({
    kind: 'object-add',
    forest: FOREST,
    dn: `CN=Bench User ${i},${containers[i % containers.length] ?? ''}`,
    objectClass: 'user',
    attributes: { sAMAccountName: [`bench.user${i}`], userAccountControl: ['512'] },
  })),
  // Deleting users removes them from their groups' member lists (the forest's linked values).
  ...spread(users, 50, 3).map((u): WorkspaceAction => ({
    kind: 'object-delete',
    forest: FOREST,
    dn: u.dn,
  })),
];
for (const a of edits) doc = recordAction(doc, a);
const generateOnly: WorkspaceDoc = { actions: doc.actions.slice(0, 2), cursor: 2 };

const replayGenerate = await medianAsync(() => replayWorkspace(generateOnly, host));
const replay = await medianAsync(() => replayWorkspace(doc, host));
if (!replay.value.ok) throw new Error(replay.value.messages.join('\n'));
collect();
const heap = process.memoryUsage().heapUsed;

const mb = (n: number) => Math.round(n / 1e5) / 10;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.table([
  { step: 'generate', time: s(generated.ms), note: `${forest.objects.length} objects` },
  { step: 'serialise', time: s(serialised.ms), note: `${mb(text.length)} MB of JSON` },
  { step: 'parse + validate', time: s(parsed.ms), note: 'parseScenario' },
  {
    step: 'replay: open + generate',
    time: s(replayGenerate.ms),
    note: '2 actions',
  },
  {
    step: 'replay: open + generate + edits',
    time: s(replay.ms),
    note: `${doc.actions.length} actions (${edits.length} edits, ${((replay.ms - replayGenerate.ms) / edits.length).toFixed(1)} ms each)`,
  },
]);
console.log(`heap after the replays (one workspace and the scenario text alive): ${mb(heap)} MB`);
