/**
 * Flow plans: for one set of rules in scope (and, outbound, one target object type), the flows to
 * evaluate in rule order and, per target attribute, which of them contribute, in precedence order.
 * Built once per distinct rule set and reused for every object in scope of the same rules, so the
 * per-object work is evaluating flows and resolving attributes, not grouping them again.
 */
import {
  AUTHORITATIVE_NULL,
  IGNORE_THIS_FLOW,
  type EvalResult,
  type FlowValue,
  type Value,
} from '../expr/values.ts';
import type { EvalContext } from '../expr/runtime.ts';
import type { CompiledFlow, CompiledRule } from '../rules/compiled.ts';

type MergeType = CompiledFlow['mergeType'];

export interface AttributePlan {
  attr: string;
  /** Indexes into {@link FlowPlan.flows}, in precedence order. */
  slots: number[];
  mergeType: MergeType;
  /** Set when the contributing flows mix merge types (an error on every object in scope). */
  mixed?: string;
}

export interface FlowPlan {
  flows: CompiledFlow[];
  /** The rule of each flow. */
  rules: CompiledRule[];
  /** Attributes sorted by name (code units, as change lists are). */
  attrs: AttributePlan[];
  /** Attribute name -> its index in {@link attrs}. */
  index: Map<string, number>;
  /**
   * Per attribute: the source of its one flow when that is a Direct Update flow (the value is the
   * source's, read without evaluating the plan), else `undefined`.
   */
  direct: (string | undefined)[];
  /** 1 for each flow not covered by {@link direct}: the flows {@link evaluatePlan} must run. */
  evaluated: Uint8Array;
}

/**
 * The plan of the outbound flows of `rules` (in precedence order) into objects of `targetType`;
 * Apply Once flows only count when the target object is being created.
 */
export function buildOutboundPlan(
  rules: readonly CompiledRule[],
  targetType: string,
  creating: boolean,
): FlowPlan {
  const flows: CompiledFlow[] = [];
  const owners: CompiledRule[] = [];
  const byAttr = new Map<string, AttributePlan>();
  /** Per attribute, the sources its Direct flows in the plan read. */
  const directSources = new Map<string, Set<string>>();
  for (const r of rules) {
    if (r.rule.targetObjectType !== targetType) continue;
    for (const f of r.flows) {
      if (f.applyOnce && !creating) continue;
      const a = byAttr.get(f.target);
      if (a && a.mixed === undefined && f.mergeType !== a.mergeType)
        a.mixed = `The rules contributing to this attribute mix merge types (${a.mergeType} and ${f.mergeType}).`;
      // A Direct flow of the same source into the same attribute as a flow of higher precedence
      // gives the same value (a metaverse value, never NULL-like specials): for Update the first
      // one decides, for a merge the same values add nothing. The out-of-box Out to AAD rules have
      // 265 flows for 132 user attributes, most of them such repeats.
      if (f.direct !== undefined) {
        let seen = directSources.get(f.target);
        if (!seen) directSources.set(f.target, (seen = new Set()));
        if (seen.has(f.direct) && a?.mixed === undefined) continue;
        seen.add(f.direct);
      }
      const slot = flows.length;
      flows.push(f);
      owners.push(r);
      if (!a) byAttr.set(f.target, { attr: f.target, slots: [slot], mergeType: f.mergeType });
      else a.slots.push(slot);
    }
  }
  const attrs = [...byAttr.values()].sort((x, y) =>
    x.attr < y.attr ? -1 : x.attr > y.attr ? 1 : 0,
  );
  const evaluated = new Uint8Array(flows.length).fill(1);
  const direct = attrs.map((a) => {
    const f = flows[a.slots[0] as number] as CompiledFlow;
    if (a.slots.length !== 1 || a.mixed !== undefined || a.mergeType !== 'Update') return undefined;
    if (f.direct === undefined) return undefined;
    evaluated[a.slots[0] as number] = 0;
    return f.direct;
  });
  return {
    flows,
    rules: owners,
    attrs,
    index: new Map(attrs.map((a, i) => [a.attr, i])),
    direct,
    evaluated,
  };
}

/**
 * Evaluates every flow of a plan in rule order into `out` (with `only`, the flows it marks 1).
 * Direct and constant-free flows read the attribute without a result object. Returns the first
 * error, as the engine reports it.
 */
export function evaluatePlan(
  plan: FlowPlan,
  ctx: EvalContext,
  out: FlowValue[],
  only?: Uint8Array,
): EvalResult | undefined {
  const attrs = ctx.attributes;
  const flows = plan.flows;
  for (let i = 0; i < flows.length; i++) {
    if (only !== undefined && only[i] !== 1) continue;
    const f = flows[i] as CompiledFlow;
    if (f.direct !== undefined) {
      out[i] = attrs[f.direct] ?? null;
      continue;
    }
    const res = f.evaluate(ctx);
    if (!res.ok) return res;
    out[i] = res.value;
  }
  return undefined;
}

/** How an Update attribute resolves: a value, nothing (removed), or keep (only IgnoreThisFlow). */
export type UpdateResolution = Value | typeof ABSENT | typeof KEEP;
export const ABSENT: unique symbol = Symbol('absent');
export const KEEP: unique symbol = Symbol('keep');

/**
 * Update precedence without provenance (spec §2.5): the first contribution, in precedence order, with
 * a value wins; NULL and an empty list contribute nothing; AuthoritativeNull removes the attribute;
 * IgnoreThisFlow alone keeps what is there. Same outcome as `resolveAttribute` for Update.
 */
export function resolveUpdate(
  values: readonly FlowValue[],
  slots: readonly number[],
): UpdateResolution {
  let ignored = false;
  for (let i = 0; i < slots.length; i++) {
    const v = values[slots[i] as number] as FlowValue;
    if (v === null) continue;
    if (v === IGNORE_THIS_FLOW) {
      ignored = true;
      continue;
    }
    if (v === AUTHORITATIVE_NULL) return ABSENT;
    if (Array.isArray(v) && v.length === 0) continue;
    return v as Value;
  }
  return ignored ? KEEP : ABSENT;
}

/**
 * Per plan: each attribute its flows read, with the plan attributes those flows feed, and the plan
 * attributes fed by a flow that reads something other than attributes (the clock, randomness ...).
 * Built once per plan.
 */
export interface PlanInputs {
  names: readonly string[];
  readers: readonly (readonly number[])[];
  always: readonly number[];
}

const planInputsCache = new WeakMap<FlowPlan, PlanInputs>();

export function planInputs(plan: FlowPlan): PlanInputs {
  let p = planInputsCache.get(plan);
  if (p) return p;
  const attrOfFlow = new Int32Array(plan.flows.length);
  plan.attrs.forEach((a, i) => a.slots.forEach((slot) => (attrOfFlow[slot] = i)));
  const byName = new Map<string, Set<number>>();
  const always = new Set<number>();
  plan.flows.forEach((f, i) => {
    const attr = attrOfFlow[i] as number;
    if (f.inputs === null) always.add(attr);
    else
      for (const name of f.inputs) {
        let set = byName.get(name);
        if (!set) byName.set(name, (set = new Set()));
        set.add(attr);
      }
  });
  p = {
    names: [...byName.keys()],
    readers: [...byName.values()].map((x) => [...x]),
    always: [...always],
  };
  planInputsCache.set(plan, p);
  return p;
}
