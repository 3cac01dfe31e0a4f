import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../io/scenario.ts';
import { Ref } from '../expr/values.ts';
import type { SyncEngine } from './engine.ts';
import type { RunRecord } from './model.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';
import type { ExportTrace, StepEvent } from './trace.ts';
import { AAD, scenario, user } from './test-helpers.ts';

const CONTOSO = 'contoso.com';

function engineOf(s: Scenario, steps: Scenario['steps']): SyncEngine {
  const e = createEngine(s);
  const out = runScenarioSteps(e, steps);
  if (!out.ok) throw new Error(out.message);
  return e;
}

function exportSteps(
  e: SyncEngine,
  connector: string,
  options: { trace?: boolean; isCancelled?: () => boolean } = {},
): { objects: Extract<StepEvent, { kind: 'object' }>[]; record: RunRecord } {
  const gen = e.runProfileSteps(connector, 'Export', options);
  const objects: Extract<StepEvent, { kind: 'object' }>[] = [];
  for (;;) {
    const r = gen.next();
    if (r.done) return { objects, record: r.value };
    if (r.value.kind === 'object') objects.push(r.value);
  }
}

const traceOf = (ev: Extract<StepEvent, { kind: 'object' }> | undefined): ExportTrace => {
  if (!ev?.exportTrace) throw new Error('no export trace');
  return ev.exportTrace;
};

const SYNCED: Scenario['steps'] = [
  { run: 'Full Import', connector: CONTOSO },
  { run: 'Full Import', connector: AAD },
  { run: 'Full Synchronization', connector: CONTOSO },
];

describe('export steps', () => {
  it('each step carries the operation, the attribute changes and the anchor Entra ID returned', () => {
    const s = scenario({
      forests: [
        { name: CONTOSO, objects: [user('Ann', { mail: 'ann@contoso.com' }), user('Bob')] },
      ],
    });
    const e = engineOf(s, SYNCED);
    const pending = [...e.pendingExportIds(AAD)];
    const { objects, record } = exportSteps(e, AAD, { trace: true });
    expect(record.counts.adds).toBe(2);
    expect(objects.map((o) => o.csId).sort()).toEqual(pending.sort());
    const ann = traceOf(objects[0]);
    const cloud = e.tenant.objects().find((o) => o.attributes.displayName === 'Ann');
    expect(ann).toMatchObject({
      connector: AAD,
      operation: 'Add',
      objectType: 'user',
      result: { status: 'success', anchor: cloud?.id },
    });
    expect(ann.changes).toContainEqual({
      attribute: 'userPrincipalName',
      kind: 'add',
      newValue: 'ann@contoso.com',
    });
    expect(ann.dn).toMatch(/^CN=\{[0-9A-F]+\}$/);
  });

  it('an update and a delete are traced with their old values and no anchor for the delete', () => {
    const s = scenario({
      forests: [
        { name: CONTOSO, objects: [user('Ann', { mail: 'ann@contoso.com' }), user('Bob')] },
      ],
      steps: [],
    });
    const e = engineOf(s, [{ cycle: 'initial' }, { cycle: 'delta' }]);
    const out = runScenarioSteps(e, [
      {
        modify: {
          forest: CONTOSO,
          dn: 'CN=Ann,OU=Users,DC=contoso,DC=com',
          set: { displayName: 'Ann Lee' },
        },
      },
      { delete: { forest: CONTOSO, dn: 'CN=Bob,OU=Users,DC=contoso,DC=com' } },
      { run: 'Delta Import', connector: CONTOSO },
      { run: 'Delta Synchronization', connector: CONTOSO },
    ] as Scenario['steps']);
    expect(out.ok).toBe(true);
    const { objects } = exportSteps(e, AAD, { trace: true });
    const traces = objects.map(traceOf);
    expect(traces.map((t) => t.operation).sort()).toEqual(['Delete', 'Update']);
    expect(traces.find((t) => t.operation === 'Update')).toMatchObject({
      changes: [
        { attribute: 'displayName', kind: 'replace', oldValue: 'Ann', newValue: 'Ann Lee' },
      ],
      result: { status: 'success' },
    });
    expect(traces.find((t) => t.operation === 'Delete')).toEqual(
      expect.objectContaining({ changes: [], result: { status: 'success' } }),
    );
  });

  it('an error carries its type and message, and the run counts nothing for it', () => {
    const s = scenario({
      forests: [{ name: CONTOSO, objects: [user('Ann', { mail: 'ann@contoso.com' })] }],
      tenantObjects: [
        {
          id: 'admin1',
          objectType: 'user',
          roles: ['Global Administrator'],
          attributes: { userPrincipalName: 'ann@contoso.com', displayName: 'Ann (cloud)' },
        },
      ],
    });
    const e = engineOf(s, SYNCED);
    const { objects, record } = exportSteps(e, AAD, { trace: true });
    expect(record.status).toBe('completed-export-errors');
    const t = traceOf(objects[0]);
    const err = record.errors[0];
    expect(t.operation).toBe('Add');
    expect(t.result).toEqual({ status: 'error', type: err?.type, message: err?.message });
    expect(t.result).toMatchObject({ type: 'ExistingAdminRoleConflict' });
  });

  it('references to objects added later are sent in a second pass, which is stepped too', () => {
    const doc = {
      synclab: 1,
      name: 'group before its member',
      installation: { sourceAnchor: 'objectGUID', userMatching: 'none', passwordHashSync: false },
      tenant: { initialDomain: 'contoso.onmicrosoft.com', verifiedDomains: ['contoso.com'] },
      forests: [
        {
          name: CONTOSO,
          netbios: 'CONTOSO',
          objects: [
            {
              dn: 'CN=Team,OU=Groups,DC=contoso,DC=com',
              objectClass: 'group',
              attributes: {
                objectGUID: '0b6e8ce6-46b2-443f-bbf1-c12f7c6d45c4',
                objectSid: 'S-1-5-21-1-2-3-1108',
                sAMAccountName: 'Team',
                displayName: 'Team',
                groupType: -2147483646,
                member: ['CN=Ann,OU=Users,DC=contoso,DC=com'],
              },
            },
            {
              dn: 'CN=Ann,OU=Users,DC=contoso,DC=com',
              objectClass: 'user',
              attributes: {
                objectGUID: '2bd8f969-200d-4e61-8a5c-6b3843183dcd',
                objectSid: 'S-1-5-21-1-2-3-1105',
                sAMAccountName: 'ann',
                userPrincipalName: 'ann@contoso.com',
                displayName: 'Ann',
                userAccountControl: 512,
              },
            },
          ],
        },
      ],
      rules: { defaults: true },
      steps: [],
    };
    const parsed = parseScenario(JSON.stringify(doc));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const e = engineOf(parsed.scenario, SYNCED);
    const { objects, record } = exportSteps(e, AAD, { trace: true });
    expect(record.status).toBe('success');
    const traces = objects.map(traceOf);
    expect(
      traces.map(
        (t) => `${t.objectType} ${t.operation}${t.deferredReferences ? ' (references)' : ''}`,
      ),
    ).toEqual(['group Add', 'user Add', 'group Update (references)']);
    expect(traces[0]?.result).toMatchObject({ status: 'success', deferred: ['member'] });
    const second = traces[2];
    expect(second?.changes).toMatchObject([{ attribute: 'member', kind: 'add' }]);
    expect(second?.result).toEqual({ status: 'success' });
    const group = e.tenant.objects().find((o) => o.objectType === 'group');
    const ann = e.tenant.objects().find((o) => o.objectType === 'user');
    const members = [group?.attributes.member].flat().map((m) => (m instanceof Ref ? m.dn : m));
    expect(members).toEqual([ann?.id]);
    // Without a trace the same steps, and no trace.
    const plain = engineOf(parsed.scenario, SYNCED);
    const untraced = exportSteps(plain, AAD);
    expect(untraced.objects.map((o) => o.csId)).toEqual(objects.map((o) => o.csId));
    expect(untraced.objects.every((o) => o.exportTrace === undefined)).toBe(true);
    expect(untraced.record.counts).toEqual(record.counts);
  });

  it('a reference resolves to the object that holds the DN when it is sent, after a delete or a rename in the same run', () => {
    const s = scenario({
      forests: [{ name: CONTOSO, objects: ['A', 'B', 'C', 'D', 'E'].map((cn) => user(cn)) }],
    });
    const e = engineOf(s, [{ cycle: 'initial' }, { cycle: 'delta' }]);
    const [a, b, c, d, x] = [...e.csIds(AAD)]
      .map((id) => e.cs.get(id))
      .filter((cs) => cs !== undefined)
      .sort((p, q) => p.seq - q.seq);
    if (!a?.anchor || !b?.anchor || !c?.anchor || !d?.anchor || !x?.anchor)
      throw new Error('five exported users');
    // In one run, in this order: A names B and D, B is deleted, C names B, D is renamed, X names D
    // by its old DN. The DNs B and D had resolve to no object by the time C and X are sent.
    const update = (set: Record<string, unknown>, dn?: string) => ({
      type: 'Update' as const,
      dn: dn ?? '',
      set: set as never,
      clear: [],
      changes: [],
    });
    const oldD = d.dn;
    e.cs.set(a.id, {
      ...a,
      pendingExport: { ...update({ manager: new Ref(b.dn), assistant: new Ref(d.dn) }), dn: a.dn },
    });
    e.cs.set(b.id, {
      ...b,
      pendingExport: { type: 'Delete', dn: b.dn, set: {}, clear: [], changes: [] },
    });
    e.cs.set(c.id, { ...c, pendingExport: { ...update({ manager: new Ref(b.dn) }), dn: c.dn } });
    e.cs.set(d.id, { ...d, pendingExport: update({}, 'CN=moved') });
    e.cs.set(x.id, { ...x, pendingExport: { ...update({ manager: new Ref(oldD) }), dn: x.dn } });
    const { record } = exportSteps(e, AAD);
    expect(record.errors).toEqual([]);
    const valueOf = (id: string, attribute: string) => {
      const v = e.tenant.objects().find((o) => o.id === id)?.attributes[attribute];
      return v instanceof Ref ? v.dn : v;
    };
    expect(valueOf(a.anchor, 'manager')).toBe(b.anchor);
    expect(valueOf(a.anchor, 'assistant')).toBe(d.anchor);
    expect(valueOf(c.anchor, 'manager')).toEqual([]);
    expect(valueOf(x.anchor, 'manager')).toEqual([]);
  });

  it('is cancelled between objects', () => {
    const s = scenario({
      forests: [{ name: CONTOSO, objects: [user('Ann'), user('Bob'), user('Cid')] }],
    });
    const e = engineOf(s, SYNCED);
    let n = 0;
    const gen = e.runProfileSteps(AAD, 'Export', { isCancelled: () => n >= 1 });
    let r = gen.next();
    while (!r.done) {
      if (r.value.kind === 'object') n++;
      r = gen.next();
    }
    expect(r.value.status).toBe('stopped-user-cancelled');
    expect(r.value.counts.adds).toBe(1);
    expect(e.pendingExportIds(AAD).size).toBe(2);
  });
});

describe('export to an AD forest keeps linked attributes, as AD does', () => {
  const forestObject = (e: SyncEngine, dn: string) =>
    [...(e.forests.get(CONTOSO)?.values() ?? [])].find(
      (o) => o.dn.toLowerCase() === dn.toLowerCase(),
    );
  const members = (e: SyncEngine, dn: string) =>
    ([forestObject(e, dn)?.attributes.member ?? []].flat() as Ref[]).map((r) => r.dn);

  function lab(): { e: SyncEngine; ann: string; boss: string; group: string } {
    const ann = user('Ann');
    const boss = user('Boss');
    const group = {
      dn: 'CN=Team,OU=Groups,DC=contoso,DC=com',
      objectClass: 'group',
      attributes: { objectGUID: '8f1c0a52-6f2e-4f53-9d2f-00000000ffff', member: [ann.dn, boss.dn] },
    };
    ann.attributes.manager = boss.dn;
    const s = scenario({ forests: [{ name: CONTOSO, objects: [ann, boss, group] }] });
    return { e: engineOf(s, SYNCED), ann: ann.dn, boss: boss.dn, group: group.dn };
  }

  function stage(e: SyncEngine, dn: string, pe: { type: 'Delete' | 'Update'; dn: string }): void {
    const id = e.csIdByDn(CONTOSO, dn);
    const cs = id ? e.cs.get(id) : undefined;
    if (!cs) throw new Error(`no ${dn}`);
    e.cs.set(cs.id, { ...cs, pendingExport: { ...pe, set: {}, clear: [], changes: [] } });
  }

  it('a deleted object leaves the groups and the manager values that named it', () => {
    const { e, boss, ann, group } = lab();
    expect(members(e, group)).toEqual([ann, boss]);
    stage(e, boss, { type: 'Delete', dn: boss });
    expect(exportSteps(e, CONTOSO).record.counts.deletes).toBe(1);
    expect(forestObject(e, boss)).toBeUndefined();
    expect(members(e, group)).toEqual([ann]);
    expect(forestObject(e, ann)?.attributes.manager).toBeUndefined();
  });

  it('a renamed object is named by its new DN in groups and manager values', () => {
    const { e, boss, ann, group } = lab();
    const moved = 'CN=Boss,OU=Managers,DC=contoso,DC=com';
    stage(e, boss, { type: 'Update', dn: moved });
    expect(exportSteps(e, CONTOSO).record.counts.renames).toBe(1);
    expect(forestObject(e, moved)).toBeDefined();
    expect(members(e, group)).toEqual([ann, moved]);
    expect((forestObject(e, ann)?.attributes.manager as Ref).dn).toBe(moved);
  });

  it("a rename onto another object's DN is an export error and changes nothing", () => {
    const { e, boss, ann, group } = lab();
    stage(e, boss, { type: 'Update', dn: ann });
    const { record } = exportSteps(e, CONTOSO);
    expect(record.errors.map((x) => x.type)).toEqual(['export-error-object-already-exists']);
    expect(members(e, group)).toEqual([ann, boss]);
  });
});
