import { describe, expect, it } from 'vitest';
import { forestsApi, TENANT_OBJECTS_SHOWN } from './api-forests.ts';
import { workspaceApi } from './api-workspace.ts';

const ANN = 'CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com';
const title = () =>
  forestsApi.forestObject('contoso.com', ANN)?.attributes.find((a) => a.name === 'title')?.values;

describe('workspace API (without a worker)', () => {
  it('records edits, undoes and redoes them, and replays a saved document', async () => {
    expect(workspaceApi.openBuiltIn('single-forest').ok).toBe(true);
    const original = title();
    expect(original).not.toEqual(['Architect']);
    const edit = await workspaceApi.applyAction({
      kind: 'object-modify',
      forest: 'contoso.com',
      dn: ANN,
      set: { title: ['Architect'] },
      clear: [],
    });
    expect(edit.ok).toBe(true);
    expect(title()).toEqual(['Architect']);
    const saved = workspaceApi.workspaceDocument();
    expect(saved?.cursor).toBe(2);

    expect((await workspaceApi.undo()).ok).toBe(true);
    expect(title()).toEqual(original);
    expect(workspaceApi.changeLog().canRedo).toBe(true);
    expect((await workspaceApi.redo()).ok).toBe(true);
    expect(title()).toEqual(['Architect']);

    const file = workspaceApi.exportWorkspace('Lab');
    const read = workspaceApi.readWorkspaceFile(file);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    workspaceApi.openBuiltIn('galsync-merger');
    expect(forestsApi.forests().map((f) => f.name)).not.toEqual(['contoso.com']);
    expect((await workspaceApi.restoreWorkspace(read.doc)).ok).toBe(true);
    expect(forestsApi.forests().map((f) => f.name)).toEqual(['contoso.com']);
    expect(title()).toEqual(['Architect']);
  });

  it('leaves the workspace untouched when a restore or an import fails', async () => {
    workspaceApi.openBuiltIn('single-forest');
    const before = workspaceApi.workspaceDocument();
    const doc = structuredClone(before);
    if (!doc) throw new Error('no doc');
    doc.actions.push({
      kind: 'object-delete',
      forest: 'contoso.com',
      dn: 'CN=Nobody,DC=contoso,DC=com',
    });
    doc.cursor = doc.actions.length;
    const r = await workspaceApi.restoreWorkspace(doc);
    expect(!r.ok && r.messages[0]).toMatch(/^Action \d+ \(Deleted CN=Nobody/);
    expect(workspaceApi.workspaceDocument()).toEqual(before);
    const bad = await workspaceApi.applyAction({
      kind: 'import',
      format: 'ldif',
      fileName: 'bad.ldf',
      text: 'dn: CN=X,DC=contoso,DC=com\nobjectClass: user\nuserAccountControl: many\n',
      forest: 'contoso.com',
    });
    expect(!bad.ok && bad.messages[0]).toMatch(/^bad\.ldf:3:\d+: /);
    expect(workspaceApi.workspaceDocument()).toEqual(before);
    expect(workspaceApi.openScenario('{"synclab": 1, "name": 3}', 'x.json').ok).toBe(false);
    expect(workspaceApi.workspaceDocument()).toEqual(before);
    expect(workspaceApi.decodeFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 1])).ok).toBe(
      false,
    );
  });

  it('adds a verified domain as an undoable edit of the log', async () => {
    workspaceApi.openBuiltIn('single-forest');
    const domains = () => forestsApi.tenant()?.verifiedDomains;
    expect(domains()).toEqual(['contoso.onmicrosoft.com', 'contoso.com']);
    const r = await workspaceApi.applyAction({
      kind: 'tenant-domain',
      domain: 'fabrikam.com',
      verified: true,
    });
    expect(r.ok).toBe(true);
    expect(domains()).toEqual(['contoso.onmicrosoft.com', 'contoso.com', 'fabrikam.com']);
    expect(workspaceApi.changeLog().entries.at(-1)?.text).toBe(
      'Entra ID: added the verified domain fabrikam.com',
    );
    expect(workspaceApi.saveScenario()).toContain('"fabrikam.com"');
    expect((await workspaceApi.undo()).ok).toBe(true);
    expect(domains()).toEqual(['contoso.onmicrosoft.com', 'contoso.com']);
  });

  it('lists the tenant objects the filter asks for, counting them all', async () => {
    workspaceApi.openBuiltIn('existing-tenant');
    expect((await workspaceApi.applyAction({ kind: 'run', step: { cycle: 'initial' } })).ok).toBe(
      true,
    );
    const all = forestsApi.tenant('all');
    const synced = forestsApi.tenant('synced');
    const cloud = forestsApi.tenant('cloud');
    expect(synced?.total).toBeGreaterThan(0);
    expect(cloud?.total).toBeGreaterThan(0);
    expect((synced?.total ?? 0) + (cloud?.total ?? 0)).toBe(all?.total);
    expect(synced?.objects.every((o) => o.dirSyncEnabled)).toBe(true);
    expect(cloud?.objects.every((o) => !o.dirSyncEnabled)).toBe(true);
    expect(all?.objects).toHaveLength(Math.min(all?.total ?? 0, TENANT_OBJECTS_SHOWN));
  });

  it('shows the tenant with the features that can be switched off again', async () => {
    workspaceApi.openBuiltIn('existing-tenant');
    const t = forestsApi.tenant();
    expect(t?.reversibleFeatures).toContain('blockSoftMatchEnabled');
    expect(t?.reversibleFeatures).not.toContain('softMatchOnUpnEnabled');
    expect(t?.objects.some((o) => !o.dirSyncEnabled)).toBe(true);
  });
});
