/**
 * The out-of-box rule set: generation per installation, the clone-and-disable workflow, and
 * comparison with another rule set (such as a server's export).
 *
 * @example
 * const rules = generateDefaultRules(
 *   { sourceAnchor: 'objectGUID', userMatching: 'none' },
 *   { forests: ['contoso.com'], entra: 'contoso.onmicrosoft.com - AAD' },
 * );
 */
export {
  DEFAULT_PRECEDENCE_START,
  generateDefaultRules,
  ruleIdentifier,
  type DefaultRulesConnectors,
  type DefaultRulesInstallation,
  type SourceAnchorChoice,
  type UserMatching,
} from './generate.ts';
export { cloneDefaultRule, isDefaultRule, type CloneOptions, type CloneResult } from './clone.ts';
export { compareRuleSets, type RuleDifference } from './compare.ts';
export { describeRuleSetMarkdown } from './describe.ts';
