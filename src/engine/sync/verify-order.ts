/**
 * The order-independence verifier. The seed document "Understanding Users, Groups, and Contacts"
 * says: "Regardless of which order we import from the source Active Directories, the end result
 * should always be the same." This runs one scenario once per order of its AD forests (every
 * order up to a bound, else seeded random samples), compares the final metaverse and tenant, and
 * says which objects and attributes differ under which orders.
 *
 * Ids that only depend on creation order (metaverse GUIDs, Entra ID object ids, the four random
 * digits of a quarantined UPN) are replaced by stable keys before comparing: a metaverse object is
 * known by the AD objects joined to it, an Entra ID object by its type and sourceAnchor (cloud
 * objects of the scenario by their own id).
 */
import { SeededRandom } from '../entra/seeded-random.ts';
import { stringifyJson, type JsonData } from '../io/json-text.ts';
import type { Scenario, ScenarioStep } from '../io/scenario.ts';
import { toResultDocument, type ResultDocument } from './result.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';

/** Every order is run while there are at most this many (4 forests); above it, samples. */
export const DEFAULT_MAX_PERMUTATIONS = 24;
/** Orders sampled when there are too many to run them all. */
export const DEFAULT_SAMPLES = 8;
/** Differences listed in a report; the rest are counted in `omittedDifferences`. */
export const DEFAULT_MAX_DIFFERENCES = 200;

export interface VerifyOrderOptions {
  /** Orders to sample above `maxPermutations` (default 8). */
  samples?: number;
  /** Seed of the sampling (default 1). */
  seed?: number;
  /** Every order is run up to this many (default 24). */
  maxPermutations?: number;
  /** Steps to run instead of the scenario's own. */
  steps?: readonly ScenarioStep[];
  /**
   * Appends one delta cycle (default true), as the scheduler runs one 30 minutes later: the
   * document speaks of the end result, and a reference exported before its target exists only
   * resolves in the next cycle, whatever the order.
   */
  settle?: boolean;
  maxDifferences?: number;
}

export interface OrderPlan {
  strategy: 'every-order' | 'sampled';
  orders: string[][];
  /** The number of distinct orders there are. */
  possible: number;
  seed?: number;
}

/** One value of an attribute, and the orders that ended with it. */
export interface DifferingValue {
  /** `null` when the attribute (or the object) is absent. */
  value: JsonData;
  orders: string[][];
}

export interface OrderDifference {
  side: 'metaverse' | 'tenant';
  /** The order-independent key of the object. */
  object: string;
  /** A readable name (displayName, userPrincipalName ...). */
  label: string;
  /** An attribute name, or `(object)` (value "present"/"absent"), `(objectType)`, `(connectors)`,
   * `(dirSyncEnabled)`, `(provisioningErrors)`. */
  attribute: string;
  values: DifferingValue[];
}

export interface OrderOutcome {
  orders: string[][];
  metaverseObjects: number;
  tenantObjects: number;
  /** Set when the steps failed under these orders. */
  failure?: string;
}

export interface OrderReport {
  scenario: string;
  forests: string[];
  strategy: OrderPlan['strategy'];
  possibleOrders: number;
  seed?: number;
  orders: string[][];
  orderMatters: boolean;
  /** The orders grouped by identical end state, the first group holding the first order run. */
  outcomes: OrderOutcome[];
  differences: OrderDifference[];
  omittedDifferences: number;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

function permutations(items: readonly string[]): string[][] {
  if (items.length <= 1) return [[...items]];
  const out: string[][] = [];
  items.forEach((first, i) => {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const p of permutations(rest)) out.push([first, ...p]);
  });
  return out;
}

/**
 * Which orders to run: every one while there are at most `maxPermutations`, else the declared
 * order and `samples - 1` distinct seeded random ones (Fisher-Yates).
 *
 * @example
 * planOrders(['a', 'b']).orders // [['a','b'], ['b','a']]
 * planOrders(['a','b','c','d','e'], { samples: 3, seed: 7 }).orders.length // 3
 */
export function planOrders(
  forests: readonly string[],
  options: Pick<VerifyOrderOptions, 'samples' | 'seed' | 'maxPermutations'> = {},
): OrderPlan {
  const possible = factorial(forests.length);
  const max = options.maxPermutations ?? DEFAULT_MAX_PERMUTATIONS;
  if (possible <= max) return { strategy: 'every-order', orders: permutations(forests), possible };
  const seed = options.seed ?? 1;
  const wanted = Math.max(1, Math.min(options.samples ?? DEFAULT_SAMPLES, possible));
  const random = new SeededRandom(seed);
  const orders = [[...forests]];
  const seen = new Set([forests.join('\u0000')]);
  // Distinct orders are plentiful here (possible > max >= wanted), so this ends quickly.
  while (orders.length < wanted) {
    const o = [...forests];
    for (let i = o.length - 1; i > 0; i--) {
      const j = random.nextInt(i + 1);
      [o[i], o[j]] = [o[j] as string, o[i] as string];
    }
    const k = o.join('\u0000');
    if (!seen.has(k)) {
      seen.add(k);
      orders.push(o);
    }
  }
  return { strategy: 'sampled', orders, possible, seed };
}

// ------------------------------------------------------------------------------ canonical state

interface CanonicalObject {
  side: OrderDifference['side'];
  key: string;
  label: string;
  /** Field -> canonical text, for comparing. */
  fields: Map<string, string>;
  /** Field -> value with stable keys in place of ids, for the report. */
  values: Map<string, JsonData>;
}

/** The end state with order-dependent ids replaced by stable keys. */
export interface CanonicalState {
  objects: Map<string, CanonicalObject>;
  metaverseObjects: number;
  tenantObjects: number;
}

const text = (v: JsonData): string => stringifyJson(v);

/** Multi-valued attributes are sets: their values are compared sorted. */
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function normalise(v: JsonData, ids: Map<string, string>): JsonData {
  if (typeof v === 'string') {
    const whole = ids.get(v);
    if (whole !== undefined) return whole;
    // Ids also hide inside values, as in the metaverse's cloudAnchor `User_<objectId>`.
    return v.replace(GUID, (g) => ids.get(g) ?? g);
  }
  if (Array.isArray(v)) {
    return v
      .map((x) => normalise(x, ids))
      .map((x) => ({ x, t: text(x) }))
      .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0))
      .map((e) => e.x);
  }
  if (v && typeof v === 'object') {
    const out: Record<string, JsonData> = {};
    for (const k of Object.keys(v).sort()) out[k] = normalise(v[k] as JsonData, ids);
    return out;
  }
  return v;
}

function uniqueKey(key: string, taken: Set<string>): string {
  let k = key;
  for (let i = 2; taken.has(k); i++) k = `${key} #${i}`;
  taken.add(k);
  return k;
}

function str(v: JsonData | undefined): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Replaces ids that depend on creation order by stable keys.
 *
 * @example
 * const state = canonicalState(toResultDocument(engine), scenario);
 * state.objects.size // metaverse + tenant objects
 */
export function canonicalState(r: ResultDocument, scenario: Scenario): CanonicalState {
  const adConnectors = new Set(scenario.forests.map((f) => f.name.toLowerCase()));
  const cloudIds = new Set(scenario.tenant.objects.map((o) => o.id));
  const ids = new Map<string, string>();
  const taken = new Set<string>();

  const mvKeys = r.metaverse.map((m) => {
    const ad = m.connectors.filter((c) => adConnectors.has(c.connector.toLowerCase()));
    const joined = (ad.length > 0 ? ad : m.connectors)
      .map((c) => `${c.connector}: ${c.dn.toLowerCase()}`)
      .sort();
    const key = uniqueKey(
      `metaverse ${m.objectType} [${joined.join(' + ') || 'no connectors'}]`,
      taken,
    );
    ids.set(m.id, `<${key}>`);
    return key;
  });
  const tenantKeys = r.tenant.map((t) => {
    const a = t.attributes;
    const stable = cloudIds.has(t.id)
      ? `id=${t.id}`
      : str(a.sourceAnchor)
        ? `sourceAnchor=${String(a.sourceAnchor)}`
        : `name=${str(a.userPrincipalName) ?? str(a.mail) ?? str(a.displayName) ?? t.id}`;
    const key = uniqueKey(`tenant ${t.objectType} ${stable}`, taken);
    ids.set(t.id, `<${key}>`);
    return key;
  });

  const objects = new Map<string, CanonicalObject>();
  const add = (
    side: OrderDifference['side'],
    key: string,
    label: string,
    fields: Record<string, JsonData>,
  ) => {
    const o: CanonicalObject = { side, key, label, fields: new Map(), values: new Map() };
    for (const [name, value] of Object.entries(fields)) {
      const v = normalise(value, ids);
      o.values.set(name, v);
      o.fields.set(name, text(v));
    }
    objects.set(key, o);
  };

  r.metaverse.forEach((m, i) => {
    const key = mvKeys[i] as string;
    const label = str(m.attributes.displayName) ?? str(m.attributes.cn) ?? key;
    add('metaverse', key, label, {
      '(objectType)': m.objectType,
      '(connectors)': m.connectors.map((c) => `${c.connector}|${c.dn}|${c.rule}`),
      ...m.attributes,
    });
  });
  r.tenant.forEach((t, i) => {
    const key = tenantKeys[i] as string;
    const attributes = { ...t.attributes };
    // A quarantined UPN's four digits come from the tenant's generator: the same conflict drawn
    // after a different number of objects gets other digits, which is not an order effect.
    const quarantined = t.provisioningErrors.find((p) => p.attribute === 'userPrincipalName');
    const upn = str(attributes.userPrincipalName);
    if (quarantined && upn) attributes.userPrincipalName = upn.replace(/\d{4}@/, '####@');
    const label = str(t.attributes.displayName) ?? upn ?? key;
    add('tenant', key, label, {
      '(objectType)': t.objectType,
      '(dirSyncEnabled)': t.dirSyncEnabled,
      '(provisioningErrors)': t.provisioningErrors.map((p) => ({ ...p })),
      ...attributes,
    });
  });
  return { objects, metaverseObjects: r.metaverse.length, tenantObjects: r.tenant.length };
}

// ------------------------------------------------------------------------------ runs

type OrderRun =
  | { order: string[]; ok: true; state: CanonicalState; fingerprint: string }
  | { order: string[]; ok: false; message: string; fingerprint: string };

function fingerprintOf(state: CanonicalState): string {
  const keys = [...state.objects.keys()].sort();
  const parts: string[] = [];
  for (const k of keys) {
    const o = state.objects.get(k) as CanonicalObject;
    const fields = [...o.fields.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    parts.push(k, ...fields.map(([f, v]) => `${f}=${v}`));
  }
  return parts.join('\n');
}

/**
 * Runs the scenario's steps (or `steps`) once with the AD connectors in `order`.
 *
 * @example
 * const run = runInOrder(scenario, ['fabrikam.com', 'contoso.com']);
 */
export function runInOrder(
  scenario: Scenario,
  order: string[],
  steps: readonly ScenarioStep[] = scenario.steps,
): OrderRun {
  const engine = createEngine(scenario, { journal: false });
  const outcome = runScenarioSteps(engine, steps, order);
  if (!outcome.ok)
    return { order, ok: false, message: outcome.message, fingerprint: `!${outcome.message}` };
  const state = canonicalState(toResultDocument(engine), scenario);
  return { order, ok: true, state, fingerprint: fingerprintOf(state) };
}

function groupValues(entries: { value: JsonData; text: string; order: string[] }[]) {
  const groups = new Map<string, DifferingValue>();
  for (const e of entries) {
    const g = groups.get(e.text);
    if (g) g.orders.push(e.order);
    else groups.set(e.text, { value: e.value, orders: [e.order] });
  }
  return [...groups.values()];
}

/**
 * Compares runs: groups the orders by end state and lists what differs between the groups.
 *
 * @example
 * const report = compareOrderRuns('GALSync', forests, plan, runs);
 */
export function compareOrderRuns(
  scenarioName: string,
  forests: string[],
  plan: OrderPlan,
  runs: OrderRun[],
  maxDifferences = DEFAULT_MAX_DIFFERENCES,
): OrderReport {
  const groups = new Map<string, OrderRun[]>();
  for (const run of runs) {
    const g = groups.get(run.fingerprint);
    if (g) g.push(run);
    else groups.set(run.fingerprint, [run]);
  }
  const representatives = [...groups.values()].map((g) => g[0] as OrderRun);
  const outcomes: OrderOutcome[] = [...groups.values()].map((g) => {
    const first = g[0] as OrderRun;
    return {
      orders: g.map((r) => r.order),
      metaverseObjects: first.ok ? first.state.metaverseObjects : 0,
      tenantObjects: first.ok ? first.state.tenantObjects : 0,
      ...(first.ok ? {} : { failure: first.message }),
    };
  });

  const differences: OrderDifference[] = [];
  let omitted = 0;
  const push = (d: OrderDifference) => {
    if (differences.length < maxDifferences) differences.push(d);
    else omitted++;
  };
  const states = representatives.filter((r): r is Extract<OrderRun, { ok: true }> => r.ok);
  const ordersOf = (r: OrderRun) => groups.get(r.fingerprint)?.map((x) => x.order) ?? [r.order];
  if (states.length > 1) {
    const keys = new Set<string>();
    for (const s of states) for (const k of s.state.objects.keys()) keys.add(k);
    for (const key of [...keys].sort()) {
      const present = states.map((s) => s.state.objects.get(key));
      const some = present.find((o) => o !== undefined) as CanonicalObject;
      const expand = (
        make: (o: CanonicalObject | undefined) => { value: JsonData; text: string },
      ) =>
        groupValues(
          states.flatMap((s, i) => {
            const v = make(present[i]);
            return ordersOf(s).map((order) => ({ ...v, order }));
          }),
        );
      if (present.some((o) => o === undefined)) {
        push({
          side: some.side,
          object: key,
          label: some.label,
          attribute: '(object)',
          values: expand((o) =>
            o ? { value: 'present', text: 'p' } : { value: 'absent', text: 'a' },
          ),
        });
        continue;
      }
      const fields = new Set<string>();
      for (const o of present) for (const f of (o as CanonicalObject).fields.keys()) fields.add(f);
      for (const f of [...fields].sort()) {
        const texts = new Set(present.map((o) => o?.fields.get(f) ?? 'null'));
        if (texts.size < 2) continue;
        push({
          side: some.side,
          object: key,
          label: some.label,
          attribute: f,
          values: expand((o) => ({
            value: o?.values.get(f) ?? null,
            text: o?.fields.get(f) ?? 'null',
          })),
        });
      }
    }
  }
  return {
    scenario: scenarioName,
    forests,
    strategy: plan.strategy,
    possibleOrders: plan.possible,
    ...(plan.seed !== undefined ? { seed: plan.seed } : {}),
    orders: plan.orders,
    orderMatters: groups.size > 1,
    outcomes,
    differences,
    omittedDifferences: omitted,
  };
}

function stepsOf(scenario: Scenario, options: VerifyOrderOptions): ScenarioStep[] {
  const steps = [...(options.steps ?? scenario.steps)];
  return options.settle === false ? steps : [...steps, { cycle: 'delta' }];
}

/**
 * Runs a scenario once per forest order and reports whether the end result depends on it.
 *
 * @example
 * const report = verifyOrder(parseScenario(text).scenario);
 * report.orderMatters // false for the GALSync merger with user matching on mail
 */
export function verifyOrder(scenario: Scenario, options: VerifyOrderOptions = {}): OrderReport {
  const forests = scenario.forests.map((f) => f.name);
  const plan = planOrders(forests, options);
  const steps = stepsOf(scenario, options);
  const runs = plan.orders.map((o) => runInOrder(scenario, o, steps));
  return compareOrderRuns(scenario.name, forests, plan, runs, options.maxDifferences);
}

/**
 * {@link verifyOrder} for the worker: reports progress and yields between orders so that the page
 * stays responsive and a cancel can arrive; `undefined` when cancelled.
 *
 * @example
 * await verifyOrderAsync(scenario, { pause: () => new Promise((r) => setTimeout(r, 0)) });
 */
export async function verifyOrderAsync(
  scenario: Scenario,
  options: VerifyOrderOptions & {
    pause?: () => Promise<void>;
    onProgress?: (done: number, total: number, order: string[]) => void;
    isCancelled?: () => boolean;
  } = {},
): Promise<OrderReport | undefined> {
  const forests = scenario.forests.map((f) => f.name);
  const plan = planOrders(forests, options);
  const steps = stepsOf(scenario, options);
  const runs: OrderRun[] = [];
  for (const order of plan.orders) {
    options.onProgress?.(runs.length, plan.orders.length, order);
    await options.pause?.();
    if (options.isCancelled?.()) return undefined;
    runs.push(runInOrder(scenario, order, steps));
  }
  options.onProgress?.(runs.length, plan.orders.length, plan.orders.at(-1) ?? []);
  return compareOrderRuns(scenario.name, forests, plan, runs, options.maxDifferences);
}
