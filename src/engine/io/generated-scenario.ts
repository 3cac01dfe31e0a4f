/**
 * A scenario around generated forests, as the benchmarks and the larger engine tests use it: the
 * out-of-box rules (ms-DS-ConsistencyGuid source anchor, no user matching, password hash sync),
 * an empty tenant with every forest's domain verified, and no steps.
 */
import type { ForestSpec, Scenario } from './scenario.ts';
import { DEFAULT_TENANT_FEATURES } from './scenario.ts';

export interface GeneratedScenarioOptions {
  name: string;
  /** Default `null` (prevent accidental deletes off). */
  deletionThreshold?: number | null;
  /** Out-of-box rules to disable, by name. */
  disable?: string[];
}

/**
 * @example
 * generatedScenario(generateMultiForest({ seed: 7, forests: 3, totalObjects: 1000 }), { name: 'lab' })
 */
export function generatedScenario(
  forests: ForestSpec[],
  options: GeneratedScenarioOptions,
): Scenario {
  return {
    synclab: 1,
    name: options.name,
    description: '',
    installation: {
      sourceAnchor: 'mS-DS-ConsistencyGuid',
      userMatching: 'none',
      passwordHashSync: true,
    },
    tenant: {
      initialDomain: 'contoso.onmicrosoft.com',
      verifiedDomains: forests.map((f) => f.name),
      features: { ...DEFAULT_TENANT_FEATURES },
      deletionThreshold: options.deletionThreshold ?? null,
      objects: [],
    },
    forests,
    rules: { defaults: true, disable: options.disable ?? [], custom: [] },
    steps: [],
  };
}
