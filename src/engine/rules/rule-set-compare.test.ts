import { describe, expect, it } from 'vitest';
import { cloneDefaultRule, generateDefaultRules } from '../defaults/index.ts';
import { compareRules, referenceAsReplacement, ruleDifferences } from './rule-set-compare.ts';
import { customRule } from './rule-test-helpers.ts';

const defaults = () =>
  generateDefaultRules(
    { sourceAnchor: 'mS-DS-ConsistencyGuid', userMatching: 'none' },
    { forests: ['contoso.com'], entra: 'contoso.onmicrosoft.com - AAD' },
  );

describe('compareRules', () => {
  it('reports a custom rule as added and a cloned default as a disabled original plus a clone', () => {
    const reference = defaults();
    const join = reference.find((r) => r.name === 'In from AD - User Join');
    if (!join) throw new Error('no join rule');
    const cloned = cloneDefaultRule(join, reference);
    if (!cloned.ok) throw new Error(cloned.message);
    const current = [...cloned.rules, customRule({ name: 'In from AD - User Initials' })];
    const changed = compareRules(reference, current).filter((r) => r.status !== 'Unchanged');
    expect(changed.map((r) => [r.status, r.name, r.currentPrecedence])).toEqual([
      ['Added', 'In from AD - User Initials', 50],
      ['Added', 'In from AD - User Join', 99],
      ['Modified', 'In from AD - User Join', join.precedence],
    ]);
    expect(changed[1]?.note).toMatch(/a clone of it/);
    expect(changed[2]?.differences).toEqual([
      { section: 'Description', field: 'Disabled', reference: 'False', current: 'True' },
    ]);
  });

  it('pairs connectors without regard to case and lists deleted rules', () => {
    const reference = defaults();
    const current = reference.slice(1).map((r) => ({
      ...r,
      id: `other-${r.id}`,
      immutableTag: undefined,
      connector: r.connector.toUpperCase(),
    }));
    const result = compareRules(reference, current);
    expect(result.filter((r) => r.status === 'Deleted').map((r) => r.name)).toEqual([
      reference[0]?.name,
    ]);
    const modified = result.filter((r) => r.status === 'Modified');
    // Only the tag differs: the connector's case is not a difference.
    expect(new Set(modified.flatMap((r) => r.differences.map((d) => d.field)))).toEqual(
      new Set(['Tag']),
    );
    expect(modified[0]?.note).toBe('Paired by name.');
  });
});

describe('ruleDifferences', () => {
  it('compares scoping clauses, join clauses and flows field by field', () => {
    const a = customRule({
      scopingFilter: [[{ attribute: 'mail', operator: 'ENDSWITH', value: '@contoso.com' }]],
      joinRules: [[{ source: 'mail', target: 'mail', caseSensitive: false }]],
      transformations: [
        {
          target: 'displayName',
          flowType: 'Direct',
          source: 'displayName',
          applyOnce: false,
          mergeType: 'Update',
        },
      ],
    });
    const b = customRule({
      scopingFilter: [[{ attribute: 'mail', operator: 'ENDSWITH', value: '@fabrikam.com' }]],
      joinRules: [[{ source: 'mail', target: 'mail', caseSensitive: true }]],
      transformations: [
        {
          target: 'displayName',
          flowType: 'Expression',
          expression: 'Trim([displayName])',
          applyOnce: false,
          mergeType: 'Update',
        },
        {
          target: 'mail',
          flowType: 'Direct',
          source: 'mail',
          applyOnce: false,
          mergeType: 'Update',
        },
      ],
    });
    expect(ruleDifferences(a, b)).toEqual([
      {
        section: 'Scoping Filter',
        field: 'Group 1 / Clause 1',
        reference: 'mail ENDSWITH @contoso.com',
        current: 'mail ENDSWITH @fabrikam.com',
      },
      {
        section: 'Join Rules',
        field: 'Group 1 / Clause 1',
        reference: 'mail = mail',
        current: 'mail = mail (case sensitive)',
      },
      {
        section: 'Transformations',
        field: 'displayName / Flow Type',
        reference: 'Direct',
        current: 'Expression',
      },
      {
        section: 'Transformations',
        field: 'displayName / Source',
        reference: 'displayName',
        current: 'Trim([displayName])',
      },
      { section: 'Transformations', field: 'mail', reference: '(none)', current: 'Direct: mail' },
    ]);
  });

  it('gives the reference rules the identifiers and connector spelling of their partners', () => {
    const reference = [customRule({ id: 'ref', connector: 'CONTOSO.COM' })];
    const current = [customRule({ id: 'cur', connector: 'contoso.com', precedence: 40 })];
    const replacement = referenceAsReplacement(compareRules(reference, current), reference, [
      'contoso.com',
    ]);
    expect(replacement.map((r) => [r.id, r.connector, r.precedence])).toEqual([
      ['cur', 'contoso.com', 50],
    ]);
  });
});
