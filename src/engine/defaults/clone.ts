/**
 * Default rules are read-only. Opening one in the Synchronization Rules Editor asks whether to
 * clone it: "Yes" makes an editable copy without the immutable tag and disables the original
 * (DOCS/how-to-connect-sync-best-practices-changing-default-configuration). Deleting a default rule
 * is not offered, because an upgrade would re-create it.
 */
import type { SyncRule } from '../rules/model.ts';
import { DEFAULT_PRECEDENCE_START, ruleIdentifier } from './generate.ts';

/** A default rule carries an immutable tag; a custom rule never does. */
export function isDefaultRule(rule: SyncRule): boolean {
  return rule.immutableTag !== undefined && rule.immutableTag !== '';
}

export type CloneResult =
  { ok: true; clone: SyncRule; rules: SyncRule[] } | { ok: false; message: string };

export interface CloneOptions {
  /** Name of the copy; the editor opens the copy under the original name. */
  name?: string;
  /** Precedence of the copy; by default the highest free number below 100. */
  precedence?: number;
}

/**
 * Clones a default rule the way the editor does: the copy has no immutable tag, a new Identifier
 * and a free precedence below the out-of-box range (custom rules must sit below 100 and be
 * unique), and the original is disabled. `allRules` is not changed; the new set is returned.
 *
 * @example
 * const r = cloneDefaultRule(userJoin, rules);
 * if (r.ok) console.log(r.clone.precedence); // 99, and the original is disabled in r.rules
 */
export function cloneDefaultRule(
  rule: SyncRule,
  allRules: readonly SyncRule[],
  options: CloneOptions = {},
): CloneResult {
  if (!isDefaultRule(rule)) {
    return { ok: false, message: `"${rule.name}" is not a default rule; edit it directly` };
  }
  if (!allRules.some((r) => r.id === rule.id)) {
    return { ok: false, message: `"${rule.name}" is not in the rule set` };
  }
  const used = new Set(allRules.map((r) => r.precedence));
  let precedence = options.precedence;
  if (precedence === undefined) {
    for (let p = DEFAULT_PRECEDENCE_START - 1; p >= 1; p--) {
      if (!used.has(p)) {
        precedence = p;
        break;
      }
    }
    if (precedence === undefined) {
      return { ok: false, message: 'every precedence from 1 to 99 is taken' };
    }
  } else if (!Number.isInteger(precedence) || precedence < 0) {
    return { ok: false, message: `precedence ${precedence} is not a whole number of 0 or more` };
  } else if (used.has(precedence)) {
    return { ok: false, message: `precedence ${precedence} is already used` };
  }
  const ids = new Set(allRules.map((r) => r.id));
  let n = 1;
  let id = ruleIdentifier(`clone|${rule.id}|${n}`);
  while (ids.has(id)) id = ruleIdentifier(`clone|${rule.id}|${++n}`);
  const { immutableTag: _tag, ...rest } = structuredClone(rule);
  const clone: SyncRule = {
    ...rest,
    id,
    name: options.name ?? rule.name,
    precedence,
    disabled: false,
  };
  const rules = allRules.map((r) => (r.id === rule.id ? { ...r, disabled: true } : r));
  rules.push(clone);
  return { ok: true, clone, rules };
}
