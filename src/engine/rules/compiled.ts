/**
 * Rules prepared for execution: expressions compiled once, merge types normalized, and rules
 * indexed by connector and object type in precedence order.
 */
import type { EvalContext } from '../expr/runtime.ts';
import type { EvalResult, FlowValue } from '../expr/values.ts';
import { compileFlowExpression, type ExpressionDiagnostic } from './expression-port.ts';
import type { FlowMeta } from '../sync/model.ts';
import type { SyncRule, Transformation } from './model.ts';

export interface CompiledFlow {
  /** Shared by every contribution of this flow. */
  meta: FlowMeta;
  transformation: Transformation;
  target: string;
  mergeType: 'Update' | 'Merge' | 'MergeCaseInsensitive';
  applyOnce: boolean;
  evaluate: (ctx: EvalContext) => EvalResult;
  /** For a Direct flow, its source attribute: the engine reads it without calling `evaluate`. */
  direct?: string;
  /**
   * The attributes the flow reads; `null` when its result can change without them (the clock,
   * randomness, ImportedValue, an expression that does not compile). A delta synchronization keeps
   * the previous result of a flow none of whose inputs changed.
   */
  inputs: readonly string[] | null;
  /**
   * Flows with the same key compute the same value from the same object (the same Direct source,
   * constant or expression text); `null` for a flow whose result can change on its own.
   */
  sameAs: string | null;
}

export interface RuleDiagnostic {
  ruleId: string;
  ruleName: string;
  /** Where: `transformations[3].expression`, `scopingFilter[0][1].operator` ... */
  path: string;
  message: string;
  /** Character span inside the expression, when the diagnostic is about one. */
  start?: number;
  end?: number;
  severity: 'error' | 'warning';
}

export interface CompiledRule {
  rule: SyncRule;
  flows: CompiledFlow[];
  diagnostics: RuleDiagnostic[];
  /** Can link objects: Provision / StickyJoin, or carries join conditions. */
  linkCapable: boolean;
  hasJoin: boolean;
  /** The source attributes its join conditions read (a projection needs one with a value). */
  joinSources: readonly string[];
}

/** Constant text as the engine stores it: `True`/`False` become Booleans, other text stays text. */
export function constantValue(text: string): FlowValue {
  const t = text.trim();
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  return text;
}

function readDirect(source: Transformation['source']): string | undefined {
  if (source === undefined) return undefined;
  return Array.isArray(source) ? source[0] : (source as string);
}

/**
 * A compiled flow as one object literal with every field in one order: the engine reads these
 * fields for every flow of every object, and in V8 a spread plus the fields its source lacks gives
 * each object a hidden class of its own (2,376 classes for 2,401 flows), which made those reads miss
 * V8's caches.
 */
function compiledFlow(
  base: Pick<CompiledFlow, 'meta' | 'transformation' | 'target' | 'mergeType' | 'applyOnce'>,
  rest: Pick<CompiledFlow, 'inputs' | 'sameAs' | 'evaluate'> & { direct?: string },
): CompiledFlow {
  return {
    meta: base.meta,
    transformation: base.transformation,
    target: base.target,
    mergeType: base.mergeType,
    applyOnce: base.applyOnce,
    evaluate: rest.evaluate,
    direct: rest.direct,
    inputs: rest.inputs,
    sameAs: rest.sameAs,
  };
}

const cache = new WeakMap<SyncRule, CompiledRule>();

/**
 * Compiles a rule (memoized per rule object: rules are replaced, never edited in place).
 *
 * @example
 * compileRule(rule).flows.map((f) => f.target) // ['displayName', 'mail']
 */
export function compileRule(rule: SyncRule): CompiledRule {
  const hit = cache.get(rule);
  if (hit) return hit;
  const diagnostics: RuleDiagnostic[] = [];
  const flows: CompiledFlow[] = [];
  rule.transformations.forEach((t, i) => {
    const mergeType = t.mergeType === 'Replace' ? 'Update' : t.mergeType;
    const meta: FlowMeta = {
      attribute: t.target,
      ruleId: rule.id,
      ruleName: rule.name,
      precedence: rule.precedence,
      mergeType,
      applyOnce: t.applyOnce,
    };
    const base = {
      meta,
      transformation: t,
      target: t.target,
      mergeType,
      applyOnce: t.applyOnce,
    } as const;
    const path = `transformations[${i}]`;
    if (t.flowType === 'Direct') {
      const src = readDirect(t.source);
      if (!src) {
        diagnostics.push({
          ruleId: rule.id,
          ruleName: rule.name,
          path: path + '.source',
          message: 'A Direct flow needs a source attribute.',
          severity: 'error',
        });
        return;
      }
      flows.push(
        compiledFlow(base, {
          direct: src,
          inputs: [src],
          sameAs: 'direct\0' + src,
          evaluate: (ctx) => ({ ok: true, value: ctx.attributes[src] ?? null }),
        }),
      );
    } else if (t.flowType === 'Constant') {
      // One shared, frozen result: a constant flow runs once per object in scope.
      const result = Object.freeze({ ok: true, value: constantValue(t.value ?? '') } as const);
      flows.push(
        compiledFlow(base, {
          inputs: [],
          sameAs: 'constant\0' + (t.value ?? ''),
          evaluate: () => result,
        }),
      );
    } else {
      const text = t.expression ?? '';
      const compiled = compileFlowExpression(text);
      for (const d of compiled.ok ? compiled.diagnostics : []) {
        diagnostics.push({
          ruleId: rule.id,
          ruleName: rule.name,
          path: path + '.expression',
          message: d.message,
          start: d.start,
          end: d.end,
          severity: d.severity,
        });
      }
      if (compiled.ok) {
        flows.push(
          compiledFlow(base, {
            inputs: compiled.inputs,
            sameAs: compiled.inputs === null ? null : 'expression\0' + text,
            evaluate: compiled.evaluate,
          }),
        );
      } else {
        for (const d of compiled.diagnostics) {
          diagnostics.push({
            ruleId: rule.id,
            ruleName: rule.name,
            path: path + '.expression',
            message: d.message,
            start: d.start,
            end: d.end,
            severity: d.severity,
          });
        }
        const message = compiled.diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => d.message)
          .join('; ');
        // A bad expression becomes an error on each object that reaches it, never a crashed run.
        flows.push(
          compiledFlow(base, {
            inputs: null,
            sameAs: null,
            evaluate: () => ({
              ok: false,
              error: {
                type: 'sync-rule-flow-provisioning-failed',
                message: `Rule '${rule.name}', flow to '${t.target}': ${message}`,
              },
            }),
          }),
        );
      }
    }
  });
  const mergeTypes = new Map<string, string>();
  for (const f of flows) {
    const prev = mergeTypes.get(f.target);
    if (prev && prev !== f.mergeType) {
      diagnostics.push({
        ruleId: rule.id,
        ruleName: rule.name,
        path: 'transformations',
        message: `Attribute '${f.target}' mixes merge types ${prev} and ${f.mergeType}.`,
        severity: 'error',
      });
    }
    mergeTypes.set(f.target, f.mergeType);
  }
  const hasJoin = rule.joinRules.some((g) => g.length > 0);
  const compiled: CompiledRule = {
    rule,
    flows,
    diagnostics,
    hasJoin,
    joinSources: rule.joinRules.flat().map((c) => c.source),
    linkCapable: hasJoin || rule.linkType === 'Provision' || rule.linkType === 'StickyJoin',
  };
  cache.set(rule, compiled);
  return compiled;
}

/** Orders rules by precedence, then connector creation order, then name (deterministic ties). */
export function byPrecedence(connectorOrder: (name: string) => number) {
  return (a: SyncRule, b: SyncRule): number =>
    a.precedence - b.precedence ||
    connectorOrder(a.connector) - connectorOrder(b.connector) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export type { ExpressionDiagnostic };
