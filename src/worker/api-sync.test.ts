import { describe, expect, it, vi } from 'vitest';
import { syncApi, type SyncProgressDto } from './api-sync.ts';
import { EMEA_PARTITION, ROOT_PARTITION, twoDomainScenario } from './api-sync.fixture.ts';
import { workspaceApi, workspaceState } from './api-workspace.ts';
import { toResultDocument } from '../engine/sync/result.ts';

const AAD = 'contoso.onmicrosoft.com - AAD';

/** The single-forest scenario with 1,500 generated users in contoso.com. */
async function singleForestOf1500Users(): Promise<void> {
  expect(workspaceApi.startWorkspace('single-forest').ok).toBe(true);
  const gen = await workspaceApi.applyAction({
    kind: 'generate',
    forest: 'contoso.com',
    seed: 7,
    users: 1500,
    groups: 0,
    contacts: 0,
    duplicateShare: 0,
  });
  expect(gen.ok).toBe(true);
}

describe('sync API (without a worker)', () => {
  it('runs profiles through the action log, reports progress and explains statistics', async () => {
    expect(workspaceApi.startWorkspace('galsync-merger').ok).toBe(true);
    const before = syncApi.syncOverview();
    expect(before.connectors.map((c) => c.name)).toEqual(['contoso.com', 'fabrikam.com', AAD]);
    expect(before.connectors.every((c) => c.fullImportRequired && c.state === 'Idle')).toBe(true);

    const progress: SyncProgressDto[] = [];
    const r = await syncApi.syncRun({ run: 'Full Import', connector: 'contoso.com' }, (p) =>
      progress.push(p),
    );
    expect(r.ok).toBe(true);
    expect(r.runs.map((x) => x.profile)).toEqual(['Full Import']);
    expect(progress.at(-1)).toMatchObject({ done: 4, total: 4, step: 1, steps: 1 });
    await syncApi.syncRun({ run: 'Full Synchronization', connector: 'contoso.com' });
    await syncApi.syncRun({ run: 'Export', connector: AAD });
    const o = syncApi.syncOverview();
    expect(o.tenant).toMatchObject({ users: 2, contacts: 2 });
    const contoso = o.connectors[0];
    expect(contoso?.fullImportRequired).toBe(false);
    expect(contoso?.fullSyncRequired).toBe(false);
    expect(contoso?.lastRun?.profile).toBe('Full Synchronization');
    expect(contoso?.lastRun?.start).toBeTypeOf('number');

    const runs = syncApi.syncRuns();
    expect(runs).toHaveLength(3);
    const exp = syncApi.syncRunDetail(runs[2]?.index ?? -1);
    expect(exp?.statistics.find((s) => s.label === 'Adds')?.count).toBe(4);
    const adds = syncApi.syncRunObjects(runs[2]?.index ?? -1, 'adds', 0, 10);
    expect(adds.rows.filter((x) => x.objectType === 'contact')).toHaveLength(2);
    expect(workspaceApi.changeLog().entries.map((x) => x.text)).toHaveLength(4);

    const found = syncApi.syncSearch({
      connector: 'contoso.com',
      scope: { kind: 'rdn', value: 'Carl' },
    });
    const carl = found.rows[0];
    expect(carl?.dn).toMatch(/^CN=Carl Berg/);
    const props = syncApi.syncCsObject(carl?.id ?? '');
    expect(props?.mvSummary?.displayName).toBe('Carl Berg');
    expect(props?.lineage.some((l) => l.action === 'Provision' || l.action === 'Join')).toBe(true);
    const preview = await syncApi.syncPreview(carl?.id ?? '', 'full', false);
    expect(preview.trace?.rulesInScope.length).toBeGreaterThan(0);
    expect(syncApi.syncRuns()).toHaveLength(3);
    const graph = syncApi.syncFlowGraph({ csId: carl?.id ?? '' });
    expect(graph.nodes.some((n) => n.kind === 'target' && n.connector === AAD)).toBe(true);
  });

  it('records a committed preview in the action log: undone, and replayed after a reload', async () => {
    expect(workspaceApi.startWorkspace('galsync-merger').ok).toBe(true);
    await syncApi.syncRun({ run: 'Full Import', connector: 'contoso.com' });
    const carl = syncApi.syncSearch({
      connector: 'contoso.com',
      scope: { kind: 'rdn', value: 'Carl' },
    }).rows[0];
    const id = carl?.id ?? '';
    expect(syncApi.syncCsObject(id)?.mvSummary).toBeUndefined();

    const generated = await syncApi.syncPreview(id, 'full', false);
    expect(generated.trace?.link.action).toBe('projected');
    expect(syncApi.syncCsObject(id)?.mvSummary).toBeUndefined();
    expect(workspaceApi.changeLog().entries).toHaveLength(2);

    const committed = await syncApi.syncPreview(id, 'full', true);
    expect(committed.trace?.link.action).toBe('projected');
    expect(syncApi.syncCsObject(id)?.mvSummary?.displayName).toBe('Carl Berg');
    const log = workspaceApi.changeLog();
    expect(log.entries.at(-1)?.text).toBe(
      `Committed a Full Synchronization preview of ${carl?.dn} in contoso.com`,
    );

    // A reload replays the saved log: the committed preview is there again.
    const saved = workspaceApi.workspaceDocument();
    expect(saved?.actions.at(-1)).toEqual({
      kind: 'preview-commit',
      connector: 'contoso.com',
      csId: id,
      dn: carl?.dn,
      mode: 'full',
    });
    const file = workspaceApi.exportWorkspace('lab');
    const read = workspaceApi.readWorkspaceFile(file);
    expect(read.ok).toBe(true);
    expect(workspaceApi.startWorkspace('galsync-merger').ok).toBe(true);
    expect(syncApi.syncRuns()).toHaveLength(0);
    if (!read.ok) return;
    expect((await workspaceApi.restoreWorkspace(read.doc)).ok).toBe(true);
    expect(syncApi.syncCsObject(id)?.mvSummary?.displayName).toBe('Carl Berg');

    // Undo takes it back.
    expect((await workspaceApi.undo()).ok).toBe(true);
    expect(syncApi.syncCsObject(id)?.mvSummary).toBeUndefined();
    expect(syncApi.syncCsObject(id)?.dn).toBe(carl?.dn);
  });

  it('splits the statistics of a forest with several domains per partition, one step each', async () => {
    const ROOT = ROOT_PARTITION;
    const EMEA = EMEA_PARTITION;
    const opened = workspaceApi.openScenario(twoDomainScenario(), 'two-domains.json');
    expect(opened.ok).toBe(true);
    await syncApi.syncRun({ cycle: 'initial' });
    const runs = syncApi.syncRuns();
    const count = (rows: { label: string; count: number }[] | undefined, label: string) =>
      rows?.find((r) => r.label === label)?.count;

    const imp = syncApi.syncRunDetail(runs[0]?.index ?? -1);
    expect(imp?.profile).toBe('Full Import');
    expect(imp?.steps?.map((s) => [s.step, s.partition])).toEqual([
      [1, ROOT],
      [2, EMEA],
    ]);
    // Each domain's objects: its OU and its users.
    expect(imp?.steps?.map((s) => count(s.statistics, 'Adds'))).toEqual([4, 3]);
    expect(imp?.unattributed).toBeUndefined();
    const emeaAdds = syncApi.syncRunObjects(imp?.index ?? -1, 'adds', 0, 10, EMEA);
    expect(emeaAdds.total).toBe(3);
    expect(emeaAdds.rows.every((o) => o.dn?.endsWith(EMEA))).toBe(true);
    expect(syncApi.syncRunObjects(imp?.index ?? -1, 'adds', 0, 10).total).toBe(7);

    // Outbound statistics (objects of the Entra ID connector space) follow their source object.
    const sync = runs.find(
      (r) => r.profile === 'Full Synchronization' && r.connector === 'contoso.com',
    );
    const sd = syncApi.syncRunDetail(sync?.index ?? -1);
    expect(sd?.steps?.map((s) => count(s.statistics, 'Projections'))).toEqual([3, 2]);
    expect(sd?.steps?.map((s) => count(s.statistics, 'Provisioning Adds'))).toEqual([3, 2]);
    const provisioned = syncApi.syncRunObjects(sd?.index ?? -1, 'provisioned', 0, 10, EMEA);
    expect(provisioned.rows.map((o) => o.connector)).toEqual([AAD, AAD]);

    // Entra ID has one partition: no steps.
    const exp = runs.find((r) => r.connector === AAD && r.profile === 'Export');
    expect(syncApi.syncRunDetail(exp?.index ?? -1)?.steps).toBeUndefined();

    // Deleting Eve: the delta synchronization's deletion and deprovisioning are EMEA's.
    const del = await workspaceApi.applyAction({
      kind: 'object-delete',
      forest: 'contoso.com',
      dn: `CN=Eve,OU=Users,${EMEA}`,
    });
    expect(del.ok).toBe(true);
    await syncApi.syncRun({ cycle: 'delta' });
    const delta = syncApi
      .syncRuns()
      .find((r) => r.profile === 'Delta Synchronization' && r.connector === 'contoso.com');
    const dd = syncApi.syncRunDetail(delta?.index ?? -1);
    expect(count(dd?.statistics, 'Deleted')).toBe(1);
    expect(dd?.steps?.map((s) => count(s.statistics, 'Deleted'))).toEqual([0, 1]);
    expect(dd?.steps?.map((s) => count(s.statistics, 'Provisioning Disconnects'))).toEqual([0, 1]);
    expect(dd?.unattributed).toBeUndefined();
  });

  it('steps run profiles and objects, and rewinds to any earlier step', async () => {
    expect(workspaceApi.startWorkspace('galsync-merger').ok).toBe(true);
    syncApi.syncSetPlan('delta');
    let s = syncApi.syncSetPlan('initial');
    expect(s.profiles[0]).toEqual({ connector: 'contoso.com', profile: 'Full Import' });
    expect(s.profiles).toHaveLength(9);

    // Full Import of contoso.com then fabrikam.com, one run profile each.
    expect((await syncApi.syncStep()).completed[0]?.connector).toBe('contoso.com');
    expect((await syncApi.syncStep()).completed[0]?.connector).toBe('fabrikam.com');
    expect((await syncApi.syncStep()).completed[0]?.connector).toBe(AAD);

    // Full Synchronization of contoso.com object by object.
    const first = await syncApi.syncStepObject();
    expect(first.event?.kind).toBe('object');
    if (first.event?.kind !== 'object') return;
    expect(first.event.trace?.link.action).toBe('projected');
    expect(syncApi.syncOverview().connectors[0]?.state).toBe('Running');
    const second = await syncApi.syncStepObject();
    s = syncApi.syncOverview().stepper;
    expect(s.active?.objects).toBe(2);
    expect(s.timeline.at(-1)?.id).toBe('object:2');

    // Back to before the second object: the same object comes next.
    expect((await syncApi.syncRewind('object:2')).ok).toBe(true);
    const again = await syncApi.syncStepObject();
    expect(again.event?.kind === 'object' && again.event.csId).toBe(
      second.event?.kind === 'object' && second.event.csId,
    );

    // Step finishes the run as a whole; it is recorded in the action log.
    const done = await syncApi.syncStep();
    expect(done.completed[0]?.profile).toBe('Full Synchronization');
    expect(syncApi.syncRuns()).toHaveLength(4);
    s = syncApi.syncOverview().stepper;
    expect(s.active).toBeUndefined();
    expect(s.position).toBe(4);

    // Rewind to before the fabrikam.com import.
    const fabrikam = s.timeline.find((x) => x.text.includes('fabrikam.com'));
    expect((await syncApi.syncRewind(fabrikam?.id ?? '')).ok).toBe(true);
    expect(syncApi.syncRuns().map((x) => x.connector)).toEqual(['contoso.com']);
    expect(syncApi.syncOverview().stepper.position).toBe(1);
    expect((await syncApi.syncRewind('action:0')).ok).toBe(false);
  });

  it('cancels a long run after the current chunk of objects, with progress until then', async () => {
    await singleForestOf1500Users();
    await syncApi.syncRun({ run: 'Full Import', connector: 'contoso.com' });
    const seen: SyncProgressDto[] = [];
    const r = await syncApi.syncRun({ cycle: 'delta' }, (p) => {
      seen.push(p);
      if (p.profile === 'Delta Synchronization' && p.done > 0) syncApi.syncCancel();
    });
    expect(r.cancelled).toBe(true);
    const sync = r.runs.find((x) => x.profile === 'Delta Synchronization');
    expect(sync?.status).toBe('stopped-user-cancelled');
    // The cycle stops: nothing runs after the cancelled run profile.
    expect(r.runs.at(-1)).toBe(sync);
    const first = seen.find((p) => p.profile === 'Delta Synchronization');
    expect(first?.total).toBeGreaterThanOrEqual(1500);
    expect(first?.steps).toBe(r.runs.length + 3);
  });
  it('steps an import and an export object by object, with what was staged and what was exported', async () => {
    expect(workspaceApi.startWorkspace('galsync-merger').ok).toBe(true);
    syncApi.syncSetPlan('delta');
    syncApi.syncSetPlan('initial');
    const first = await syncApi.syncStepObject();
    expect(first.event).toMatchObject({ kind: 'object', profile: 'Full Import' });
    if (first.event?.kind !== 'object') return;
    expect(first.event.importTrace).toMatchObject({
      operation: 'Add',
      dn: 'CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com',
    });
    expect(first.event.importTrace?.changes).toContainEqual({
      attribute: 'mail',
      kind: 'add',
      newValue: 'ann.lee@contoso.com',
    });
    let s = syncApi.syncOverview().stepper;
    expect(s.timeline.at(-1)?.text).toBe(
      'Object 1: Add CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com',
    );
    for (let i = 2; i <= 4; i++)
      expect((await syncApi.syncStepObject()).event?.kind).toBe('object');
    // The fifth press ends the import: four objects, the run recorded whole.
    const end = await syncApi.syncStepObject();
    expect(end.event).toBeUndefined();
    expect(end.completed.map((r) => `${r.profile} ${r.status}`)).toEqual(['Full Import success']);
    expect(syncApi.syncRunDetail(end.completed[0]?.index ?? -1)?.statistics[0]?.count).toBe(4);

    for (let i = 0; i < 5; i++) await syncApi.syncStep();
    s = syncApi.syncOverview().stepper;
    expect(s.profiles[s.position]).toEqual({ connector: AAD, profile: 'Export' });
    const exported = await syncApi.syncStepObject();
    if (exported.event?.kind !== 'object') throw new Error('no export step');
    const t = exported.event.exportTrace;
    expect(t).toMatchObject({ operation: 'Add', result: { status: 'success' } });
    const anchor = t?.result.status === 'success' ? t.result.anchor : undefined;
    expect(anchor).toBeTypeOf('string');
    expect(syncApi.syncCsObject(exported.event.csId)?.anchor).toBe(anchor);
    s = syncApi.syncOverview().stepper;
    expect(s.timeline.at(-1)?.text).toMatch(/^Object 1: Add CN=\{[0-9A-F]+\}$/);
  });

  it('cancels an import between objects, with progress until then', async () => {
    await singleForestOf1500Users();
    const seen: SyncProgressDto[] = [];
    // A clock that moves 1 s a reading, so that no progress message is held back as too frequent.
    let now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000));
    const r = await syncApi.syncRun({ run: 'Full Import', connector: 'contoso.com' }, (p) => {
      seen.push(p);
      if (p.done > 0 && p.done < p.total) syncApi.syncCancel();
    });
    clock.mockRestore();
    expect(r.cancelled).toBe(true);
    expect(r.runs[0]?.status).toBe('stopped-user-cancelled');
    expect(seen.some((p) => p.done > 0 && p.done < p.total)).toBe(true);
    const adds = syncApi.syncRunDetail(r.runs[0]?.index ?? -1)?.statistics[0]?.count ?? 0;
    expect(adds).toBeGreaterThan(0);
    expect(adds).toBeLessThan(1500);
  });
});

describe('one change of the workspace at a time', () => {
  const ANN = 'CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com';
  /** The workspace as a result document, with the connector spaces. */
  const result = () => {
    const e = workspaceState()?.engine;
    if (!e) throw new Error('no workspace');
    const cs = [...e.cs.values()].map((c) => `${c.id} ${c.connector} ${c.dn} ${c.mvId ?? ''}`);
    return JSON.stringify({ ...toResultDocument(e), cs });
  };

  it('refuses an edit, an undo or a generation that arrives while a cycle runs: the workspace is its action log', async () => {
    await singleForestOf1500Users();
    // The Full Import has read its first objects and paused (for the page and for Cancel).
    const cycle = syncApi.syncRun({ cycle: 'initial' });
    const meanwhile = await Promise.all([
      workspaceApi.applyAction({ kind: 'object-delete', forest: 'contoso.com', dn: ANN }),
      workspaceApi.undo(),
      workspaceApi.applyAction({
        kind: 'generate',
        forest: 'fabrikam.com',
        newForestNetbios: 'FABRIKAM',
        seed: 1,
        users: 20,
        groups: 0,
        contacts: 0,
        duplicateShare: 0,
      }),
      syncApi.syncRun({ cycle: 'delta' }),
    ]);
    for (const r of meanwhile) {
      expect(r).toMatchObject({
        ok: false,
        messages: [
          'Wait until the initial cycle has finished (or cancel it): the workspace takes one change at a time.',
        ],
      });
    }
    expect(workspaceApi.openBuiltIn('galsync-merger').ok).toBe(false);
    const r = await cycle;
    expect(r.ok).toBe(true);
    expect(r.runs).toHaveLength(6);
    const live = result();
    const doc = workspaceApi.workspaceDocument();
    if (!doc) throw new Error('no action log');
    expect((await workspaceApi.restoreWorkspace(doc)).ok).toBe(true);
    expect(result()).toBe(live);
    // Once the cycle is over, the edit is made.
    const del = await workspaceApi.applyAction({
      kind: 'object-delete',
      forest: 'contoso.com',
      dn: ANN,
    });
    expect(del.ok).toBe(true);
  });

  it('refuses edits while a run is stepped object by object: stepping replays the run from before it', async () => {
    expect(workspaceApi.startWorkspace('single-forest').ok).toBe(true);
    syncApi.syncSetPlan('delta');
    syncApi.syncSetPlan('initial');
    for (let i = 0; i < 3; i++) await syncApi.syncStepObject();
    expect(syncApi.syncOverview().stepper.active?.objects).toBe(3);
    const stepping = { ok: false, messages: ['Finish or rewind the run being stepped first.'] };
    expect(
      await workspaceApi.applyAction({ kind: 'object-delete', forest: 'contoso.com', dn: ANN }),
    ).toEqual(stepping);
    expect(await workspaceApi.undo()).toEqual(stepping);
    expect((await syncApi.syncRewind('object:0')).ok).toBe(true);
    const del = await workspaceApi.applyAction({
      kind: 'object-delete',
      forest: 'contoso.com',
      dn: ANN,
    });
    expect(del.ok).toBe(true);
  });
});
