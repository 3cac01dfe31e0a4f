import { describe, expect, it, vi } from 'vitest';
import { createTenant, Tenant } from '../entra/tenant.ts';
import { Ref } from '../expr/values.ts';
import type { SyncEngine } from './engine.ts';
import { toResultDocument } from './result.ts';
import { createEngine, runScenarioSteps } from './scenario-runner.ts';
import { AAD, scenario, user } from './test-helpers.ts';
import { modifyDirectoryObject } from './directory.ts';

const CONTOSO = 'contoso.com';

// One scenario for every engine: its generated GUIDs must be the same in each.
const s = scenario({
  forests: [
    {
      name: CONTOSO,
      objects: [user('Ann', { mail: 'ann@contoso.com' }), user('Bob'), user('Cid')],
    },
  ],
  tenantObjects: [
    {
      id: 'c1',
      objectType: 'user',
      attributes: { userPrincipalName: 'carol@contoso.com', displayName: 'Carol' },
    },
  ],
  steps: [{ cycle: 'initial' }, { cycle: 'delta' }],
});

function engineAfterCycles(): SyncEngine {
  const engine = createEngine(s);
  const out = runScenarioSteps(engine, s.steps);
  if (!out.ok) throw new Error(out.message);
  return engine;
}

function tenantOf(e: SyncEngine): Tenant {
  if (!(e.tenant instanceof Tenant)) throw new Error('not a Tenant');
  return e.tenant;
}

/** What an import leaves behind: the run's statistics and every pending import of the connector. */
function importOutcome(e: SyncEngine, profile: 'Delta Import' | 'Full Import') {
  const run = e.runProfile(AAD, profile);
  const pending = [...e.pendingImportIds(AAD)].sort().map((id) => {
    const cs = e.cs.get(id);
    return { id, anchor: cs?.anchor, dn: cs?.dn, pendingImport: cs?.pendingImport };
  });
  return { counts: run.counts, changed: run.changed, status: run.status, pending };
}

/** The result document without the run profiles' names (Delta Import on one side, Full on the other). */
function settled(e: SyncEngine) {
  const doc = toResultDocument(e);
  return { ...doc, runs: doc.runs.map((r) => ({ ...r, profile: undefined })) };
}

/** The same change on two identical engines: a Delta Import must stage what a Full Import does. */
function expectDeltaLikeFull(change: (e: SyncEngine) => void) {
  const delta = engineAfterCycles();
  const full = engineAfterCycles();
  change(delta);
  change(full);
  const objects = vi.spyOn(delta.tenant, 'objects');
  const d = importOutcome(delta, 'Delta Import');
  expect(objects).not.toHaveBeenCalled();
  const f = importOutcome(full, 'Full Import');
  expect(d).toEqual(f);
  for (const e of [delta, full]) e.runProfile(AAD, 'Delta Synchronization');
  expect(settled(delta)).toEqual(settled(full));
  return d;
}

describe('Delta Import from Entra ID (tenant change log)', () => {
  it('stages nothing when nothing changed in the tenant', () => {
    const d = expectDeltaLikeFull(() => {});
    expect(d.pending).toEqual([]);
    expect(d.counts.updates + d.counts.adds + d.counts.deletes).toBe(0);
  });

  it('sees exactly a cloud edit', () => {
    const d = expectDeltaLikeFull((e) => {
      expect(tenantOf(e).editCloudObject('c1', { set: { displayName: 'Caroline' } }).ok).toBe(true);
    });
    expect(d.counts.updates).toBe(1);
    expect(d.pending).toHaveLength(1);
    expect(d.pending[0]?.anchor).toBe('c1');
  });

  it('sees a cloud delete and a cloud add', () => {
    const d = expectDeltaLikeFull((e) => {
      const t = tenantOf(e);
      expect(t.deleteCloudObject('c1').ok).toBe(true);
      expect(
        t.addCloudObject({
          id: 'c2',
          objectType: 'user',
          attributes: { userPrincipalName: 'dan@contoso.com', displayName: 'Dan' },
        }).ok,
      ).toBe(true);
    });
    expect(d.counts.deletes).toBe(1);
    expect(d.counts.adds).toBe(1);
  });

  it('confirms an export of an on-premises change', () => {
    const d = expectDeltaLikeFull((e) => {
      const bob = [...e.csIds(CONTOSO)]
        .map((id) => e.cs.get(id))
        .find((c) => c?.dn.includes('Bob'));
      expect(bob).toBeDefined();
      expect(
        modifyDirectoryObject(e, CONTOSO, bob?.dn ?? '', { displayName: 'Robert' }, []).ok,
      ).toBe(true);
      const out = runScenarioSteps(e, [{ cycle: 'delta' }]);
      if (!out.ok) throw new Error(out.message);
    });
    expect(d.status).toBe('success');
  });

  it('reads everything again after the tenant was swapped for a clone', () => {
    const e = engineAfterCycles();
    e.tenant = e.tenant.clone();
    const objects = vi.spyOn(e.tenant, 'readObjects');
    e.runProfile(AAD, 'Delta Import');
    expect(objects).toHaveBeenCalledTimes(1);
    const again = vi.spyOn(e.tenant, 'readObjects');
    again.mockClear();
    e.runProfile(AAD, 'Delta Import');
    expect(again).not.toHaveBeenCalled();
  });
});

describe('Tenant change log', () => {
  function tenantWithGroup() {
    const t = createTenant({
      initialDomain: 'contoso.onmicrosoft.com',
      verifiedDomains: ['contoso.com'],
      seed: 1,
    });
    t.addCloudObject({
      id: 'u1',
      objectType: 'user',
      attributes: { userPrincipalName: 'ann@contoso.com' },
    });
    t.addCloudObject({
      id: 'g1',
      objectType: 'group',
      attributes: { displayName: 'G', member: [new Ref('u1')] },
    });
    t.addCloudObject({
      id: 'u2',
      objectType: 'user',
      attributes: { userPrincipalName: 'bob@contoso.com' },
    });
    return t;
  }

  it('lists changed and removed ids since a version, in creation order', () => {
    const t = tenantWithGroup();
    const v = t.changeVersion;
    expect(t.changesSince(v)?.changed).toEqual([]);
    t.editCloudObject('u2', { set: { displayName: 'Bob' } });
    t.editCloudObject('u1', { roles: ['Global Administrator'] });
    const c = t.changesSince(v);
    expect(c?.changed.map((o) => o.id)).toEqual(['u1', 'u2']);
    expect(c?.removed).toEqual([]);
    expect(t.changesSince(t.changeVersion + 1)).toBeUndefined();
  });

  it('marks the groups referencing an object whose DN changes or which is deleted', () => {
    const t = tenantWithGroup();
    const v = t.changeVersion;
    t.editCloudObject('u1', { set: { sourceAnchor: 'abc=' } });
    expect(t.changesSince(v)?.changed.map((o) => o.id)).toEqual(['u1', 'g1']);
    const w = t.changeVersion;
    t.deleteCloudObject('u1');
    const c = t.changesSince(w);
    expect(c?.removed).toEqual(['u1']);
    expect(c?.changed.map((o) => o.id)).toEqual(['g1']);
  });

  it('keeps its log in a clone and hands out copies', () => {
    const t = tenantWithGroup();
    t.editCloudObject('u2', { set: { displayName: 'Bob' } });
    const copy = t.clone();
    expect(copy.changeVersion).toBe(t.changeVersion);
    const c = copy.changesSince(0);
    expect(c?.changed.map((o) => o.id)).toEqual(['u1', 'g1', 'u2']);
    const first = c?.changed[0];
    if (first) first.attributes.userPrincipalName = 'x@contoso.com';
    expect(copy.get('u1')?.attributes.userPrincipalName).toBe('ann@contoso.com');
  });
});
