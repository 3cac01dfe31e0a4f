/**
 * Builders shared by the rules tests (not used at run time): a custom inbound rule and a small
 * synchronized workspace.
 */
import { createEngine, runScenarioSteps } from '../sync/scenario-runner.ts';
import type { SyncEngine } from '../sync/engine.ts';
import { baseRules, scenario, user, type MiniObject } from '../sync/test-helpers.ts';
import type { SyncRule } from './model.ts';

/** A custom inbound user rule of contoso.com (precedence 50, no scoping, no flows) with `patch`. */
export function customRule(patch: Partial<SyncRule> = {}): SyncRule {
  return {
    id: 'custom',
    name: 'Custom',
    description: '',
    direction: 'Inbound',
    connector: 'contoso.com',
    sourceObjectType: 'user',
    targetObjectType: 'person',
    linkType: 'Join',
    precedence: 50,
    disabled: false,
    enablePasswordSync: false,
    scopingFilter: [],
    joinRules: [],
    transformations: [],
    ...patch,
  };
}

/** `displayName` from an expression, for users that have an `sn`. */
export function displayNameRule(id: string, precedence: number, expression: string): SyncRule {
  return customRule({
    id,
    name: `Custom ${id}`,
    precedence,
    scopingFilter: [[{ attribute: 'sn', operator: 'ISNOTNULL', value: '' }]],
    transformations: [
      {
        target: 'displayName',
        flowType: 'Expression',
        expression,
        applyOnce: false,
        mergeType: 'Update',
      },
    ],
  });
}

/**
 * contoso.com with the engine tests' base rules, after an initial and a confirming delta cycle
 * (nothing is left to synchronize or to confirm).
 */
export function settledWorkspace(
  objects: MiniObject[] = [user('Ann', { givenName: 'Ann', sn: 'Lee' }), user('Bob')],
): SyncEngine {
  const s = scenario({
    forests: [{ name: 'contoso.com', objects }],
    rules: baseRules(['contoso.com']),
    steps: [{ cycle: 'initial' }, { cycle: 'delta' }],
  });
  const engine = createEngine(s);
  const out = runScenarioSteps(engine, s.steps);
  if (!out.ok) throw new Error(out.message);
  return engine;
}
