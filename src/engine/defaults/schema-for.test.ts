import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { checkExpression, parseExpression } from '../expr/index.ts';
import { expressionSchema } from './schema-for.ts';

const REFERENCE = resolve(__dirname, '../../../../shared/reference/aadc-default-rules-2016');
const present = existsSync(join(REFERENCE, 'SynchronizationRules'));

describe('expressionSchema', () => {
  it('types AD, Entra ID and metaverse attributes with single/multi-valued', () => {
    expect(expressionSchema('ad').attributes.get('objectGUID')).toEqual({
      syntax: 'bin',
      multi: false,
    });
    expect(expressionSchema('ad').attributes.get('proxyAddresses')).toEqual({
      syntax: 'str',
      multi: true,
    });
    expect(expressionSchema('ad').attributes.get('pwdLastSet')).toEqual({
      syntax: 'num',
      multi: false,
    });
    expect(expressionSchema('ad').attributes.get('manager')).toEqual({
      syntax: 'ref',
      multi: false,
    });
    expect(expressionSchema('mv', 'person').attributes.get('cloudFiltered')).toEqual({
      syntax: 'bool',
      multi: false,
    });
    expect(expressionSchema('mv', 'group').attributes.get('member')).toEqual({
      syntax: 'ref',
      multi: true,
    });
    expect(expressionSchema('mv', 'group').attributes.has('userPrincipalName')).toBe(false);
    expect(expressionSchema('aad', 'user').attributes.get('searchableDeviceKey')).toEqual({
      syntax: 'bin',
      multi: true,
    });
    expect(expressionSchema('aad', 'device').attributes.has('searchableDeviceKey')).toBe(false);
  });
});

interface Flow {
  rule: string;
  expression: string;
  kind: 'ad' | 'aad' | 'mv';
  objectType: string;
}

function referenceFlows(): Flow[] {
  const parser = new XMLParser({ isArray: (n) => n === 'mapping' });
  const connectorsDir = join(REFERENCE, 'Connectors');
  const adConnectors = new Set<string>();
  for (const f of readdirSync(connectorsDir)) {
    const xml = readFileSync(join(connectorsDir, f), 'utf8');
    const id = /<id>([^<]*)<\/id>/.exec(xml)?.[1]?.toLowerCase();
    if (id && /<category>AD<\/category>/.test(xml)) adConnectors.add(id);
  }
  const flows: Flow[] = [];
  const dir = join(REFERENCE, 'SynchronizationRules');
  for (const f of readdirSync(dir)) {
    const doc = parser.parse(readFileSync(join(dir, f), 'utf8')) as {
      synchronizationRule: {
        name: string;
        direction: string;
        connector: string;
        sourceObjectType: string;
        'attribute-mappings'?: { mapping?: { expression?: string }[] };
      };
    };
    const rule = doc.synchronizationRule;
    const inbound = rule.direction === 'Inbound';
    const kind = !inbound ? 'mv' : adConnectors.has(rule.connector.toLowerCase()) ? 'ad' : 'aad';
    for (const m of rule['attribute-mappings']?.mapping ?? []) {
      if (m.expression !== undefined) {
        flows.push({
          rule: rule.name,
          expression: String(m.expression),
          kind,
          objectType: rule.sourceObjectType,
        });
      }
    }
  }
  return flows;
}

describe.skipIf(!present)('the 2016 default rules (../shared/reference)', () => {
  it('every <expression> parses and checks against the generated schemas without a diagnostic', () => {
    const flows = referenceFlows();
    expect(flows.length).toBe(391);
    const problems: string[] = [];
    for (const flow of flows) {
      const parsed = parseExpression(flow.expression);
      if (!parsed.ast) {
        problems.push(
          `${flow.rule}: ${flow.expression}: ${parsed.diagnostics.map((d) => d.message).join('; ')}`,
        );
        continue;
      }
      const diagnostics = checkExpression(parsed.ast, {
        schema: expressionSchema(flow.kind, flow.objectType),
        direction: flow.kind === 'mv' ? 'Outbound' : 'Inbound',
      });
      for (const d of diagnostics)
        problems.push(`${flow.rule}: ${flow.expression.slice(d.start, d.end)}: ${d.message}`);
    }
    expect(problems).toEqual([]);
  });
});

if (!present) {
  console.warn(
    `Skipping the default-rule expression test: ${REFERENCE} is absent (it sits beside the clone in CI).`,
  );
}

describe('AD attributes newer than the 2016 export', () => {
  it('lets expressions read mS-DS-ConsistencyGuid (binary, single-valued)', () => {
    expect(expressionSchema('ad', 'user').attributes.get('mS-DS-ConsistencyGuid')).toEqual({
      syntax: 'bin',
      multi: false,
    });
  });
});
