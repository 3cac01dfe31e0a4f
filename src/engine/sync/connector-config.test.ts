import { describe, expect, it } from 'vitest';
import { formatScenarioError, parseScenario, type Scenario } from '../io/scenario.ts';
import {
  configureConnector,
  connectorConfiguration,
  fullImportRequiredByConfiguration,
  inContainers,
  stagingMode,
} from './connector-config.ts';
import { runScenarioSteps, createEngine } from './scenario-runner.ts';
import type { SyncEngine } from './engine.ts';

const AAD = 'contoso.onmicrosoft.com - AAD';

function userObj(cn: string, ou: string, n: number, extra: Record<string, unknown> = {}) {
  return {
    dn: `CN=${cn},OU=${ou},DC=contoso,DC=com`,
    objectClass: 'user',
    attributes: {
      objectGUID: `8f1c0a52-6f2e-4f53-9d2f-${n.toString(16).padStart(12, '0')}`,
      sAMAccountName: cn.toLowerCase(),
      userPrincipalName: `${cn.toLowerCase()}@contoso.com`,
      displayName: cn,
      department: 'D' + cn,
      userAccountControl: 512,
      ...extra,
    },
  };
}

function lab(
  extra: { connector?: unknown; stagingMode?: boolean; steps?: unknown[] } = {},
): Scenario {
  const doc = {
    synclab: 1,
    name: 'filters',
    tenant: { initialDomain: 'contoso.onmicrosoft.com', verifiedDomains: ['contoso.com'] },
    ...(extra.stagingMode !== undefined ? { stagingMode: extra.stagingMode } : {}),
    forests: [
      {
        name: 'contoso.com',
        netbios: 'CONTOSO',
        ...(extra.connector !== undefined ? { connector: extra.connector } : {}),
        objects: [
          userObj('Ann', 'Users', 1),
          userObj('Bob', 'Users', 2),
          userObj('Sam', 'Sales', 3),
          userObj('Sue', 'Sales', 4),
          {
            dn: 'CN=Pilot,OU=Groups,DC=contoso,DC=com',
            objectClass: 'group',
            attributes: {
              objectGUID: '8f1c0a52-6f2e-4f53-9d2f-0000000000aa',
              sAMAccountName: 'pilot',
              groupType: -2147483646,
              member: ['CN=Ann,OU=Users,DC=contoso,DC=com', 'CN=Sam,OU=Sales,DC=contoso,DC=com'],
            },
          },
        ],
      },
    ],
    steps: extra.steps ?? [{ cycle: 'initial' }],
  };
  const r = parseScenario(JSON.stringify(doc), 'lab.json');
  if (!r.ok) throw new Error(r.errors.map((e) => formatScenarioError(e, 'lab.json')).join('\n'));
  return r.scenario;
}

function run(s: Scenario): SyncEngine {
  const e = createEngine(s);
  const r = runScenarioSteps(e, s.steps);
  if (!r.ok) throw new Error(r.message);
  return e;
}

function csDns(e: SyncEngine, connector = 'contoso.com'): string[] {
  return [...e.csIds(connector)]
    .map((id) => e.cs.get(id))
    .filter((c) => c && c.state !== 'placeholder')
    .map((c) => c?.dn ?? '')
    .sort();
}

function tenantNames(e: SyncEngine): string[] {
  return e.tenant
    .objects()
    .filter((o) => o.objectType === 'user')
    .map((o) => String(o.attributes.displayName ?? o.id))
    .sort();
}

describe('inContainers', () => {
  it('lets the most specific container decide', () => {
    const f = {
      include: ['DC=contoso,DC=com', 'OU=Keep,OU=Sales,DC=contoso,DC=com'],
      exclude: ['OU=Sales,DC=contoso,DC=com'],
    };
    expect(inContainers('CN=A,OU=Users,DC=contoso,DC=com', f)).toBe(true);
    expect(inContainers('CN=A,OU=Sales,DC=contoso,DC=com', f)).toBe(false);
    expect(inContainers('CN=A,OU=Keep,OU=Sales,DC=contoso,DC=com', f)).toBe(true);
    expect(inContainers('cn=a,ou=sales,dc=CONTOSO,dc=com', f)).toBe(false);
    // Not a suffix match on text: OU=xSales is not under OU=Sales.
    expect(inContainers('CN=A,OU=xSales,DC=contoso,DC=com', f)).toBe(true);
  });
  it('leaves out domains with no included container', () => {
    const f = { include: ['OU=Users,DC=contoso,DC=com'], exclude: [] };
    expect(inContainers('CN=A,OU=Users,DC=contoso,DC=com', f)).toBe(true);
    expect(inContainers('CN=A,OU=Users,DC=fabrikam,DC=com', f)).toBe(false);
    expect(inContainers('CN=A,DC=contoso,DC=com', { include: [], exclude: [] })).toBe(true);
  });
});

describe('OU filtering', () => {
  it('imports only objects of included containers', () => {
    const e = run(
      lab({
        connector: {
          containers: { include: ['DC=contoso,DC=com'], exclude: ['OU=Sales,DC=contoso,DC=com'] },
        },
      }),
    );
    expect(csDns(e).filter((d) => d.includes('Sales'))).toEqual([]);
    expect(tenantNames(e)).toContain('Ann');
    expect(tenantNames(e)).not.toContain('Sam');
  });

  it('an OU taken out of scope becomes pending deletes at the next full import, and deletes in Entra ID', () => {
    const s = lab({
      steps: [
        { cycle: 'initial' },
        {
          configure: {
            connector: 'contoso.com',
            containers: { include: [], exclude: ['OU=Sales,DC=contoso,DC=com'] },
          },
        },
        { run: 'Full Import', connector: 'contoso.com' },
      ],
    });
    const e = run(s);
    const pending = [...e.pendingImportIds('contoso.com')].map((id) => e.cs.get(id));
    expect(pending.map((c) => [c?.dn, c?.pendingImport?.type]).sort()).toEqual([
      ['CN=Sam,OU=Sales,DC=contoso,DC=com', 'Delete'],
      ['CN=Sue,OU=Sales,DC=contoso,DC=com', 'Delete'],
    ]);
    expect(tenantNames(e)).toContain('Sam');
    runScenarioSteps(e, [{ cycle: 'delta' }]);
    expect(tenantNames(e)).not.toContain('Sam');
    expect(tenantNames(e)).toContain('Ann');
  });

  it('an object moved out of scope is a pending delete at the next delta import; moved in, an add', () => {
    const e = run(
      lab({
        connector: { containers: { include: [], exclude: ['OU=Sales,DC=contoso,DC=com'] } },
        steps: [{ cycle: 'initial' }],
      }),
    );
    // Move Ann into Sales (out of scope) and Sam is not imported at all.
    const store = e.forests.get('contoso.com');
    const ann = [...(store?.values() ?? [])].find((o) => o.dn.startsWith('CN=Ann'));
    const sam = [...(store?.values() ?? [])].find((o) => o.dn.startsWith('CN=Sam'));
    if (!ann || !sam || !store) throw new Error('fixture');
    store.set(ann.guid, {
      ...ann,
      dn: 'CN=Ann,OU=Sales,DC=contoso,DC=com',
      usn: e.nextSeq('usn:contoso.com'),
    });
    store.set(sam.guid, {
      ...sam,
      dn: 'CN=Sam,OU=Users,DC=contoso,DC=com',
      usn: e.nextSeq('usn:contoso.com'),
    });
    const rec = e.runProfile('contoso.com', 'Delta Import');
    expect(rec.counts.deletes).toBe(1);
    expect(rec.counts.adds).toBe(1);
    runScenarioSteps(e, [{ cycle: 'delta' }]);
    expect(tenantNames(e)).toContain('Sam');
    expect(tenantNames(e)).not.toContain('Ann');
  });

  it('a change marks Full Import required until a Full Import runs', () => {
    const e = run(lab());
    expect(fullImportRequiredByConfiguration(e, 'contoso.com')).toBe(false);
    const r = configureConnector(e, 'contoso.com', { objectTypes: ['user'] });
    expect(r).toEqual({ ok: true, fullImportRequired: true });
    e.runProfile('contoso.com', 'Delta Import');
    expect(fullImportRequiredByConfiguration(e, 'contoso.com')).toBe(true);
    e.runProfile('contoso.com', 'Full Import');
    expect(fullImportRequiredByConfiguration(e, 'contoso.com')).toBe(false);
    // The same configuration again is no change.
    configureConnector(e, 'contoso.com', { objectTypes: ['user'] });
    expect(fullImportRequiredByConfiguration(e, 'contoso.com')).toBe(false);
    expect(configureConnector(e, AAD, { objectTypes: ['user'] }).ok).toBe(false);
  });

  it('undo (journal restore) brings the previous configuration back', () => {
    const e = run(lab());
    const mark = e.journal.mark('configure');
    configureConnector(e, 'contoso.com', { groupFilter: 'CN=Pilot,OU=Groups,DC=contoso,DC=com' });
    expect(connectorConfiguration(e, 'contoso.com').groupFilter).toBeDefined();
    e.journal.restore(mark, false);
    expect(connectorConfiguration(e, 'contoso.com')).toEqual({});
  });
});

describe('group-based filtering', () => {
  it('only direct members of the group are in scope', () => {
    const e = run(lab({ connector: { groupFilter: 'CN=Pilot,OU=Groups,DC=contoso,DC=com' } }));
    expect(csDns(e)).toEqual([
      'CN=Ann,OU=Users,DC=contoso,DC=com',
      'CN=Sam,OU=Sales,DC=contoso,DC=com',
    ]);
    expect(tenantNames(e)).toEqual(['Ann', 'Sam']);
  });

  it('removing a member from the group deletes it at the next delta import', () => {
    const e = run(
      lab({
        connector: { groupFilter: 'CN=Pilot,OU=Groups,DC=contoso,DC=com' },
        steps: [
          { cycle: 'initial' },
          {
            modify: {
              forest: 'contoso.com',
              dn: 'CN=Pilot,OU=Groups,DC=contoso,DC=com',
              set: {
                member: ['CN=Ann,OU=Users,DC=contoso,DC=com', 'CN=Bob,OU=Users,DC=contoso,DC=com'],
              },
            },
          },
          { cycle: 'delta' },
        ],
      }),
    );
    expect(tenantNames(e)).toEqual(['Ann', 'Bob']);
  });
});

describe('attribute and object-type filtering', () => {
  it('excluded attributes are not imported and flow nothing', () => {
    const e = run(
      lab({
        connector: {
          attributes: {
            user: ['sAMAccountName', 'userPrincipalName', 'displayName', 'userAccountControl'],
          },
        },
      }),
    );
    const cs = [...e.csIds('contoso.com')]
      .map((id) => e.cs.get(id))
      .find((c) => c?.dn.startsWith('CN=Ann'));
    expect(cs?.attributes.department).toBeUndefined();
    expect(cs?.attributes.objectGUID).toBeDefined();
    const ann = e.tenant.objects().find((o) => o.attributes.displayName === 'Ann');
    expect(ann?.attributes.department).toBeUndefined();
    const full = run(lab());
    const ann2 = full.tenant.objects().find((o) => o.attributes.displayName === 'Ann');
    expect(ann2?.attributes.department).toBe('DAnn');
  });

  it('only selected object types are imported', () => {
    const e = run(lab({ connector: { objectTypes: ['group'] } }));
    expect(csDns(e)).toEqual(['CN=Pilot,OU=Groups,DC=contoso,DC=com']);
  });

  it('rejects unknown fields of the connector entry', () => {
    expect(() => lab({ connector: { containers: { include: [] }, filter: 'x' } })).toThrow(
      /filter/,
    );
  });
});

describe('staging mode', () => {
  it('imports and synchronizes but does not export; leaving it, the next cycle exports', () => {
    const e = run(lab({ stagingMode: true }));
    expect(stagingMode(e)).toBe(true);
    expect(e.tenant.objects()).toEqual([]);
    expect(e.pendingExportIds(AAD).size).toBe(5); // four users and the security group
    expect(e.runs.size).toBe(4); // two imports, two synchronizations, no export
    runScenarioSteps(e, [{ stagingMode: false }, { cycle: 'delta' }]);
    expect(tenantNames(e)).toEqual(['Ann', 'Bob', 'Sam', 'Sue']);
  });

  it('an Export run forced by hand still exports', () => {
    const e = run(
      lab({ stagingMode: true, steps: [{ cycle: 'initial' }, { run: 'Export', connector: AAD }] }),
    );
    expect(e.tenant.objects()).toHaveLength(5);
  });
});

describe('scenario file', () => {
  it('writes the connector entry, staging mode and configure steps back', async () => {
    const { serializeScenario } = await import('../io/scenario.ts');
    const s = lab({
      connector: {
        containers: { include: ['DC=contoso,DC=com'], exclude: [] },
        objectTypes: ['user'],
      },
      stagingMode: true,
      steps: [
        { cycle: 'initial' },
        { configure: { connector: 'contoso.com', groupFilter: null } },
        { stagingMode: false },
      ],
    });
    const again = parseScenario(serializeScenario(s), 'again.json');
    expect(again.ok && again.scenario.forests[0]?.connector).toEqual(s.forests[0]?.connector);
    expect(again.ok && again.scenario.stagingMode).toBe(true);
    expect(again.ok && again.scenario.steps).toEqual(s.steps);
  });
});
