import { describe, expect, it } from 'vitest';
import { generateDefaultRules } from '../defaults/index.ts';
import { readRulesJson, writeRulesJson, type JsonConnector } from './rule-json.ts';

const AAD = 'contoso.onmicrosoft.com - AAD';
const CONNECTORS: JsonConnector[] = [
  { name: 'contoso.com', kind: 'ad' },
  { name: AAD, kind: 'aad' },
];
const RULES = generateDefaultRules(
  { sourceAnchor: 'objectGUID', userMatching: 'none' },
  { forests: ['contoso.com'], entra: AAD },
);

describe('rules as JSON', () => {
  it('round-trips every default rule', () => {
    const text = writeRulesJson(RULES, CONNECTORS);
    const back = readRulesJson(text, 'rules.json', CONNECTORS);
    expect(back).toEqual({ ok: true, rules: RULES });
  });

  it('matches connector names without regard to case', () => {
    const text = writeRulesJson(RULES.slice(0, 1), CONNECTORS);
    const upper = [
      { name: 'CONTOSO.COM', kind: 'ad' as const },
      { name: AAD, kind: 'aad' as const },
    ];
    const back = readRulesJson(text, 'rules.json', upper);
    expect(back.ok && back.rules[0]?.connector).toBe('CONTOSO.COM');
  });

  it('rejects a bad file whole, naming the place', () => {
    const text = writeRulesJson(RULES.slice(0, 2), CONNECTORS).replace(
      '"precedence": 100',
      '"precedence": "x"',
    );
    const back = readRulesJson(text, 'rules.json', CONNECTORS);
    expect(back.ok).toBe(false);
    expect(!back.ok && back.messages[0]).toMatch(
      /^rules\.json:\d+:\d+: rules\.custom\[0\]\.precedence/,
    );
    const elsewhere = readRulesJson(writeRulesJson(RULES.slice(0, 1), CONNECTORS), 'r.json', [
      { name: AAD, kind: 'aad' },
    ]);
    expect(!elsewhere.ok && elsewhere.messages[0]).toContain(
      "the connector 'contoso.com' is not in this workspace",
    );
  });
});
