import { describe, expect, it } from 'vitest';
import { compileRule } from '../rules/compiled.ts';
import type { SyncRule, Transformation } from '../rules/model.ts';
import { buildOutboundPlan, evaluatePlan, resolveUpdate } from './flow-plan.ts';
import type { FlowValue } from '../expr/values.ts';

function outRule(id: string, precedence: number, transformations: Transformation[]): SyncRule {
  return {
    id,
    name: `Out ${id}`,
    description: '',
    direction: 'Outbound',
    connector: 'aad',
    sourceObjectType: 'person',
    targetObjectType: 'user',
    linkType: 'Join',
    precedence,
    disabled: false,
    enablePasswordSync: false,
    scopingFilter: [],
    joinRules: [],
    transformations,
  };
}

function direct(target: string, source: string, mergeType: Transformation['mergeType'] = 'Update') {
  return { target, flowType: 'Direct', source, applyOnce: false, mergeType } as Transformation;
}

describe('outbound flow plans', () => {
  it('keep one Direct flow per source and attribute: the repeats give the same value', () => {
    const rules = [
      outRule('a', 10, [direct('displayName', 'displayName'), direct('mail', 'mail')]),
      outRule('b', 20, [direct('displayName', 'displayName'), direct('mail', 'otherMail')]),
    ].map(compileRule);
    const plan = buildOutboundPlan(rules, 'user', false);
    expect(plan.flows.map((f) => `${f.target}<-${f.direct}`)).toEqual([
      'displayName<-displayName',
      'mail<-mail',
      'mail<-otherMail',
    ]);
    const out: FlowValue[] = [];
    evaluatePlan(plan, { attributes: { displayName: 'Ann', otherMail: 'o@x' } }, out);
    const mail = plan.attrs[plan.index.get('mail') as number];
    // mail is absent, so the lower-precedence source still contributes.
    expect(resolveUpdate(out, mail?.slots ?? [])).toBe('o@x');
  });

  it('keep every flow of an attribute whose flows mix merge types (an error to report)', () => {
    const rules = [
      outRule('a', 10, [direct('proxyAddresses', 'proxyAddresses', 'Merge')]),
      outRule('b', 20, [direct('proxyAddresses', 'proxyAddresses', 'Update')]),
    ].map(compileRule);
    const plan = buildOutboundPlan(rules, 'user', false);
    expect(plan.flows).toHaveLength(2);
    expect(plan.attrs[0]?.mixed).toMatch(/mix merge types/);
  });
});
