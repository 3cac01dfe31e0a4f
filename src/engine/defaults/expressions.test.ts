import { describe, expect, it } from 'vitest';
import { checkExpression, parseExpression } from '../expr/index.ts';
import { generateDefaultRules, type UserMatching } from './generate.ts';
import { expressionSchema } from './schema-for.ts';

const INSTALLATIONS: ['objectGUID' | 'mS-DS-ConsistencyGuid', UserMatching][] = [
  ['objectGUID', 'objectSidToMsExchMasterAccountSid'],
  ['objectGUID', 'none'],
  ['objectGUID', 'mail'],
  ['mS-DS-ConsistencyGuid', 'none'],
  ['mS-DS-ConsistencyGuid', 'sAMAccountNameAndMailNickname'],
];

describe('the expressions of the generated default rules', () => {
  it.each(INSTALLATIONS)(
    'parse and check without errors (%s, %s)',
    (sourceAnchor, userMatching) => {
      const rules = generateDefaultRules(
        { sourceAnchor, userMatching },
        { forests: ['contoso.com', 'fabrikam.com'], entra: 'contoso.onmicrosoft.com - AAD' },
      );
      const parseErrors: string[] = [];
      const checkErrors = new Map<string, string[]>();
      let checked = 0;
      for (const rule of rules) {
        for (const t of rule.transformations) {
          if (t.flowType !== 'Expression') continue;
          checked++;
          const key = `${rule.name} / ${t.target}`;
          const parsed = parseExpression(t.expression ?? '');
          for (const d of parsed.diagnostics.filter((x) => x.severity === 'error')) {
            parseErrors.push(`${key}: ${d.message}`);
          }
          if (parsed.ast === null) continue;
          // Inbound flows read the connector space (AD or Entra ID), outbound flows the metaverse.
          const schema =
            rule.direction === 'Outbound'
              ? expressionSchema('mv', rule.sourceObjectType)
              : expressionSchema(
                  rule.connector.endsWith(' - AAD') ? 'aad' : 'ad',
                  rule.sourceObjectType,
                );
          const errors = checkExpression(parsed.ast, { direction: rule.direction, schema })
            .filter((x) => x.severity === 'error')
            .map((d) => d.message);
          if (errors.length > 0) checkErrors.set(key, errors);
        }
      }
      expect(checked).toBeGreaterThan(300);
      expect(parseErrors).toEqual([]);
      expect([...checkErrors]).toEqual([]);
    },
  );
});
