import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../sync/scenario-runner.ts';
import { directoryObjectView, listDirectory } from '../query/directory.ts';
import { runScenarioSteps } from '../sync/scenario-runner.ts';
import { fullImportRequiredByConfiguration } from '../sync/connector-config.ts';
import {
  applyWorkspaceAction,
  replayWorkspace,
  reversibleFeatures,
  snapshotScenario,
  type WorkspaceHost,
  type WorkspaceState,
} from './workspace-apply.ts';
import {
  canRedo,
  canUndo,
  changeLog,
  describeAction,
  newWorkspaceDoc,
  parseWorkspaceFile,
  recordAction,
  redoDoc,
  serializeWorkspaceFile,
  undoDoc,
  type WorkspaceAction,
  type WorkspaceDoc,
} from './workspace.ts';
import { parseScenario } from './scenario.ts';

const SINGLE = readFileSync(
  new URL('../../../scenarios/single-forest.json', import.meta.url),
  'utf8',
);
const host: WorkspaceHost = { load: (s) => createEngine(s) };
const ANN = 'CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com';
const open: Extract<WorkspaceAction, { kind: 'open-scenario' }> = {
  kind: 'open-scenario',
  text: SINGLE,
  fileName: 'single-forest.json',
};

async function opened(): Promise<WorkspaceState> {
  const r = await applyWorkspaceAction(undefined, open, host);
  if (!r.ok) throw new Error(r.messages.join('\n'));
  return r.state;
}

async function must(state: WorkspaceState, a: WorkspaceAction): Promise<WorkspaceState> {
  const r = await applyWorkspaceAction(state, a, host);
  if (!r.ok) throw new Error(r.messages.join('\n'));
  return r.state;
}

const attr = (s: WorkspaceState, forest: string, dn: string, name: string) =>
  directoryObjectView(s.engine, forest, dn)?.attributes.find((a) => a.name === name)?.values;

describe('workspace document', () => {
  it('records, undoes and redoes; a new action drops the redo tail', () => {
    let doc: WorkspaceDoc = newWorkspaceDoc(open);
    expect(canUndo(doc)).toBe(false);
    const del: WorkspaceAction = { kind: 'object-delete', forest: 'contoso.com', dn: ANN };
    const th: WorkspaceAction = { kind: 'tenant-threshold', threshold: 10 };
    doc = recordAction(recordAction(doc, del), th);
    expect(doc.cursor).toBe(3);
    doc = undoDoc(doc);
    expect(canRedo(doc)).toBe(true);
    expect(changeLog(doc).map((e) => e.applied)).toEqual([true, true, false]);
    expect(redoDoc(doc).cursor).toBe(3);
    doc = recordAction(doc, { kind: 'tenant-threshold', threshold: null });
    expect(doc.actions).toHaveLength(3);
    expect(changeLog(doc)[2]?.text).toBe('Disabled the accidental deletes threshold');
  });

  it('round-trips a workspace file and names the JSON path of a bad one', () => {
    const doc = recordAction(newWorkspaceDoc(open), {
      kind: 'object-enable',
      forest: 'contoso.com',
      dn: ANN,
      enabled: false,
    });
    const text = serializeWorkspaceFile({ synclabWorkspace: 1, name: 'Lab', doc });
    const back = parseWorkspaceFile(text);
    expect(back.ok && back.file.doc).toEqual(doc);
    const bad = parseWorkspaceFile(text.replace('"enabled": false', '"enabled": "no"'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]?.path).toBe('doc.actions[1].enabled');
    const syntax = parseWorkspaceFile('{"synclabWorkspace": 1,\n  "name": }');
    expect(!syntax.ok && syntax.errors[0]?.message).toMatch(/^line 2, column 11/);
    const first = parseWorkspaceFile(
      JSON.stringify({
        synclabWorkspace: 1,
        name: 'x',
        doc: { actions: [{ kind: 'tenant-delete', id: 'a' }], cursor: 1 },
      }),
    );
    expect(!first.ok && first.errors[0]?.path).toBe('doc.actions[0].kind');
  });
});

describe('applying actions', () => {
  it('edits a directory object so that the next delta import sees it', async () => {
    let s = await opened();
    runScenarioSteps(s.engine, [{ cycle: 'initial' }]);
    s = await must(s, {
      kind: 'object-modify',
      forest: 'contoso.com',
      dn: ANN,
      set: { title: ['Engineer'], proxyAddresses: ['SMTP:ann@contoso.com', 'smtp:al@contoso.com'] },
      clear: [],
    });
    expect(attr(s, 'contoso.com', ANN, 'proxyAddresses')).toEqual([
      'SMTP:ann@contoso.com',
      'smtp:al@contoso.com',
    ]);
    const r = runScenarioSteps(s.engine, [{ run: 'Delta Import', connector: 'contoso.com' }]);
    expect(r.ok && r.runs[0]?.counts.updates).toBe(1);
  });

  it('disables and enables through userAccountControl', async () => {
    let s = await opened();
    s = await must(s, { kind: 'object-enable', forest: 'contoso.com', dn: ANN, enabled: false });
    expect(directoryObjectView(s.engine, 'contoso.com', ANN)?.enabled).toBe(false);
    expect(attr(s, 'contoso.com', ANN, 'userAccountControl')).toEqual(['514']);
    const again = await applyWorkspaceAction(
      s,
      { kind: 'object-enable', forest: 'contoso.com', dn: ANN, enabled: false },
      host,
    );
    expect(!again.ok && again.messages[0]).toMatch(/already disabled/);
  });

  it('adds, moves and deletes, keeping references to a moved object', async () => {
    let s = await opened();
    s = await must(s, {
      kind: 'object-add',
      forest: 'contoso.com',
      dn: 'OU=Moved,DC=contoso,DC=com',
      objectClass: 'organizationalUnit',
      attributes: {},
    });
    s = await must(s, {
      kind: 'object-add',
      forest: 'contoso.com',
      dn: 'CN=Team,OU=Contoso Users,DC=contoso,DC=com',
      objectClass: 'group',
      attributes: { member: [ANN], groupType: ['-2147483646'] },
    });
    s = await must(s, {
      kind: 'object-move',
      forest: 'contoso.com',
      dn: ANN,
      container: 'OU=Moved,DC=contoso,DC=com',
    });
    const moved = 'CN=Ann Lee,OU=Moved,DC=contoso,DC=com';
    expect(directoryObjectView(s.engine, 'contoso.com', moved)).toBeDefined();
    expect(attr(s, 'contoso.com', 'CN=Team,OU=Contoso Users,DC=contoso,DC=com', 'member')).toEqual([
      moved,
    ]);
    const nonLeaf = await applyWorkspaceAction(
      s,
      { kind: 'object-delete', forest: 'contoso.com', dn: 'OU=Moved,DC=contoso,DC=com' },
      host,
    );
    expect(!nonLeaf.ok && nonLeaf.messages[0]).toMatch(/child objects/);
    s = await must(s, { kind: 'object-delete', forest: 'contoso.com', dn: moved });
    expect(directoryObjectView(s.engine, 'contoso.com', moved)).toBeUndefined();
  });

  it('refuses bad edits with a message and changes nothing', async () => {
    const s = await opened();
    const before = snapshotScenario(s);
    const cases: [WorkspaceAction, RegExp][] = [
      [
        {
          kind: 'object-modify',
          forest: 'contoso.com',
          dn: ANN,
          set: { userAccountControl: ['lots'] },
          clear: [],
        },
        /userAccountControl/,
      ],
      [
        {
          kind: 'object-modify',
          forest: 'contoso.com',
          dn: ANN,
          set: { objectGUID: ['5b973110-6382-4a80-bbf8-6bb21c1bb741'] },
          clear: [],
        },
        /set by Active Directory/,
      ],
      [
        {
          kind: 'object-add',
          forest: 'contoso.com',
          dn: 'CN=X,DC=contoso,DC=com',
          objectClass: 'printer',
          attributes: {},
        },
        /not an object class/,
      ],
      [
        {
          kind: 'object-add',
          forest: 'contoso.com',
          dn: 'CN=X,DC=fabrikam,DC=com',
          objectClass: 'user',
          attributes: {},
        },
        /not in a domain/,
      ],
      [
        { kind: 'object-add', forest: 'contoso.com', dn: ANN, objectClass: 'user', attributes: {} },
        /already exists/,
      ],
      [
        { kind: 'object-delete', forest: 'contoso.com', dn: 'CN=Nobody,DC=contoso,DC=com' },
        /no object/,
      ],
      [
        {
          kind: 'tenant-add',
          objectType: 'user',
          roles: [],
          attributes: { userPrincipalName: ['x@unverified.example'] },
        },
        /verified domain/,
      ],
      [
        { kind: 'tenant-features', features: { softMatchOnUpnEnabled: false } },
        /can't be disabled/,
      ],
    ];
    for (const [a, re] of cases) {
      const r = await applyWorkspaceAction(s, a, host);
      expect(r.ok, JSON.stringify(a)).toBe(false);
      expect(!r.ok && r.messages.join(' ')).toMatch(re);
    }
    expect(snapshotScenario(s)).toEqual(before);
  });

  it('imports LDIF into a new forest and CSV into an existing one, all or nothing', async () => {
    let s = await opened();
    const ldif =
      'dn: OU=Staff,DC=fabrikam,DC=com\nobjectClass: organizationalUnit\n\ndn: CN=Bo,OU=Staff,DC=fabrikam,DC=com\nchangetype: add\nobjectClass: user\nsAMAccountName: bo\nuserAccountControl: 512\n';
    s = await must(s, {
      kind: 'import',
      format: 'ldif',
      fileName: 'f.ldf',
      text: ldif,
      forest: 'fabrikam.com',
      newForestNetbios: 'FABRIKAM',
    });
    expect(s.scenario.forests.map((f) => f.name)).toEqual(['contoso.com', 'fabrikam.com']);
    expect(s.engine.connector('fabrikam.com')?.kind).toBe('AD');
    expect([...s.engine.rules.values()].some((r) => r.connector === 'fabrikam.com')).toBe(true);
    expect(listDirectory(s.engine, { forest: 'fabrikam.com' }).total).toBe(2);

    const csv =
      'DN,objectClass,sAMAccountName\n"CN=Cy,OU=Staff,DC=fabrikam,DC=com",user,cy\n"CN=Bo,OU=Staff,DC=fabrikam,DC=com",user,bo2\n';
    const dup = await applyWorkspaceAction(
      s,
      { kind: 'import', format: 'csv', fileName: 'x.csv', text: csv, forest: 'fabrikam.com' },
      host,
    );
    expect(!dup.ok && dup.messages[0]).toMatch(/^x\.csv:3:\d+: .*already exists/);
    expect(listDirectory(s.engine, { forest: 'fabrikam.com' }).total).toBe(2);
    const bad = await applyWorkspaceAction(
      s,
      {
        kind: 'import',
        format: 'ldif',
        fileName: 'b.ldf',
        text: 'dn: CN=Q,DC=fabrikam,DC=com\nobjectClass user\n',
        forest: 'fabrikam.com',
      },
      host,
    );
    expect(!bad.ok && bad.messages[0]).toMatch(/^b\.ldf:2:1: /);
    const binary = await applyWorkspaceAction(
      s,
      {
        kind: 'import',
        format: 'ldif',
        fileName: 'z.bin',
        text: 'dn: CN=Q\u0000\u0001',
        forest: 'fabrikam.com',
      },
      host,
    );
    expect(!binary.ok && binary.messages[0]).toMatch(/not text/);
  });

  it('adds a forest and keeps the connector spaces, metaverse, run history and tenant', async () => {
    let s = await opened();
    let doc: WorkspaceDoc = newWorkspaceDoc(open);
    const steps: WorkspaceAction[] = [
      { kind: 'run', step: { cycle: 'initial' } },
      { kind: 'object-modify', forest: 'contoso.com', dn: ANN, set: { title: ['CFO'] }, clear: [] },
      {
        kind: 'connector-configure',
        connector: 'contoso.com',
        containers: { include: ['DC=contoso,DC=com'], exclude: ['OU=Contacts,DC=contoso,DC=com'] },
      },
    ];
    for (const a of steps) {
      s = await must(s, a);
      doc = recordAction(doc, a);
    }
    const before = s.engine;
    const cs = [...before.cs.keys()];
    const mv = [...before.mv.values()];
    const runs = [...before.runs.values()];
    const tenant = before.tenant;
    const add: WorkspaceAction = { kind: 'forest-add', name: 'Fabrikam.com', netbios: 'fabrikam' };
    const r = await applyWorkspaceAction(s, add, host);
    if (!r.ok) throw new Error(r.messages.join('\n'));
    doc = recordAction(doc, add);
    s = r.state;
    const e = s.engine;
    expect(e.connectors.map((c) => c.name)).toEqual([
      'contoso.com',
      'fabrikam.com',
      'contoso.onmicrosoft.com - AAD',
    ]);
    expect(r.notes.join(' ')).toMatch(
      /fabrikam\.com needs a Full Import and a Full Synchronization/,
    );
    expect([...e.cs.keys()]).toEqual(cs);
    expect([...e.mv.values()]).toEqual(mv);
    expect([...e.runs.values()]).toEqual(runs);
    expect(e.tenant).toBe(tenant);
    expect(e.csIds('fabrikam.com').size).toBe(0);
    expect(e.runs.size).toBeGreaterThan(0);
    expect([...e.runs.values()].some((run) => run.connector === 'fabrikam.com')).toBe(false);
    const rules = [...e.rules.values()];
    expect(rules.some((x) => x.connector === 'fabrikam.com' && x.immutableTag)).toBe(true);
    // The existing out-of-box rules keep their identity (the connector spaces' lineage names them).
    for (const x of before.rules.values()) expect(e.rules.get(x.id)?.name).toBe(x.name);
    // The configuration change still needs its Full Import.
    expect(fullImportRequiredByConfiguration(e, 'contoso.com')).toBe(true);

    // The delta cycle sees only the edit made before the forest was added.
    const cycle = runScenarioSteps(e, [{ cycle: 'delta' }]);
    if (!cycle.ok) throw new Error(cycle.message);
    const contosoImport = cycle.runs.find(
      (x) => x.connector === 'contoso.com' && x.profile === 'Delta Import',
    );
    expect(contosoImport?.counts.updates).toBe(1);
    expect(contosoImport?.counts.adds).toBe(0);

    // A reload replays the log to the same state; undo replays it without the forest.
    const replayed = await replayWorkspace(doc, host);
    expect(replayed.ok && [...replayed.state.engine.mv.values()]).toEqual(mv);
    const undone = await replayWorkspace(undoDoc(doc), host);
    expect(undone.ok && undone.state.engine.connectors.map((c) => c.name)).toEqual([
      'contoso.com',
      'contoso.onmicrosoft.com - AAD',
    ]);
  });

  it('a forest generated into a new connector is imported by the next initial cycle', async () => {
    let s = await opened();
    s = await must(s, { kind: 'run', step: { cycle: 'initial' } });
    const mvBefore = s.engine.mv.size;
    s = await must(s, {
      kind: 'generate',
      forest: 'fabrikam.com',
      newForestNetbios: 'FABRIKAM',
      seed: 5,
      users: 40,
      groups: 4,
      contacts: 0,
      duplicateShare: 0,
    });
    expect(s.engine.mv.size).toBe(mvBefore);
    const cycle = runScenarioSteps(s.engine, [{ cycle: 'initial' }]);
    if (!cycle.ok) throw new Error(cycle.message);
    expect(s.engine.csIds('fabrikam.com').size).toBeGreaterThan(40);
    expect(s.engine.mv.size).toBeGreaterThan(mvBefore + 40);
  });

  it('generates a forest in chunks, and a cancelled generation changes nothing', async () => {
    const s = await opened();
    const a: WorkspaceAction = {
      kind: 'generate',
      forest: 'fabrikam.com',
      newForestNetbios: 'FABRIKAM',
      seed: 3,
      users: 300,
      groups: 20,
      contacts: 50,
      duplicateShare: 0.5,
    };
    const abort = { aborted: false };
    const progress: number[] = [];
    const cancelled = await applyWorkspaceAction(s, a, host, {
      chunkSize: 50,
      signal: abort,
      onProgress: (d) => {
        progress.push(d);
        if (d >= 100) abort.aborted = true;
      },
    });
    expect(cancelled.ok).toBe(false);
    expect(!cancelled.ok && cancelled.aborted).toBe(true);
    expect(s.scenario.forests).toHaveLength(1);
    const done = await must(s, a);
    const counts = listDirectory(done.engine, {
      forest: 'fabrikam.com',
      objectClass: 'user',
      limit: 1,
    });
    expect(counts.total).toBe(300);
    expect(progress.length).toBeGreaterThan(1);
  });

  it('regenerates the out-of-box rules when the installation choices change', async () => {
    let s = await opened();
    const joinOf = (st: WorkspaceState) =>
      [...st.engine.rules.values()].find((r) => r.name === 'In from AD - User Join')?.joinRules;
    const before = JSON.stringify(joinOf(s));
    const r = await applyWorkspaceAction(
      s,
      { kind: 'installation', sourceAnchor: 'mS-DS-ConsistencyGuid', userMatching: 'mail' },
      host,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    s = r.state;
    expect(JSON.stringify(joinOf(s))).not.toBe(before);
    expect(JSON.stringify(joinOf(s))).toContain('mail');
    expect(r.notes.join(' ')).toMatch(/User Join/);
    expect(s.scenario.installation.userMatching).toBe('mail');
  });

  it('replays a document to the same state, and names a failing action', async () => {
    let doc: WorkspaceDoc = newWorkspaceDoc(open);
    let s = await opened();
    const actions: WorkspaceAction[] = [
      { kind: 'object-enable', forest: 'contoso.com', dn: ANN, enabled: false },
      {
        kind: 'tenant-add',
        objectType: 'user',
        roles: ['Global Administrator'],
        attributes: { userPrincipalName: ['admin@contoso.com'], displayName: ['Admin'] },
      },
      { kind: 'tenant-threshold', threshold: 25 },
      { kind: 'run', step: { cycle: 'initial' } },
    ];
    for (const a of actions) {
      s = await must(s, a);
      doc = recordAction(doc, a);
    }
    const r = await replayWorkspace(doc, host);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(snapshotScenario(r.state)).toEqual(snapshotScenario(s));
    expect(r.state.engine.tenant.objects().length).toBe(s.engine.tenant.objects().length);
    expect(r.state.engine.deletionThreshold).toBe(25);
    const undone = await replayWorkspace(undoDoc(undoDoc(doc)), host);
    expect(undone.ok && undone.state.engine.deletionThreshold).toBe(500);
    const broken = recordAction(doc, {
      kind: 'object-delete',
      forest: 'contoso.com',
      dn: 'CN=Nobody,DC=contoso,DC=com',
    });
    const f = await replayWorkspace(broken, host);
    expect(!f.ok && f.messages[0]).toMatch(/^Action 6 \(Deleted CN=Nobody/);
  });

  it('adds and removes verified domains; synced UPNs follow, and undo restores them', async () => {
    let s = await opened();
    let doc: WorkspaceDoc = newWorkspaceDoc(open);
    const run = { kind: 'run', step: { cycle: 'initial' } } as const;
    s = await must(s, run);
    doc = recordAction(doc, run);
    const upnOf = (st: WorkspaceState) =>
      st.engine.tenant
        .objects()
        .find((o) => o.dirSyncEnabled && o.attributes.displayName === 'Ann Lee')?.attributes
        .userPrincipalName;
    expect(upnOf(s)).toBe('ann.lee@contoso.com');

    const remove: WorkspaceAction = {
      kind: 'tenant-domain',
      domain: 'contoso.com',
      verified: false,
    };
    const r = await applyWorkspaceAction(s, remove, host);
    if (!r.ok) throw new Error(r.messages.join('\n'));
    doc = recordAction(doc, remove);
    expect(r.notes.join(' ')).toMatch(/recalculated the userPrincipalName of \d+ synced users/);
    expect(s.engine.tenant.verifiedDomains).toEqual(['contoso.onmicrosoft.com']);
    // An unverified suffix is replaced by the initial domain (MOERA).
    expect(upnOf(s)).toMatch(/@contoso\.onmicrosoft\.com$/);
    const imported = runScenarioSteps(s.engine, [
      { run: 'Delta Import', connector: 'contoso.onmicrosoft.com - AAD' },
    ]);
    expect(imported.ok && imported.runs[0]?.counts.updates).toBeGreaterThan(0);

    const add: WorkspaceAction = { kind: 'tenant-domain', domain: 'Contoso.com', verified: true };
    s = await must(s, add);
    expect(upnOf(s)).toBe('ann.lee@contoso.com');
    expect(snapshotScenario(s).tenant.verifiedDomains).toEqual(['contoso.com']);

    // Replaying the log without the last action (undo) gives the state after the removal.
    const undone = await replayWorkspace(doc, host);
    expect(undone.ok && undone.state.engine.tenant.verifiedDomains).toEqual([
      'contoso.onmicrosoft.com',
    ]);
    expect(describeAction(remove)).toBe('Entra ID: removed the domain contoso.com');
  });

  it('refuses domain changes that Entra ID refuses, and changes nothing', async () => {
    let s = await opened();
    s = await must(s, {
      kind: 'tenant-add',
      objectType: 'user',
      roles: [],
      attributes: { userPrincipalName: ['admin@contoso.com'], displayName: ['Admin'] },
    });
    const before = snapshotScenario(s);
    const cases: [WorkspaceAction, RegExp][] = [
      [{ kind: 'tenant-domain', domain: 'not a domain', verified: true }, /not a domain name/],
      [{ kind: 'tenant-domain', domain: 'CONTOSO.com', verified: true }, /already a domain/],
      [{ kind: 'tenant-domain', domain: 'x.onmicrosoft.com', verified: true }, /onmicrosoft/],
      [
        { kind: 'tenant-domain', domain: 'contoso.onmicrosoft.com', verified: false },
        /initial domain/,
      ],
      [{ kind: 'tenant-domain', domain: 'fabrikam.com', verified: false }, /not a domain of/],
      [{ kind: 'tenant-domain', domain: 'contoso.com', verified: false }, /still used by 1 cloud/],
    ];
    for (const [a, re] of cases) {
      const r = await applyWorkspaceAction(s, a, host);
      expect(r.ok, JSON.stringify(a)).toBe(false);
      expect(!r.ok && r.messages.join(' ')).toMatch(re);
    }
    expect(snapshotScenario(s)).toEqual(before);
  });

  it('says which enabled features can be switched off again', async () => {
    const s = await opened();
    expect(reversibleFeatures(s).sort()).toEqual([
      'blockCloudObjectTakeoverThroughHardMatchEnabled',
      'blockSoftMatchEnabled',
    ]);
  });

  it('saves the current directories as a scenario that parses', async () => {
    let s = await opened();
    s = await must(s, { kind: 'object-delete', forest: 'contoso.com', dn: ANN });
    const saved = snapshotScenario(s);
    const { serializeScenario } = await import('./scenario.ts');
    const back = parseScenario(serializeScenario(saved));
    expect(back.ok).toBe(true);
    expect(back.ok && back.scenario.forests[0]?.objects.some((o) => o.dn === ANN)).toBe(false);
  });
});
