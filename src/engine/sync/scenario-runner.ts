/**
 * From a parsed scenario to a running engine: connectors, the rule set (out-of-box rules, disabled
 * names, custom rules), the tenant, the forests; and the scenario's steps.
 */
import { generateDefaultRules } from '../defaults/generate.ts';
import { createTenant, type Tenant } from '../entra/tenant.ts';
import { aadConnectorName, type Scenario, type ScenarioStep } from '../io/scenario.ts';
import type { SyncRule } from '../rules/model.ts';
import {
  addDirectoryObject,
  deleteDirectoryObject,
  modifyDirectoryObject,
  toDirectoryObject,
} from './directory.ts';
import {
  configureConnector,
  initConnectorConfiguration,
  setStagingMode,
  stagingMode,
} from './connector-config.ts';
import { SyncEngine } from './engine.ts';
import { nameGuid } from './ids.ts';
import type { ConnectorInfo, RunProfileName, RunRecord } from './model.ts';
import type { StepEvent } from './trace.ts';

export interface EngineOptions {
  /** Journal writes for snapshots and rewind (default true). */
  journal?: boolean;
  /** Seed for the tenant's ids and quarantine numbers. */
  seed?: number;
}

/** The connectors of a scenario: one per forest (file order = creation order), then Entra ID. */
export function scenarioConnectors(scenario: Scenario): ConnectorInfo[] {
  const list: ConnectorInfo[] = scenario.forests.map((f, i) => ({
    name: f.name,
    kind: 'AD',
    id: nameGuid(f.name.toLowerCase()),
    order: i,
    forest: { name: f.name, netbios: f.netbios },
  }));
  const aad = aadConnectorName(scenario.tenant.initialDomain);
  list.push({ name: aad, kind: 'AAD', id: nameGuid(aad.toLowerCase()), order: list.length });
  return list;
}

/** The rule set a scenario asks for. */
export function scenarioRules(scenario: Scenario): SyncRule[] {
  const rules: SyncRule[] = [];
  if (scenario.rules.defaults) {
    const disabled = new Set(scenario.rules.disable.map((n) => n.toLowerCase()));
    for (const r of generateDefaultRules(
      {
        sourceAnchor: scenario.installation.sourceAnchor,
        userMatching: scenario.installation.userMatching,
      },
      {
        forests: scenario.forests.map((f) => f.name),
        entra: aadConnectorName(scenario.tenant.initialDomain),
      },
    )) {
      rules.push(disabled.has(r.name.toLowerCase()) ? { ...r, disabled: true } : r);
    }
  }
  rules.push(...scenario.rules.custom);
  return rules;
}

/**
 * Builds an engine in the scenario's initial state (nothing imported yet).
 *
 * @example
 * const engine = createEngine(parsed.scenario);
 * runScenarioSteps(engine, parsed.scenario.steps);
 */
export function createEngine(scenario: Scenario, options: EngineOptions = {}): SyncEngine {
  const tenant = createTenant({
    initialDomain: scenario.tenant.initialDomain,
    verifiedDomains: scenario.tenant.verifiedDomains,
    features: scenario.tenant.features,
    objects: scenario.tenant.objects,
    passwordHashSync: scenario.installation.passwordHashSync,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const engine = new SyncEngine({
    connectors: scenarioConnectors(scenario),
    rules: scenarioRules(scenario),
    tenant,
    deletionThreshold: scenario.tenant.deletionThreshold,
    forests: scenario.forests.map((f) => ({
      name: f.name,
      objects: f.objects.map((o, i) => toDirectoryObject(f.name, o, i + 1)),
    })),
    journal: options.journal ?? true,
  });
  for (const f of scenario.forests)
    if (f.connector) initConnectorConfiguration(engine, f.name, f.connector);
  if (scenario.stagingMode) setStagingMode(engine, true);
  return engine;
}

export type StepOutcome = { ok: true; runs: RunRecord[] } | { ok: false; message: string };

function asTenant(engine: SyncEngine): Tenant | undefined {
  const t = engine.tenant as Partial<Tenant>;
  return typeof t.applyScenarioChange === 'function' ? (engine.tenant as Tenant) : undefined;
}

/** The run profiles a step runs, in order (empty for directory and tenant changes). */
export function stepProfiles(
  engine: SyncEngine,
  step: ScenarioStep,
  adOrder?: string[],
): { connector: string; profile: RunProfileName }[] {
  if ('cycle' in step) {
    const profiles = engine.cycleProfiles(step.cycle, adOrder);
    // A staging server's scheduler imports and synchronizes but does not export (spec §1.8).
    return stagingMode(engine) ? profiles.filter((p) => p.profile !== 'Export') : profiles;
  }
  if ('run' in step) return [{ connector: step.connector, profile: step.run }];
  return [];
}

/** Applies a step that changes a directory or the tenant. */
export function applyChangeStep(
  engine: SyncEngine,
  step: ScenarioStep,
): { ok: true } | { ok: false; message: string } {
  if ('add' in step) return addDirectoryObject(engine, step.add.forest, step.add.object);
  if ('modify' in step) {
    return modifyDirectoryObject(
      engine,
      step.modify.forest,
      step.modify.dn,
      step.modify.set,
      step.modify.clear,
    );
  }
  if ('delete' in step) return deleteDirectoryObject(engine, step.delete.forest, step.delete.dn);
  if ('configure' in step) {
    const { connector, ...change } = step.configure;
    const r = configureConnector(engine, connector, change);
    return r.ok ? { ok: true } : r;
  }
  if ('stagingMode' in step) {
    setStagingMode(engine, step.stagingMode);
    return { ok: true };
  }
  if ('tenant' in step) {
    const tenant = asTenant(engine);
    if (!tenant)
      return { ok: false, message: 'this tenant does not accept administrative changes' };
    engine.journal.saveSide('tenant', () => engine.tenant.clone());
    const c = step.tenant;
    const errors = tenant.applyScenarioChange(c);
    if (c.deletionThreshold !== undefined) engine.deletionThreshold = c.deletionThreshold;
    // Like separate portal actions, the rest of the change is applied; the step reports the first failure.
    const first = errors[0];
    if (first) return { ok: false, message: first.message };
    return { ok: true };
  }
  return { ok: true };
}

/** Runs one scenario step as a sequence of step events. */
export function* scenarioStepEvents(
  engine: SyncEngine,
  step: ScenarioStep,
  options: { adOrder?: string[]; trace?: boolean; isCancelled?: () => boolean } = {},
): Generator<StepEvent, StepOutcome> {
  const profiles = stepProfiles(engine, step, options.adOrder);
  if (profiles.length === 0) {
    const r = applyChangeStep(engine, step);
    return r.ok ? { ok: true, runs: [] } : r;
  }
  const runs: RunRecord[] = [];
  for (const p of profiles) {
    if (!engine.connector(p.connector))
      return { ok: false, message: `unknown connector '${p.connector}'` };
    if (options.isCancelled?.()) break;
    runs.push(yield* engine.runProfileSteps(p.connector, p.profile, options));
  }
  return { ok: true, runs };
}

/** Runs steps to completion. */
export function runScenarioSteps(
  engine: SyncEngine,
  steps: readonly ScenarioStep[],
  adOrder?: string[],
): StepOutcome {
  const runs: RunRecord[] = [];
  for (const step of steps) {
    const gen = scenarioStepEvents(engine, step, { adOrder });
    let r = gen.next();
    while (!r.done) r = gen.next();
    if (!r.value.ok) return r.value;
    runs.push(...r.value.runs);
  }
  return { ok: true, runs };
}
