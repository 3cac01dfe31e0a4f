import { describe, expect, it } from 'vitest';
import type { SyncRule } from '../rules/model.ts';
import { excludedAttributeReads } from './excluded-attributes.ts';

function rule(over: Partial<SyncRule>): SyncRule {
  return {
    id: 'r1',
    name: 'In from AD - User Common',
    description: '',
    direction: 'Inbound',
    connector: 'contoso.com',
    sourceObjectType: 'user',
    targetObjectType: 'person',
    linkType: 'Join',
    precedence: 100,
    disabled: false,
    enablePasswordSync: false,
    scopingFilter: [[{ attribute: 'adminDescription', operator: 'NOTSTARTSWITH', value: 'User_' }]],
    joinRules: [],
    transformations: [
      {
        target: 'displayName',
        flowType: 'Direct',
        source: 'displayName',
        applyOnce: false,
        mergeType: 'Update',
      },
      {
        target: 'department',
        flowType: 'Expression',
        expression: 'Trim([department]) & [dn] & [sAMAccountName]',
        applyOnce: false,
        mergeType: 'Update',
      },
    ],
    ...over,
  } as SyncRule;
}

describe('excludedAttributeReads', () => {
  it('names the flows, scoping filters and joins that read excluded attributes', () => {
    const reads = excludedAttributeReads([rule({})], 'contoso.com', {
      attributes: { user: ['displayName', 'sAMAccountName'] },
    });
    expect(reads).toEqual([
      {
        ruleId: 'r1',
        ruleName: 'In from AD - User Common',
        where: 'scoping filter',
        attributes: ['adminDescription'],
      },
      {
        ruleId: 'r1',
        ruleName: 'In from AD - User Common',
        where: 'transformation department',
        attributes: ['department'],
      },
    ]);
  });

  it('is empty without an inclusion list, for other connectors, types and outbound rules', () => {
    expect(excludedAttributeReads([rule({})], 'contoso.com', {})).toEqual([]);
    const cfg = { attributes: { user: ['displayName'] } };
    expect(excludedAttributeReads([rule({})], 'fabrikam.com', cfg)).toEqual([]);
    expect(
      excludedAttributeReads([rule({ sourceObjectType: 'contact' })], 'contoso.com', cfg),
    ).toEqual([]);
    expect(excludedAttributeReads([rule({ direction: 'Outbound' })], 'contoso.com', cfg)).toEqual(
      [],
    );
  });
});
