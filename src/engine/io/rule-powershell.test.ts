import { describe, expect, it } from 'vitest';
import { generateDefaultRules } from '../defaults/generate.ts';
import type { SyncRule } from '../rules/model.ts';
import {
  connectorIdentifier,
  parseRulesPowerShell,
  writeRulePowerShell,
  writeRulesPowerShell,
} from './rule-powershell.ts';

const ENTRA = 'contoso.onmicrosoft.com - AAD';
const forests = ['contoso.com', 'fabrikam.com'];
const names = new Map([...forests, ENTRA].map((n) => [connectorIdentifier(n), n]));

/** The shape of a real export (Synchronization Rules Editor, Export), trimmed to one rule. */
const SAMPLE = `New-ADSyncRule  \`
-Name 'In from AD - User Join' \`
-Identifier '633c9cc8-9a74-4912-92d0-f93fae31d89a' \`
-Description '' \`
-Direction 'Inbound' \`
-Precedence 100 \`
-PrecedenceAfter '00000000-0000-0000-0000-000000000000' \`
-PrecedenceBefore '00000000-0000-0000-0000-000000000000' \`
-SourceObjectType 'user' \`
-TargetObjectType 'person' \`
-Connector '093c3526-55a5-4de9-9005-186fd0a6a849' \`
-LinkType 'Provision' \`
-SoftDeleteExpiryInterval 0 \`
-ImmutableTag 'Microsoft.InfromADUserJoin.004' \`
-OutVariable syncRule


Add-ADSyncAttributeFlowMapping  \`
-SynchronizationRule $syncRule[0] \`
-Source @('objectGUID','mS-DS-ConsistencyGuid') \`
-Destination 'sourceAnchorBinary' \`
-FlowType 'Expression' \`
-ValueMergeType 'Update' \`
-Expression '
      IIF(IsPresent([mS-DS-ConsistencyGuid]),
          [mS-DS-ConsistencyGuid],[objectGUID])
      ' \`
-OutVariable syncRule


Add-ADSyncAttributeFlowMapping  \`
-SynchronizationRule $syncRule[0] \`
-Source @('True') \`
-Destination 'accountEnabled' \`
-FlowType 'Constant' \`
-ValueMergeType 'Update' \`
-OutVariable syncRule


New-Object  \`
-TypeName 'Microsoft.IdentityManagement.PowerShell.ObjectModel.ScopeCondition' \`
-ArgumentList 'isCriticalSystemObject','TRUE','NOTEQUAL' \`
-OutVariable condition0


New-Object  \`
-TypeName 'Microsoft.IdentityManagement.PowerShell.ObjectModel.ScopeCondition' \`
-ArgumentList 'adminDescription','User_','NOTSTARTSWITH' \`
-OutVariable condition1


Add-ADSyncScopeConditionGroup  \`
-SynchronizationRule $syncRule[0] \`
-ScopeConditions @($condition0[0],$condition1[0]) \`
-OutVariable syncRule


New-Object  \`
-TypeName 'Microsoft.IdentityManagement.PowerShell.ObjectModel.JoinCondition' \`
-ArgumentList 'mS-DS-ConsistencyGuid','sourceAnchorBinary',$false \`
-OutVariable condition0


Add-ADSyncJoinConditionGroup  \`
-SynchronizationRule $syncRule[0] \`
-JoinConditions @($condition0[0]) \`
-OutVariable syncRule


Add-ADSyncRule  \`
-SynchronizationRule $syncRule[0]


Get-ADSyncRule  \`
-Identifier '633c9cc8-9a74-4912-92d0-f93fae31d89a'
`;

const SAMPLE_CONNECTORS = { '093c3526-55a5-4de9-9005-186fd0a6a849': 'contoso.com' };

describe('parseRulesPowerShell', () => {
  it('reads the editor export format', () => {
    const r = parseRulesPowerShell(SAMPLE, SAMPLE_CONNECTORS);
    if (!r.ok) throw new Error(`${r.error.line}: ${r.error.message}`);
    expect(r.rules).toHaveLength(1);
    const rule = r.rules[0] as SyncRule;
    expect(rule).toMatchObject({
      id: '633c9cc8-9a74-4912-92d0-f93fae31d89a',
      name: 'In from AD - User Join',
      connector: 'contoso.com',
      precedence: 100,
      linkType: 'Provision',
      immutableTag: 'Microsoft.InfromADUserJoin.004',
      enablePasswordSync: false,
      disabled: false,
    });
    expect(rule.transformations[0]).toMatchObject({
      flowType: 'Expression',
      source: ['objectGUID', 'mS-DS-ConsistencyGuid'],
    });
    expect(rule.transformations[0]?.expression).toContain('\n          [mS-DS-ConsistencyGuid]');
    expect(rule.transformations[1]).toMatchObject({ flowType: 'Constant', value: 'True' });
    expect(rule.scopingFilter).toEqual([
      [
        { attribute: 'isCriticalSystemObject', value: 'TRUE', operator: 'NOTEQUAL' },
        { attribute: 'adminDescription', value: 'User_', operator: 'NOTSTARTSWITH' },
      ],
    ]);
    expect(rule.joinRules).toEqual([
      [{ source: 'mS-DS-ConsistencyGuid', target: 'sourceAnchorBinary', caseSensitive: false }],
    ]);
  });

  it.each([
    [
      'an unknown command',
      SAMPLE.replace('Get-ADSyncRule', 'Remove-ADSyncRule'),
      74,
      /not part of a rule export/,
    ],
    ['an unknown connector', SAMPLE.replace('093c3526', 'ffffffff'), 11, /unknown connector/],
    ['a bad link type', SAMPLE.replace("'Provision'", "'Glue'"), 12, /LinkType 'Glue'/],
    ['a bad flow type', SAMPLE.replace("'Constant'", "'Copy'"), 35, /FlowType 'Copy'/],
    ['a bad operator', SAMPLE.replace("'NOTEQUAL'", "'LIKE'"), 42, /not a scope operator/],
    ['an unclosed string', SAMPLE.replace(/'\n$/, '\n'), 75, /not closed/],
    [
      'a rule never added',
      SAMPLE.replace(/Add-ADSyncRule {2}`\n-SynchronizationRule \$syncRule\[0\]\n/, ''),
      1,
      /never added/,
    ],
    [
      'an unknown parameter',
      SAMPLE.replace('-LinkType', '-LinkKind'),
      12,
      /no parameter -linkkind/,
    ],
    [
      'a condition that was not made',
      SAMPLE.replace('$condition1[0])', '$condition7[0])'),
      54,
      /made by New-Object/,
    ],
  ])('rejects %s, naming the line, and returns nothing', (_what, script, line, message) => {
    const r = parseRulesPowerShell(script, SAMPLE_CONNECTORS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(message);
    expect(r.error.line).toBe(line);
  });

  it('returns no rule at all when a later rule of the script is bad', () => {
    const two = SAMPLE + '\n' + SAMPLE.replace("'Inbound'", "'Sideways'");
    const r = parseRulesPowerShell(two, SAMPLE_CONNECTORS);
    expect(r.ok).toBe(false);
    expect(r).not.toHaveProperty('rules');
  });
});

describe('writeRulePowerShell', () => {
  it('writes the export layout', () => {
    const rule = generateDefaultRules(
      { sourceAnchor: 'objectGUID', userMatching: 'objectSidToMsExchMasterAccountSid' },
      { forests: ['contoso.com'], entra: ENTRA },
    ).find((r) => r.name === 'In from AD - User AccountEnabled');
    if (rule === undefined) throw new Error('missing rule');
    const script = writeRulePowerShell(
      rule,
      new Map([['contoso.com', '{AE4DB4CC-B16B-4EB2-ACF5-837CA84E4D7D}']]),
    );
    expect(
      script.startsWith("New-ADSyncRule  `\n-Name 'In from AD - User AccountEnabled' `\n"),
    ).toBe(true);
    expect(script).toContain("-Connector 'ae4db4cc-b16b-4eb2-acf5-837ca84e4d7d' `\n");
    expect(script).toContain('-EnablePasswordSync  `\n-OutVariable syncRule');
    expect(script).toContain(
      "Add-ADSyncAttributeFlowMapping  `\n-SynchronizationRule $syncRule[0] `\n-Source @('True') `\n-Destination 'accountEnabled' `\n-FlowType 'Constant' `\n-ValueMergeType 'Update' `\n-OutVariable syncRule",
    );
    expect(script).toContain("-ArgumentList 'userAccountControl','2','ISBITNOTSET' `");
    expect(script).toContain('Add-ADSyncRule  `\n-SynchronizationRule $syncRule[0]\n');
  });

  it.each([
    ['objectGUID', 'objectSidToMsExchMasterAccountSid'],
    ['mS-DS-ConsistencyGuid', 'none'],
    ['objectGUID', 'sAMAccountNameAndMailNickname'],
  ] as const)('round-trips every generated default rule (%s, %s)', (sourceAnchor, userMatching) => {
    const rules = generateDefaultRules({ sourceAnchor, userMatching }, { forests, entra: ENTRA });
    const r = parseRulesPowerShell(writeRulesPowerShell(rules), names);
    if (!r.ok) throw new Error(`${r.error.line}: ${r.error.message}`);
    expect(r.rules).toEqual(rules);
  });

  it('round-trips quotes, newlines, disabled rules and apply-once flows', () => {
    const rule: SyncRule = {
      id: '0b088913-b613-4d9d-9563-9988b7719ed6',
      name: "Bob's rule",
      description: 'line one\nline "two"',
      direction: 'Outbound',
      connector: 'contoso.com',
      sourceObjectType: 'person',
      targetObjectType: 'user',
      linkType: 'StickyJoin',
      precedence: 50,
      disabled: true,
      enablePasswordSync: false,
      scopingFilter: [[{ attribute: 'department', operator: 'ISIN', value: "R'n'D" }]],
      joinRules: [[{ source: 'employeeID', target: 'employeeID', caseSensitive: true }]],
      transformations: [
        {
          target: 'info',
          flowType: 'Expression',
          expression: 'IIF([a]="\'",\n  "x", NULL)',
          applyOnce: true,
          mergeType: 'Update',
        },
        {
          target: 'proxyAddresses',
          flowType: 'Direct',
          source: 'proxyAddresses',
          applyOnce: false,
          mergeType: 'MergeCaseInsensitive',
        },
      ],
    };
    const r = parseRulesPowerShell(writeRulePowerShell(rule), names);
    if (!r.ok) throw new Error(`${r.error.line}: ${r.error.message}`);
    expect(r.rules).toEqual([rule]);
  });
});
