/**
 * `synclab check FILE`: validates the scenario's rules and expressions and prints every diagnostic
 * with its position (JSON path, and the character span inside an expression).
 * Exit 0 without errors (warnings allowed), 1 with errors, 2 when the file cannot be read or parsed.
 */
import type { Scenario } from '../engine/io/scenario.ts';
import { compileRule, type RuleDiagnostic } from '../engine/rules/compiled.ts';
import type { SyncRule } from '../engine/rules/model.ts';
import { scenarioConnectors, scenarioRules } from '../engine/sync/scenario-runner.ts';
import type { CliIo } from './main.ts';
import { readScenarioFile } from './scenario-file.ts';

export interface CheckDiagnostic extends RuleDiagnostic {
  /** Where the rule is: `rules.custom[2]` for a custom rule, `defaults` for an out-of-box one. */
  location: string;
}

function structural(rule: SyncRule, connectors: Set<string>): RuleDiagnostic[] {
  const out: RuleDiagnostic[] = [];
  const d = (path: string, message: string, severity: 'error' | 'warning' = 'error') =>
    out.push({ ruleId: rule.id, ruleName: rule.name, path, message, severity });
  if (!connectors.has(rule.connector)) d('connector', `unknown connector '${rule.connector}'`);
  rule.joinRules.forEach((g, i) => {
    if (g.length === 0) d(`joinRules[${i}]`, 'an empty join group never matches', 'warning');
  });
  if (
    rule.linkType !== 'Join' &&
    rule.direction === 'Inbound' &&
    rule.joinRules.length === 0 &&
    rule.linkType === 'StickyJoin'
  ) {
    d('linkType', 'a StickyJoin rule without join conditions never joins', 'warning');
  }
  const dn = rule.transformations.findIndex((t) => t.target === 'dn');
  if (rule.direction === 'Inbound' && dn >= 0)
    d(`transformations[${dn}].target`, "inbound rules cannot flow to 'dn'");
  return out;
}

/**
 * Every diagnostic of a scenario's rule set, custom rules first.
 *
 * @example
 * checkScenario(scenario).filter((d) => d.severity === 'error').length // 0
 */
export function checkScenario(scenario: Scenario): CheckDiagnostic[] {
  const connectors = new Set(scenarioConnectors(scenario).map((c) => c.name));
  const customIds = new Map(scenario.rules.custom.map((r, i) => [r, i]));
  const out: CheckDiagnostic[] = [];
  const names = new Map<string, number>();
  for (const rule of scenarioRules(scenario)) {
    const i = customIds.get(rule);
    const location = i === undefined ? `defaults (${rule.connector})` : `rules.custom[${i}]`;
    if (i !== undefined) {
      const key = `${rule.direction}|${rule.precedence}`;
      if (names.has(key)) {
        out.push({
          location,
          ruleId: rule.id,
          ruleName: rule.name,
          path: 'precedence',
          message: `precedence ${rule.precedence} is already used by another ${rule.direction.toLowerCase()} rule`,
          severity: 'warning',
        });
      }
    }
    names.set(`${rule.direction}|${rule.precedence}`, 1);
    for (const d of [...structural(rule, connectors), ...compileRule(rule).diagnostics])
      out.push({ ...d, location });
  }
  return out;
}

/** Prints the diagnostics of a scenario file. */
export function checkCommand(args: string[], io: CliIo): number {
  const file = args.find((a) => !a.startsWith('-'));
  if (!file || args.length !== 1) {
    io.stderr('Usage: synclab check FILE.json\n');
    return 2;
  }
  const scenario = readScenarioFile('check', file, io);
  if (!scenario) return 2;
  const diagnostics = checkScenario(scenario);
  for (const d of diagnostics) {
    const span = d.start !== undefined ? ` (characters ${d.start}-${d.end})` : '';
    io.stdout(
      `${file}: ${d.location} '${d.ruleName}' ${d.path}${span}: ${d.severity}: ${d.message}\n`,
    );
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  io.stdout(
    `${errors} error(s), ${diagnostics.length - errors} warning(s) in ${scenario.rules.custom.length} custom and ${scenarioRules(scenario).length - scenario.rules.custom.length} out-of-box rules.\n`,
  );
  return errors > 0 ? 1 : 0;
}
