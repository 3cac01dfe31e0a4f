import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncRule } from '../rules/model.ts';
import {
  parseConnectorXml,
  parseRuleXml,
  parseServerConfiguration,
  writeRuleXml,
} from './rule-xml.ts';

const REFERENCE = resolve(__dirname, '../../../../shared/reference/aadc-default-rules-2016');
const haveReference = existsSync(REFERENCE);
if (!haveReference) {
  console.warn(`rule-xml tests: ${REFERENCE} is absent, the reference-export tests are skipped`);
}

function referenceFiles(): { name: string; text: string }[] {
  return ['Connectors', 'SynchronizationRules'].flatMap((dir) =>
    readdirSync(join(REFERENCE, dir)).map((f) => ({
      name: `${dir}/${f}`,
      text: readFileSync(join(REFERENCE, dir, f), 'utf8'),
    })),
  );
}

const CONNECTORS = { '{AE4DB4CC-B16B-4EB2-ACF5-837CA84E4D7D}': 'contoso.com' };

const MINIMAL = `<synchronizationRule>
  <id>{0b088913-b613-4d9d-9563-9988b7719ed6}</id>
  <name>In from AD - Test</name>
  <description />
  <immutable-tag />
  <direction>Inbound</direction>
  <disabled>False</disabled>
  <connector>{ae4db4cc-b16b-4eb2-acf5-837ca84e4d7d}</connector>
  <sourceObjectType>user</sourceObjectType>
  <targetObjectType>person</targetObjectType>
  <linkType>Join</linkType>
  <precedence>50</precedence>
  <EnablePasswordSync>false</EnablePasswordSync>
  <attribute-mappings>
    <mapping>
      <dest>displayName</dest>
      <src>
        <attr>givenName</attr>
        <attr>sn</attr>
      </src>
      <expression>[givenName] &amp; " " &amp; [sn]</expression>
      <valueMergeType>Update</valueMergeType>
    </mapping>
    <mapping execute-once="true">
      <dest>cloudCreated</dest>
      <src>False</src>
      <valueMergeType>Update</valueMergeType>
    </mapping>
    <mapping>
      <dest>mail</dest>
      <src>
        <attr>mail</attr>
      </src>
      <valueMergeType>Update</valueMergeType>
    </mapping>
    <mapping>
      <dest>contributingConnectorUser</dest>
      <expression>%Connector.ID%</expression>
      <valueMergeType>Update</valueMergeType>
    </mapping>
  </attribute-mappings>
  <relationshipCriteria>
    <conditions>
      <condition>
        <caseSensitive>True</caseSensitive>
        <csAttribute>sourceAnchor</csAttribute>
        <ilmAttribute>sourceAnchor</ilmAttribute>
      </condition>
    </conditions>
  </relationshipCriteria>
  <synchronizationCriteria>
    <conditions>
      <scope>
        <csAttribute>userAccountControl</csAttribute>
        <csOperator>ISBITNOTSET</csOperator>
        <csValue>2</csValue>
      </scope>
      <scope>
        <csAttribute>mailNickname</csAttribute>
        <csOperator>ISNOTNULL</csOperator>
        <csValue />
      </scope>
    </conditions>
  </synchronizationCriteria>
</synchronizationRule>`;

describe('parseRuleXml', () => {
  it('reads every field and keeps Direct, Constant and Expression as written', () => {
    const r = parseRuleXml(MINIMAL, 'a.xml', CONNECTORS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rule: SyncRule = r.rule;
    expect(rule).toMatchObject({
      id: '0b088913-b613-4d9d-9563-9988b7719ed6',
      name: 'In from AD - Test',
      description: '',
      direction: 'Inbound',
      connector: 'contoso.com',
      linkType: 'Join',
      precedence: 50,
      disabled: false,
      enablePasswordSync: false,
    });
    expect(rule.immutableTag).toBeUndefined();
    expect(rule.transformations).toEqual([
      {
        target: 'displayName',
        flowType: 'Expression',
        source: ['givenName', 'sn'],
        expression: '[givenName] & " " & [sn]',
        applyOnce: false,
        mergeType: 'Update',
      },
      {
        target: 'cloudCreated',
        flowType: 'Constant',
        value: 'False',
        applyOnce: true,
        mergeType: 'Update',
      },
      { target: 'mail', flowType: 'Direct', source: 'mail', applyOnce: false, mergeType: 'Update' },
      {
        target: 'contributingConnectorUser',
        flowType: 'Expression',
        expression: '%Connector.ID%',
        applyOnce: false,
        mergeType: 'Update',
      },
    ]);
    expect(rule.joinRules).toEqual([
      [{ source: 'sourceAnchor', target: 'sourceAnchor', caseSensitive: true }],
    ]);
    expect(rule.scopingFilter).toEqual([
      [
        { attribute: 'userAccountControl', operator: 'ISBITNOTSET', value: '2' },
        { attribute: 'mailNickname', operator: 'ISNOTNULL', value: '' },
      ],
    ]);
  });

  it('writes back exactly what it read (modulo the fields the model does not keep)', () => {
    const r = parseRuleXml(MINIMAL, 'a.xml', CONNECTORS);
    if (!r.ok) throw new Error(r.error.message);
    const w = writeRuleXml(r.rule, new Map([['CONTOSO.COM', r.connectorId]]));
    if (!w.ok) throw new Error(w.message);
    const again = parseRuleXml(w.xml, 'b.xml', CONNECTORS);
    expect(again.ok && again.rule).toEqual(r.rule);
    expect(w.xml).toContain('<mapping execute-once="true">');
    expect(w.xml).toContain('[givenName] &amp; " " &amp; [sn]');
  });

  it.each([
    ['malformed XML', MINIMAL.replace('</name>', ''), '', /closing tag/i],
    ['a wrong root', '<rule><name>x</name></rule>', 'synchronizationRule', /root element/],
    [
      'an unknown connector',
      MINIMAL.replace('ae4db4cc', 'ffffffff'),
      'synchronizationRule/connector',
      /unknown connector/,
    ],
    [
      'a bad precedence',
      MINIMAL.replace('<precedence>50', '<precedence>fifty'),
      'synchronizationRule/precedence',
      /whole number/,
    ],
    [
      'a bad direction',
      MINIMAL.replace('>Inbound<', '>Sideways<'),
      'synchronizationRule/direction',
      /not one of/,
    ],
    [
      'a bad link type',
      MINIMAL.replace('>Join<', '>Glue<'),
      'synchronizationRule/linkType',
      /not one of/,
    ],
    [
      'a bad operator',
      MINIMAL.replace('ISBITNOTSET', 'LIKE'),
      'synchronizationRule/synchronizationCriteria/conditions[1]/scope[1]/csOperator',
      /not one of/,
    ],
    [
      'a bad merge type',
      MINIMAL.replace(
        '<valueMergeType>Update</valueMergeType>\n    </mapping>\n    <mapping execute',
        '<valueMergeType>Sum</valueMergeType>\n    </mapping>\n    <mapping execute',
      ),
      'synchronizationRule/attribute-mappings/mapping[1]/valueMergeType',
      /not one of/,
    ],
    [
      'a missing join attribute',
      MINIMAL.replace('<ilmAttribute>sourceAnchor</ilmAttribute>', ''),
      'synchronizationRule/relationshipCriteria/conditions[1]/condition[1]/ilmAttribute',
      /missing/,
    ],
    [
      'a direct flow with two sources',
      MINIMAL.replace('<attr>mail</attr>', '<attr>mail</attr><attr>cn</attr>'),
      'synchronizationRule/attribute-mappings/mapping[3]/src',
      /exactly one/,
    ],
    [
      'a bad boolean',
      MINIMAL.replace('<disabled>False', '<disabled>maybe'),
      'synchronizationRule/disabled',
      /True or False/,
    ],
  ])('rejects %s, naming the file and element', (_what, xml, element, message) => {
    const r = parseRuleXml(xml, 'bad.xml', CONNECTORS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.file).toBe('bad.xml');
    expect(r.error.element).toBe(element);
    expect(r.error.message).toMatch(message);
  });

  it('gives a line number for malformed XML', () => {
    const r = parseRuleXml(MINIMAL.replace('</name>', ''), 'bad.xml', CONNECTORS);
    expect(!r.ok && r.error.line).toBeGreaterThan(1);
  });
});

describe.skipIf(!haveReference)('the 2016 reference export', () => {
  it('reads both connectors', () => {
    const files = referenceFiles().filter((f) => f.name.startsWith('Connectors/'));
    const names = files.map((f) => {
      const c = parseConnectorXml(f.text, f.name);
      if (!c.ok) throw new Error(c.error.message);
      return c.connector;
    });
    expect(names).toEqual(
      expect.arrayContaining([
        { id: 'ae4db4cc-b16b-4eb2-acf5-837ca84e4d7d', name: 'contoso.com' },
        { id: 'b891884f-051e-4a83-95af-2544101c9083', name: 'contoso.onmicrosoft.com - AAD' },
      ]),
    );
  });

  it('reads all 62 rules and writes each back byte for byte', () => {
    const files = referenceFiles();
    const r = parseServerConfiguration(files);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.rules).toHaveLength(62);
    expect(r.rules.map((x) => x.precedence)).toEqual(Array.from({ length: 62 }, (_, i) => 100 + i));
    const ids = new Map([...r.connectors].map(([id, name]) => [name, id]));
    for (const rule of r.rules) {
      const original = files.find((f) => f.name.includes(`{${rule.id}}`));
      const w = writeRuleXml(rule, ids);
      if (!w.ok) throw new Error(w.message);
      expect(w.xml, rule.name).toBe(original?.text);
    }
    const flowTypes = r.rules.flatMap((x) => x.transformations.map((t) => t.flowType));
    expect(new Set(flowTypes)).toEqual(new Set(['Direct', 'Constant', 'Expression']));
  });

  it('rejects the whole set when one file is bad, reporting every bad file', () => {
    const files = referenceFiles().map((f, i) =>
      i === 3 || i === 5 ? { ...f, text: f.text.replace('<precedence>', '<precedence>x') } : f,
    );
    const r = parseServerConfiguration(files);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(2);
  });
});
