import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServerConfiguration } from '../io/rule-xml.ts';
import type { SyncRule } from '../rules/model.ts';
import { compareRuleSets } from './compare.ts';
import { describeRuleSetMarkdown } from './describe.ts';
import { generateDefaultRules, ruleIdentifier, type UserMatching } from './generate.ts';

const ROOT = resolve(__dirname, '../../..');
const REFERENCE = resolve(ROOT, '../shared/reference/aadc-default-rules-2016');
const DOC = readFileSync(join(ROOT, 'docs/default-rules.md'), 'utf8');
const haveReference = existsSync(REFERENCE);
if (!haveReference) {
  console.warn(
    `default rules: ${REFERENCE} is absent (../shared from the repo root); ` +
      'the comparison with the 2016 export is skipped',
  );
}

const ENTRA = 'contoso.onmicrosoft.com - AAD';
const SINGLE = { forests: ['contoso.com'], entra: ENTRA };
const EXPORT_INSTALLATION = {
  sourceAnchor: 'objectGUID',
  userMatching: 'objectSidToMsExchMasterAccountSid',
} as const;

/** The rows of the first Markdown table after `heading`, as trimmed cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(heading);
  if (start < 0) throw new Error(`docs/default-rules.md has no "${heading}"`);
  const lines = markdown.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    rows.push(cells);
  }
  return rows.slice(1);
}

function loadReference(): SyncRule[] {
  const files = ['Connectors', 'SynchronizationRules'].flatMap((dir) =>
    readdirSync(join(REFERENCE, dir)).map((f) => ({
      name: `${dir}/${f}`,
      text: readFileSync(join(REFERENCE, dir, f), 'utf8'),
    })),
  );
  const r = parseServerConfiguration(files);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.rules;
}

describe.skipIf(!haveReference)('the 2016 reference export', () => {
  it('differs from the generated rules only where docs/default-rules.md says so', () => {
    const reference = loadReference();
    expect(reference).toHaveLength(62);
    const differences = compareRuleSets(
      reference,
      generateDefaultRules(EXPORT_INSTALLATION, SINGLE),
    );
    const documented = tableAfter(DOC, '## Differences from the 2016 export').map((row) =>
      (row[0] ?? '').replace(/^`|`$/g, ''),
    );
    expect(differences.map((d) => d.key).sort()).toEqual([...documented].sort());
  });

  it('matches the export in names, precedence, tags, link types and scoping, rule by rule', () => {
    const reference = loadReference();
    const generated = generateDefaultRules(EXPORT_INSTALLATION, SINGLE);
    expect(generated.map((r) => [r.precedence, r.name, r.immutableTag, r.linkType])).toEqual(
      reference.map((r) => [r.precedence, r.name, r.immutableTag, r.linkType]),
    );
  });
});

describe('generateDefaultRules', () => {
  it('documents the rule set it generates (docs/default-rules.md table)', () => {
    const rendered = describeRuleSetMarkdown(generateDefaultRules(EXPORT_INSTALLATION, SINGLE));
    expect(tableAfter(DOC, '## The generated rule set')).toEqual(
      tableAfter(`## The generated rule set\n${rendered}\n`, '## The generated rule set'),
    );
  });

  it('interleaves the forests inside each rule-name group, from precedence 100', () => {
    const forests = ['contoso.com', 'fabrikam.com', 'tailspin.com'];
    const rules = generateDefaultRules(EXPORT_INSTALLATION, { forests, entra: ENTRA });
    const single = generateDefaultRules(EXPORT_INSTALLATION, SINGLE);
    expect(rules.map((r) => r.precedence)).toEqual(rules.map((_, i) => 100 + i));
    const names = [...new Set(rules.map((r) => r.name))];
    expect(names).toEqual(single.map((r) => r.name));
    for (const name of names) {
      const group = rules.filter((r) => r.name === name);
      const isAd = !group.some((r) => r.connector === ENTRA);
      expect(group.map((r) => r.connector)).toEqual(isAd ? forests : [ENTRA]);
      const precedences = group.map((r) => r.precedence);
      expect(precedences).toEqual(precedences.map((_, i) => (precedences[0] ?? 0) + i));
    }
    const adRules = single.filter((r) => r.connector !== ENTRA).length;
    expect(rules).toHaveLength(single.length + 2 * adRules);
    expect(
      rules.find((r) => r.name === 'In from AD - User Join' && r.connector === 'fabrikam.com'),
    ).toMatchObject({ precedence: 101 });
  });

  it('gives every rule a stable, unique Identifier derived from name and connector', () => {
    const a = generateDefaultRules(EXPORT_INSTALLATION, {
      forests: ['A.com', 'b.com'],
      entra: ENTRA,
    });
    const b = generateDefaultRules(EXPORT_INSTALLATION, {
      forests: ['a.com', 'b.com'],
      entra: ENTRA,
    });
    expect(new Set(a.map((r) => r.id)).size).toBe(a.length);
    expect(a.map((r) => r.id)).toEqual(b.map((r) => r.id));
    expect(
      a.every((r) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r.id),
      ),
    ).toBe(true);
    expect(ruleIdentifier('x')).not.toBe(ruleIdentifier('y'));
  });

  it('returns fresh objects, so editing one rule set does not change the next', () => {
    const a = generateDefaultRules(EXPORT_INSTALLATION, SINGLE);
    a[0]?.transformations.splice(0);
    a[0]?.scopingFilter.splice(0);
    const b = generateDefaultRules(EXPORT_INSTALLATION, SINGLE);
    expect(b[0]?.transformations.length).toBeGreaterThan(0);
    expect(b[0]?.scopingFilter.length).toBeGreaterThan(0);
  });

  const joinOf = (matching: UserMatching, sourceAnchor: 'objectGUID' | 'mS-DS-ConsistencyGuid') =>
    generateDefaultRules({ sourceAnchor, userMatching: matching }, SINGLE).filter((r) =>
      [
        'In from AD - User Join',
        'In from AD - InetOrgPerson Join',
        'Out to AD - User Join SOAInAD',
        'Out to AD - InetOrgPerson Join',
      ].includes(r.name),
    );

  it.each([
    ['mail', 'objectGUID', [[{ source: 'mail', target: 'mail', caseSensitive: false }]]],
    [
      'sAMAccountNameAndMailNickname',
      'objectGUID',
      [
        [
          { source: 'sAMAccountName', target: 'accountName', caseSensitive: false },
          { source: 'mailNickname', target: 'mailNickname', caseSensitive: false },
        ],
      ],
    ],
    [
      'none',
      'objectGUID',
      [[{ source: 'objectGUID', target: 'sourceAnchorBinary', caseSensitive: false }]],
    ],
    [
      'none',
      'mS-DS-ConsistencyGuid',
      [
        [{ source: 'mS-DS-ConsistencyGuid', target: 'sourceAnchorBinary', caseSensitive: false }],
        [{ source: 'objectGUID', target: 'sourceAnchorBinary', caseSensitive: false }],
      ],
    ],
  ] as const)('user matching %s (%s) sets the user join rules', (matching, anchor, expected) => {
    const rules = joinOf(matching, anchor);
    expect(rules).toHaveLength(4);
    for (const r of rules) expect(r.joinRules).toEqual(expected);
    const contact = generateDefaultRules(
      { sourceAnchor: anchor, userMatching: matching },
      SINGLE,
    ).find((r) => r.name === 'In from AD - Contact Join');
    expect(contact?.joinRules).toEqual([
      [{ source: 'mail', target: 'mail', caseSensitive: false }],
    ]);
  });

  it('uses mS-DS-ConsistencyGuid with the objectGUID fallback, and writes it back to AD', () => {
    const rules = generateDefaultRules(
      { sourceAnchor: 'mS-DS-ConsistencyGuid', userMatching: 'none' },
      SINGLE,
    );
    for (const name of ['In from AD - User AccountEnabled', 'In from AD - User Common']) {
      const flows = rules.find((r) => r.name === name)?.transformations ?? [];
      const anchor = flows.find((t) => t.target === 'sourceAnchor')?.expression ?? '';
      const binary = flows.find((t) => t.target === 'sourceAnchorBinary')?.expression ?? '';
      expect(anchor).toContain('IIF(IsPresent([mS-DS-ConsistencyGuid])');
      expect(anchor).toContain('ConvertToBase64([objectGUID])');
      expect(binary).toContain('[mS-DS-ConsistencyGuid],[objectGUID]');
      expect(binary).toContain('[msExchRecipientTypeDetails]=2,NULL');
    }
    expect(rules.find((r) => r.name === 'Out to AD - User ImmutableId')?.transformations).toEqual([
      expect.objectContaining({
        target: 'mS-DS-ConsistencyGuid',
        flowType: 'Direct',
        source: 'sourceAnchorBinary',
      }),
    ]);
    const group = rules.find((r) => r.name === 'In from AD - Group Common')?.transformations ?? [];
    expect(group.find((t) => t.target === 'sourceAnchor')?.expression).toBe(
      'ConvertToBase64([objectGUID])',
    );
    const objectGuidInstall = generateDefaultRules(EXPORT_INSTALLATION, SINGLE);
    expect(objectGuidInstall.some((r) => r.name === 'Out to AD - User ImmutableId')).toBe(false);
  });

  it('carries the documented key flows', () => {
    const rules = generateDefaultRules(EXPORT_INSTALLATION, SINGLE);
    const flow = (rule: string, target: string) =>
      rules.find((r) => r.name === rule)?.transformations.find((t) => t.target === target);
    expect(flow('In from AD - User AccountEnabled', 'userPrincipalName')?.expression).toContain(
      'Error("AccountName is not present")',
    );
    expect(flow('Out to AAD - User Join', 'sourceAnchor')?.expression).toContain(
      'Error("SourceAnchor attribute has changed.")',
    );
    expect(flow('In from AAD - User Join', 'cloudSourceAnchor')?.expression).toBe(
      'ImportedValue("sourceAnchor")',
    );
    expect(flow('In from AD - Contact Common', 'sourceObjectType')).toMatchObject({
      flowType: 'Constant',
      value: 'Contact',
    });
    expect(flow('In from AD - Group Join', 'mailEnabled')?.expression).toContain('CaseInsensitive');
    expect(flow('In from AD - Group Common', 'memberCount')?.expression).toBe(
      'ValueCount("member")',
    );
    expect(flow('In from AD - Computer Join', 'cloudCreated')).toMatchObject({ applyOnce: true });
    const pwd = rules.filter((r) => r.enablePasswordSync).map((r) => r.name);
    expect(pwd).toEqual(['In from AD - User AccountEnabled', 'Out to AAD - User Join']);
    expect(rules.every((r) => r.immutableTag?.startsWith('Microsoft.'))).toBe(true);
  });
});
