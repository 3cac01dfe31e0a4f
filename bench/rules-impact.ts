/**
 * `node scripts/bench.mjs bench/rules-impact.ts [objects]`: the rules editor's Impact before save on a
 * generated workspace (3 forests, out-of-box rules, an initial and a confirming delta cycle).
 *
 * Measured: copying the workspace once, the impact of a new custom inbound rule on one forest's
 * users (displayName from givenName and sn), and the impact of a changed outbound rule to Entra ID
 * (every person re-evaluated). Setup (the cycles) is reported but is not part of the figure.
 */
import { performance } from 'node:perf_hooks';
import { generateMultiForest } from '../src/engine/io/generate.ts';
import { generatedScenario } from '../src/engine/io/generated-scenario.ts';
import { applyRuleSetChange, ruleSetImpact } from '../src/engine/rules/impact.ts';
import type { SyncRule } from '../src/engine/rules/model.ts';
import { copyForSynchronization } from '../src/engine/rules/workspace-copy.ts';
import { createEngine, runScenarioSteps } from '../src/engine/sync/scenario-runner.ts';

const total = Number(process.argv[2] ?? 100_000);

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

const forests = generateMultiForest({ seed: 7, forests: 3, totalObjects: total });
const scenario = generatedScenario(forests, {
  name: `impact bench ${total}`,
  deletionThreshold: 500,
  disable: ['In from AAD - User NGCKey'],
});

const engine = createEngine(scenario, { journal: false });
const setup = time(() => runScenarioSteps(engine, [{ cycle: 'initial' }, { cycle: 'delta' }]));
if (!setup.value.ok) throw new Error(setup.value.message);
const first = forests[0]?.name ?? '';
console.log(
  `${total} directory objects: ${engine.cs.size} connector-space, ${engine.mv.size} metaverse objects; setup ${(setup.ms / 1000).toFixed(1)} s`,
);

const rules = [...engine.rules.values()];
const copy = time(() => copyForSynchronization(engine, rules));
console.log(`copy of the workspace: ${copy.ms.toFixed(0)} ms`);

const custom: SyncRule = {
  id: 'bench-initial-displayname',
  name: 'In from AD - User Initial DisplayName',
  description: '',
  direction: 'Inbound',
  connector: first,
  sourceObjectType: 'user',
  targetObjectType: 'person',
  linkType: 'Join',
  precedence: 50,
  disabled: false,
  enablePasswordSync: false,
  scopingFilter: [[{ attribute: 'sn', operator: 'ISNOTNULL', value: '' }]],
  joinRules: [],
  transformations: [
    {
      target: 'displayName',
      flowType: 'Expression',
      expression: 'Left([givenName],1) & [sn]',
      applyOnce: false,
      mergeType: 'Update',
    },
  ],
};
const inbound = time(() => ruleSetImpact(engine, applyRuleSetChange(rules, { put: [custom] })));
const r1 = inbound.value;
const aad1 = r1.counts.exports.find((c) => c.kind === 'AAD');
console.log(
  `impact of a custom inbound rule: ${(inbound.ms / 1000).toFixed(2)} s; ${r1.synchronized.connectorSpace} objects synchronized, baseline ${r1.baseline} (${r1.baselineSynchronized} synchronized on it); metaverse updated ${r1.counts.mvUpdated}; Entra ID updates ${aad1?.update ?? 0}`,
);

// An edit that changes few objects: only those are synchronized.
const common = rules.find((r) => r.name === 'In from AD - User Common' && r.connector === first);
if (common) {
  const edited: SyncRule = {
    ...common,
    transformations: common.transformations.map((t) =>
      t.target === 'displayName'
        ? {
            ...t,
            expression: `IIF([sn]="Okafor", UCase([sn]), ${t.expression ?? '[displayName]'})`,
          }
        : t,
    ),
  };
  const edit = time(() => ruleSetImpact(engine, applyRuleSetChange(rules, { put: [edited] })));
  const r3 = edit.value;
  console.log(
    `impact of an edit that changes few objects: ${(edit.ms / 1000).toFixed(2)} s; ${r3.synchronized.connectorSpace} objects synchronized; metaverse updated ${r3.counts.mvUpdated}`,
  );
}

const identity = rules.find((r) => r.name === 'Out to AAD - User Identity');
if (identity) {
  const changed: SyncRule = {
    ...identity,
    transformations: identity.transformations.map((t) =>
      t.target === 'displayName'
        ? { ...t, flowType: 'Expression', expression: 'UCase([displayName])', source: undefined }
        : t,
    ),
  };
  const outbound = time(() => ruleSetImpact(engine, applyRuleSetChange(rules, { put: [changed] })));
  const r2 = outbound.value;
  const aad2 = r2.counts.exports.find((c) => c.kind === 'AAD');
  console.log(
    `impact of a changed outbound rule: ${(outbound.ms / 1000).toFixed(2)} s; ${r2.synchronized.metaverse} metaverse objects re-evaluated, baseline ${r2.baseline} (${r2.baselineSynchronized} synchronized on it); Entra ID updates ${aad2?.update ?? 0}`,
  );
}
