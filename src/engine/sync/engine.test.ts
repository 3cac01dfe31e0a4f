import { describe, expect, it } from 'vitest';
import type { ScenarioStep } from '../io/scenario.ts';
import type { SyncEngine } from './engine.ts';
import { toResultDocument } from './result.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';
import { AAD, baseRules, scenario, user, type ScenarioInput } from './test-helpers.ts';

function run(
  input: ScenarioInput,
  steps?: unknown[],
): { engine: SyncEngine; doc: ReturnType<typeof toResultDocument> } {
  const s = scenario({ ...input, steps: steps ?? input.steps });
  const engine = createEngine(s);
  const out = runScenarioSteps(engine, s.steps);
  if (!out.ok) throw new Error(out.message);
  return { engine, doc: toResultDocument(engine) };
}

function more(engine: SyncEngine, steps: unknown[]): void {
  const out = runScenarioSteps(engine, steps as ScenarioStep[]);
  if (!out.ok) throw new Error(out.message);
}

const mvBy = (doc: ReturnType<typeof toResultDocument>, name: string) =>
  doc.metaverse.find((m) => m.attributes.displayName === name);

describe('initial cycle', () => {
  it('projects, provisions to Entra ID and exports', () => {
    const { doc } = run({
      forests: [
        { name: 'contoso.com', objects: [user('Ann', { mail: 'ann@contoso.com' }), user('Bob')] },
      ],
    });
    expect(doc.metaverse).toHaveLength(2);
    const ann = mvBy(doc, 'Ann');
    expect(ann?.connectors.map((c) => c.connector)).toEqual(['contoso.com', AAD]);
    expect(ann?.connectors[0]?.rule).toBe('In from AD - User Join (contoso.com)');
    expect(doc.tenant.map((t) => t.attributes.userPrincipalName).sort()).toContain(
      'ann@contoso.com',
    );
    const profiles = doc.runs.map((r) => `${r.connector}|${r.profile}`);
    expect(profiles).toEqual([
      'contoso.com|Full Import',
      `${AAD}|Full Import`,
      'contoso.com|Full Synchronization',
      `${AAD}|Full Synchronization`,
      `${AAD}|Export`,
      'contoso.com|Export',
    ]);
    const sync = doc.runs[2];
    expect(sync?.counts.projections).toBe(2);
    expect(sync?.counts.provisioned).toBe(2);
    expect(doc.runs[4]?.counts.adds).toBe(2);
  });

  it('confirms exports on the next import (ImportedValue) and a delta cycle then changes nothing', () => {
    const { engine, doc } = run({ forests: [{ name: 'contoso.com', objects: [user('Ann')] }] }, [
      { cycle: 'initial' },
      { cycle: 'delta' },
    ]);
    const ann = mvBy(doc, 'Ann');
    expect(ann?.attributes.cloudSourceAnchor).toBe(ann?.attributes.sourceAnchor);
    const before = JSON.stringify(toResultDocument(engine).metaverse);
    const tenantBefore = JSON.stringify(toResultDocument(engine).tenant);
    more(engine, [{ cycle: 'delta' }]);
    const after = toResultDocument(engine);
    expect(JSON.stringify(after.metaverse)).toBe(before);
    expect(JSON.stringify(after.tenant)).toBe(tenantBefore);
    const last = after.runs.slice(-6);
    for (const r of last) {
      expect(r.status).toBe('success');
      expect(Object.values(r.counts).every((n) => n === 0)).toBe(true);
    }
  });
});

describe('joins', () => {
  it('joins the same person across forests on the join rule and merges by precedence', () => {
    const { doc } = run({
      forests: [
        { name: 'contoso.com', objects: [user('Ann', { employeeID: 'E1', department: 'Sales' })] },
        {
          name: 'fabrikam.com',
          objects: [
            user(
              'Ann F',
              { employeeID: 'E1', department: 'Ops', mail: 'ann@fabrikam.com' },
              'DC=fabrikam,DC=com',
            ),
          ],
        },
      ],
    });
    expect(doc.metaverse).toHaveLength(1);
    const mv = doc.metaverse[0];
    expect(mv?.connectors.map((c) => c.connector).sort()).toEqual(
      ['contoso.com', AAD, 'fabrikam.com'].sort(),
    );
    // contoso's Common rule (110) beats fabrikam's (111); mail only comes from fabrikam.
    expect(mv?.attributes.department).toBe('Sales');
    expect(mv?.attributes.displayName).toBe('Ann');
    expect(mv?.attributes.mail).toBe('ann@fabrikam.com');
    expect(
      doc.runs.find((r) => r.connector === 'fabrikam.com' && r.profile === 'Full Synchronization')
        ?.counts.joins,
    ).toBe(1);
  });

  it('reports two objects of one connector space matching one metaverse object as ambiguous', () => {
    const { doc } = run({
      forests: [
        {
          name: 'contoso.com',
          objects: [user('Ann', { employeeID: 'E1' }), user('Ann2', { employeeID: 'E1' })],
        },
      ],
    });
    expect(doc.metaverse).toHaveLength(1);
    const sync = doc.runs.find(
      (r) => r.profile === 'Full Synchronization' && r.connector === 'contoso.com',
    );
    expect(sync?.status).toBe('completed-sync-errors');
    expect(sync?.errors[0]?.type).toBe('ambiguous-join-same-connector-space');
  });

  it('reports several rules with join conditions in scope', () => {
    const extra = {
      name: 'Second join',
      direction: 'Inbound',
      connector: 'contoso.com',
      sourceObjectType: 'user',
      targetObjectType: 'person',
      precedence: 50,
      joinRules: [[{ source: 'mail', target: 'mail' }]],
    };
    const { doc } = run({
      forests: [{ name: 'contoso.com', objects: [user('Ann')] }],
      extraRules: [extra],
    });
    expect(doc.metaverse).toHaveLength(0);
    expect(doc.runs[2]?.errors[0]?.type).toBe('sync-rule-multiple-join-rules-in-scope');
  });

  it('keeps a join when the join attribute changes, and undoes it when the rule leaves scope', () => {
    const { engine } = run({
      forests: [
        { name: 'contoso.com', objects: [user('Ann', { employeeID: 'E1' })] },
        {
          name: 'fabrikam.com',
          objects: [user('AnnF', { employeeID: 'E1' }, 'DC=fabrikam,DC=com')],
        },
      ],
    });
    const fdn = 'CN=AnnF,OU=Users,DC=fabrikam,DC=com';
    more(engine, [
      { modify: { forest: 'fabrikam.com', dn: fdn, set: { employeeID: 'E2' } } },
      { cycle: 'delta' },
    ]);
    let doc = toResultDocument(engine);
    expect(doc.metaverse).toHaveLength(1);
    expect(doc.metaverse[0]?.connectors.map((c) => c.connector)).toContain('fabrikam.com');
    more(engine, [
      { modify: { forest: 'fabrikam.com', dn: fdn, set: { adminDescription: 'User_x' } } },
      { cycle: 'delta' },
    ]);
    doc = toResultDocument(engine);
    expect(doc.metaverse).toHaveLength(1);
    expect(doc.metaverse[0]?.connectors.map((c) => c.connector)).toEqual(['contoso.com', AAD]);
    const fab = [...engine.cs.values()].find((c) => c.dn === fdn);
    expect(fab?.state).toBe('disconnector');
  });
});

describe('attribute flow', () => {
  const precedenceRule = (expression: string, precedence = 50) => ({
    name: `Override ${precedence}`,
    direction: 'Inbound',
    connector: 'contoso.com',
    sourceObjectType: 'user',
    targetObjectType: 'person',
    precedence,
    transformations: [{ target: 'department', expression }],
  });
  const forests = [{ name: 'contoso.com', objects: [user('Ann', { department: 'Sales' })] }];

  it('NULL lets a lower-precedence rule contribute', () => {
    const { doc } = run({ forests, extraRules: [precedenceRule('NULL')] });
    expect(doc.metaverse[0]?.attributes.department).toBe('Sales');
  });

  it('a value from a higher-precedence rule wins', () => {
    const { engine, doc } = run({ forests, extraRules: [precedenceRule('"IT"')] });
    expect(doc.metaverse[0]?.attributes.department).toBe('IT');
    const mv = [...engine.mv.values()][0];
    const provenance = engine.provenance(mv?.id ?? '');
    expect(provenance.department?.ruleName).toBe('Override 50');
    expect(provenance.department?.losing[0]).toMatchObject({
      ruleName: 'In from AD - User Common (contoso.com)',
      reason: 'lower precedence',
    });
  });

  it('AuthoritativeNull clears the attribute', () => {
    const { doc } = run({ forests, extraRules: [precedenceRule('AuthoritativeNull')] });
    expect(doc.metaverse[0]?.attributes.department).toBeUndefined();
  });

  it('IgnoreThisFlow keeps the current value when nobody else contributes', () => {
    const s = run({
      forests,
      extraRules: [precedenceRule('IIF([department]="Sales",IgnoreThisFlow,IgnoreThisFlow)')],
    });
    expect(s.doc.metaverse[0]?.attributes.department).toBe('Sales');
  });

  it('withdraws the contributions of a rule that leaves scope and recomputes', () => {
    const scoped = {
      ...precedenceRule('"IT"'),
      scopingFilter: [[{ attribute: 'title', operator: 'EQUAL', value: 'Boss' }]],
    };
    const { engine } = run({
      forests: [
        { name: 'contoso.com', objects: [user('Ann', { department: 'Sales', title: 'Boss' })] },
      ],
      extraRules: [scoped],
    });
    expect(toResultDocument(engine).metaverse[0]?.attributes.department).toBe('IT');
    more(engine, [
      {
        modify: {
          forest: 'contoso.com',
          dn: 'CN=Ann,OU=Users,DC=contoso,DC=com',
          set: { title: 'Clerk' },
        },
      },
      { cycle: 'delta' },
    ]);
    expect(toResultDocument(engine).metaverse[0]?.attributes.department).toBe('Sales');
  });

  it('merges multi-valued contributions case-insensitively and reports mixed merge types', () => {
    const merge = (f: string, p: number, mergeType: string) => ({
      name: `Proxies ${f}`,
      direction: 'Inbound',
      connector: f,
      sourceObjectType: 'user',
      targetObjectType: 'person',
      precedence: p,
      transformations: [{ target: 'proxyAddresses', source: 'proxyAddresses', mergeType }],
    });
    const fs = [
      {
        name: 'contoso.com',
        objects: [
          user('Ann', {
            employeeID: 'E1',
            proxyAddresses: ['SMTP:ann@contoso.com', 'smtp:a@contoso.com'],
          }),
        ],
      },
      {
        name: 'fabrikam.com',
        objects: [
          user(
            'AnnF',
            { employeeID: 'E1', proxyAddresses: ['smtp:ANN@contoso.com', 'smtp:ann@fabrikam.com'] },
            'DC=fabrikam,DC=com',
          ),
        ],
      },
    ];
    const ok = run({
      forests: fs,
      extraRules: [
        merge('contoso.com', 60, 'MergeCaseInsensitive'),
        merge('fabrikam.com', 61, 'MergeCaseInsensitive'),
      ],
    });
    expect(ok.doc.metaverse[0]?.attributes.proxyAddresses).toEqual([
      'SMTP:ann@contoso.com',
      'smtp:a@contoso.com',
      'smtp:ann@fabrikam.com',
    ]);
    const bad = run({
      forests: fs,
      extraRules: [merge('contoso.com', 60, 'Merge'), merge('fabrikam.com', 61, 'Update')],
    });
    const errors = bad.doc.runs.flatMap((r) => r.errors);
    expect(errors.some((e) => e.type === 'sync-rule-mixed-merge-types')).toBe(true);
  });

  it('turns Error() into a per-object error and goes on with the other objects', () => {
    const rule = {
      ...precedenceRule('IIF([displayName]="Bad",Error("No bad names"),NULL)'),
      name: 'Guard',
    };
    const { doc } = run({
      forests: [{ name: 'contoso.com', objects: [user('Bad'), user('Good')] }],
      extraRules: [rule],
    });
    const sync = doc.runs[2];
    expect(sync?.status).toBe('completed-sync-errors');
    expect(sync?.errors).toHaveLength(1);
    expect(sync?.errors[0]).toMatchObject({
      type: 'sync-rule-error-function-triggered',
      dn: 'CN=Bad,OU=Users,DC=contoso,DC=com',
    });
    expect(sync?.errors[0]?.message).toContain('No bad names');
    expect(doc.metaverse.map((m) => m.attributes.displayName)).toEqual(['Good']);
  });

  it('turns an expression that does not compile into an error on each object', () => {
    const { doc } = run({ forests, extraRules: [precedenceRule('Left([sn]')] });
    expect(doc.runs[2]?.errors[0]?.type).toBe('sync-rule-flow-provisioning-failed');
  });
});

describe('lifetime, deprovisioning and export', () => {
  it('deletes the metaverse object and the Entra ID object when the AD object is deleted', () => {
    const { engine } = run(
      { forests: [{ name: 'contoso.com', objects: [user('Ann'), user('Bob')] }] },
      [{ cycle: 'initial' }, { cycle: 'delta' }],
    );
    expect(engine.tenant.objects()).toHaveLength(2);
    more(engine, [
      { delete: { forest: 'contoso.com', dn: 'CN=Ann,OU=Users,DC=contoso,DC=com' } },
      { cycle: 'delta' },
    ]);
    const doc = toResultDocument(engine);
    expect(doc.metaverse.map((m) => m.attributes.displayName)).toEqual(['Bob']);
    expect(engine.tenant.objects()).toHaveLength(1);
    const sync = doc.runs.find(
      (r, i) => i >= 12 && r.profile === 'Delta Synchronization' && r.connector === 'contoso.com',
    );
    expect(sync?.counts.deleted).toBe(1);
    expect(sync?.counts.deprovisioned).toBe(1);
  });

  it('stops the Entra ID export when pending deletes exceed the threshold, exporting nothing', () => {
    const { engine } = run(
      {
        forests: [{ name: 'contoso.com', objects: [user('Ann'), user('Bob'), user('Cy')] }],
        deletionThreshold: 1,
      },
      [{ cycle: 'initial' }, { cycle: 'delta' }],
    );
    more(engine, [
      { delete: { forest: 'contoso.com', dn: 'CN=Ann,OU=Users,DC=contoso,DC=com' } },
      { delete: { forest: 'contoso.com', dn: 'CN=Bob,OU=Users,DC=contoso,DC=com' } },
      { cycle: 'delta' },
    ]);
    const doc = toResultDocument(engine);
    const exp = doc.runs.filter((r) => r.connector === AAD && r.profile === 'Export').at(-1);
    expect(exp?.status).toBe('stopped-deletion-threshold-exceeded');
    expect(exp?.message).toContain('2 pending deletes');
    expect(engine.tenant.objects()).toHaveLength(3);
  });

  it('deprovisions when the outbound Provision rule leaves scope (cloudFiltered)', () => {
    const filter = {
      name: 'Filter',
      direction: 'Inbound',
      connector: 'contoso.com',
      sourceObjectType: 'user',
      targetObjectType: 'person',
      precedence: 40,
      transformations: [
        { target: 'cloudFiltered', expression: 'IIF([department]="Hidden",True,NULL)' },
      ],
    };
    const { engine } = run(
      { forests: [{ name: 'contoso.com', objects: [user('Ann')] }], extraRules: [filter] },
      [{ cycle: 'initial' }, { cycle: 'delta' }],
    );
    more(engine, [
      {
        modify: {
          forest: 'contoso.com',
          dn: 'CN=Ann,OU=Users,DC=contoso,DC=com',
          set: { department: 'Hidden' },
        },
      },
      { cycle: 'delta' },
    ]);
    expect(engine.tenant.objects()).toHaveLength(0);
    expect(toResultDocument(engine).metaverse).toHaveLength(1);
  });

  it('sets the password-sync flag from the rules in scope', () => {
    const { engine } = run({ forests: [{ name: 'contoso.com', objects: [user('Ann')] }] });
    const aad = [...engine.cs.values()].find((c) => c.connector === AAD);
    expect(aad?.passwordSync).toBe(true);
    expect(aad?.link).toMatchObject({
      ruleName: 'Out to AAD - User Join',
      direction: 'Outbound',
      link: 'provisioned',
    });
  });

  it('joins an existing cloud object by DN instead of provisioning a new one', () => {
    // The tenant already holds a synced object whose sourceAnchor matches (a rebuilt server).
    const ann = user('Ann');
    const anchor = Buffer.from(
      Uint8Array.from([
        0x52, 0x0a, 0x1c, 0x8f, 0x2e, 0x6f, 0x53, 0x4f, 0x9d, 0x2f, 0, 0, 0, 0, 0, 0,
      ]),
    ).toString('base64');
    void anchor;
    const { engine, doc } = run({ forests: [{ name: 'contoso.com', objects: [ann] }] }, [
      { cycle: 'initial' },
      { cycle: 'delta' },
    ]);
    const sa = doc.metaverse[0]?.attributes.sourceAnchor as string;
    const again = run(
      {
        forests: [{ name: 'contoso.com', objects: [ann] }],
        tenantObjects: [
          {
            id: 'c1',
            objectType: 'user',
            attributes: { userPrincipalName: 'x@contoso.com', sourceAnchor: sa },
          },
        ],
      },
      [{ cycle: 'initial' }],
    );
    void engine;
    const sync = again.doc.runs.find(
      (r) => r.profile === 'Full Synchronization' && r.connector === 'contoso.com',
    );
    expect(sync?.counts.provisioned).toBe(0);
    expect(sync?.counts.joins).toBe(1);
  });
});

describe('rules', () => {
  it('removing then re-adding a rule (with full synchronization) restores the same metaverse', () => {
    const { engine } = run({
      forests: [
        { name: 'contoso.com', objects: [user('Ann', { department: 'Sales' }), user('Bob')] },
      ],
    });
    const strip = (d: ReturnType<typeof toResultDocument>) =>
      JSON.stringify(d.metaverse.map((m) => ({ ...m, id: '' })));
    const before = strip(toResultDocument(engine));
    const common = [...engine.rules.values()].find((r) =>
      r.name.startsWith('In from AD - User Common'),
    );
    if (!common) throw new Error('rule missing');
    engine.deleteRule(common.id);
    more(engine, [{ run: 'Full Synchronization', connector: 'contoso.com' }]);
    expect(toResultDocument(engine).metaverse[0]?.attributes.displayName).toBeUndefined();
    engine.putRule(common);
    more(engine, [{ run: 'Full Synchronization', connector: 'contoso.com' }]);
    expect(strip(toResultDocument(engine))).toBe(before);
  });

  it('base rules exist for every forest', () => {
    expect(baseRules(['a.com', 'b.com'])).toHaveLength(6);
  });
});

describe('pending export Add', () => {
  it('lists an add per value, in attribute order, also through a spread, structuredClone and JSON', () => {
    const s = scenario({
      forests: [{ name: 'contoso.com', objects: [user('Ann', { mail: 'ann@contoso.com' })] }],
    });
    const engine = createEngine({ ...s, stagingMode: true });
    more(engine, [{ cycle: 'initial' }]);
    const cs = [...engine.cs.values()].find((c) => c.connector === AAD);
    const pe = cs?.pendingExport;
    expect(pe?.type).toBe('Add');
    if (!pe) return;
    const names = Object.keys(pe.set);
    expect(names.length).toBeGreaterThan(3);
    expect(pe.changes.map((c) => c.attribute)).toEqual([...names].sort());
    expect(pe.changes.every((c) => c.kind === 'add' && c.newValue === pe.set[c.attribute])).toBe(
      true,
    );
    const plain = JSON.parse(JSON.stringify(pe.changes)) as unknown;
    expect(JSON.parse(JSON.stringify(pe)).changes).toEqual(plain);
    expect({ ...pe }.changes).toEqual(pe.changes);
    expect(structuredClone(pe).changes).toEqual(pe.changes);
  });
});
