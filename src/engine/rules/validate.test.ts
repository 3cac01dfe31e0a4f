import { describe, expect, it } from 'vitest';
import { generateDefaultRules } from '../defaults/index.ts';
import type { SyncRule } from './model.ts';
import { filterRules, ruleAttributeUse } from './rule-list.ts';
import { validateRule, type ValidationConnector } from './validate.ts';

const AAD = 'contoso.onmicrosoft.com - AAD';
const DEFAULTS = generateDefaultRules(
  { sourceAnchor: 'objectGUID', userMatching: 'none' },
  { forests: ['contoso.com'], entra: AAD },
);
const CONNECTORS: ValidationConnector[] = [
  { name: 'contoso.com', kind: 'ad' },
  { name: AAD, kind: 'aad' },
];

function custom(overrides: Partial<SyncRule> = {}): SyncRule {
  return {
    id: 'c0000000-0000-0000-0000-000000000001',
    name: 'In from AD - User DisplayName',
    description: '',
    direction: 'Inbound',
    connector: 'contoso.com',
    sourceObjectType: 'user',
    targetObjectType: 'person',
    linkType: 'Join',
    precedence: 50,
    disabled: false,
    enablePasswordSync: false,
    scopingFilter: [[{ attribute: 'department', operator: 'EQUAL', value: 'Sales' }]],
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
    ...overrides,
  };
}

const errors = (rule: SyncRule, rules = DEFAULTS) =>
  validateRule(rule, rules, CONNECTORS).filter((i) => i.severity === 'error');

describe('validateRule', () => {
  it('accepts every default rule and a well-formed custom rule without errors', () => {
    for (const r of DEFAULTS) expect(errors(r), r.name).toEqual([]);
    expect(validateRule(custom(), DEFAULTS, CONNECTORS)).toEqual([]);
  });

  it('requires a unique precedence and warns about custom rules at 100 or more', () => {
    const taken = DEFAULTS.find((r) => r.precedence === 100);
    expect(errors(custom({ precedence: 100 }))).toEqual([
      expect.objectContaining({
        path: 'precedence',
        message: `Precedence 100 is already used by '${taken?.name}'.`,
      }),
    ]);
    const high = validateRule(custom({ precedence: 5000 }), DEFAULTS, CONNECTORS);
    expect(high).toEqual([expect.objectContaining({ path: 'precedence', severity: 'warning' })]);
    expect(errors(custom({ precedence: 1.5 }))[0]?.path).toBe('precedence');
  });

  it('reports expression diagnostics at their positions', () => {
    const rule = custom();
    const t = rule.transformations[0];
    if (t) t.expression = 'left([givenName],1)';
    expect(errors(rule)).toEqual([
      expect.objectContaining({ path: 'transformations[0].expression', start: 0, end: 4 }),
    ]);
  });

  it('rejects mixed merge types on one metaverse attribute', () => {
    const rule = custom();
    const t = rule.transformations[0];
    if (t) {
      t.target = 'proxyAddresses';
      t.mergeType = 'Merge';
      t.expression = '[proxyAddresses]';
    }
    expect(errors(rule).map((e) => e.path)).toEqual(['transformations[0].mergeType']);
  });

  it('rejects a second join rule for the same objects when neither is scoped', () => {
    const join = custom({
      scopingFilter: [],
      joinRules: [[{ source: 'mail', target: 'mail', caseSensitive: false }]],
    });
    const other = {
      ...join,
      id: 'c0000000-0000-0000-0000-000000000002',
      name: 'Other',
      precedence: 51,
    };
    expect(errors(join, [other]).map((e) => e.path)).toEqual(['joinRules']);
    expect(errors(join, [{ ...other, disabled: true }])).toEqual([]);
    // The default User Join is scoped: a warning, not an error.
    const issues = validateRule(join, DEFAULTS, CONNECTORS).filter((i) => i.path === 'joinRules');
    expect(issues.map((i) => i.severity)).toEqual(['warning']);
    expect(issues[0]?.message).toContain('In from AD - User Join');
  });

  it('warns when a Join rule has no join rules and nothing else links the objects', () => {
    const lonely = custom({ sourceObjectType: 'contact', targetObjectType: 'device' });
    const issues = validateRule(lonely, [], CONNECTORS);
    expect(issues.some((i) => i.path === 'joinRules' && i.severity === 'warning')).toBe(true);
  });

  it('requires the Description fields', () => {
    const paths = errors(custom({ name: ' ', connector: 'nowhere', sourceObjectType: '' })).map(
      (e) => e.path,
    );
    expect(paths).toEqual(['name', 'connector', 'sourceObjectType']);
  });
});

describe('the rule list', () => {
  it('finds every rule that flows an attribute, by side', () => {
    const flowing = filterRules(DEFAULTS, {
      direction: 'Inbound',
      metaverseAttribute: 'proxyAddresses',
    });
    expect(flowing.length).toBeGreaterThan(0);
    for (const r of flowing) expect(ruleAttributeUse(r).metaverse).toContain('proxyAddresses');
    const precedences = flowing.map((r) => r.precedence);
    expect(precedences).toEqual([...precedences].sort((a, b) => a - b));
  });

  it('filters by connector without regard to case and by object types', () => {
    const out = filterRules(DEFAULTS, {
      direction: 'Outbound',
      connector: AAD.toUpperCase(),
      metaverseObjectType: 'group',
    });
    expect(out.length).toBeGreaterThan(0);
    for (const r of out) {
      expect(r.connector).toBe(AAD);
      expect(r.sourceObjectType).toBe('group');
    }
  });

  it('reads attributes from expressions, including quoted ImportedValue names', () => {
    const use = ruleAttributeUse(
      custom({
        transformations: [
          {
            target: 'proxyAddresses',
            flowType: 'Expression',
            expression: 'RemoveDuplicates(Trim(ImportedValue("proxyAddresses")))',
            applyOnce: false,
            mergeType: 'Update',
          },
        ],
      }),
    );
    expect(use).toEqual({
      connector: ['department', 'proxyAddresses'],
      metaverse: ['proxyAddresses'],
    });
  });
});
