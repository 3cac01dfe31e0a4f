import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectorConfiguration, stagingMode } from '../sync/connector-config.ts';
import { createEngine } from '../sync/scenario-runner.ts';
import { applyWorkspaceAction, replayWorkspace, type WorkspaceState } from './workspace-apply.ts';
import {
  parseWorkspaceFile,
  recordAction,
  newWorkspaceDoc,
  undoDoc,
  type WorkspaceAction,
} from './workspace.ts';

const host = { load: createEngine };
const AAD = 'contoso.onmicrosoft.com - AAD';
const text = readFileSync(
  join(import.meta.dirname, '../../../scenarios/ou-filter-change.json'),
  'utf8',
);
const open = { kind: 'open-scenario', text, fileName: 'ou-filter-change.json' } as const;

async function apply(
  state: WorkspaceState | undefined,
  a: WorkspaceAction,
): Promise<WorkspaceState> {
  const r = await applyWorkspaceAction(state, a, host);
  if (!r.ok) throw new Error(r.messages.join('\n'));
  return r.state;
}

describe('connector workspace actions', () => {
  it('configure, replay and undo', async () => {
    const configure: WorkspaceAction = {
      kind: 'connector-configure',
      connector: 'contoso.com',
      containers: { include: ['DC=contoso,DC=com'], exclude: ['OU=Sales,DC=contoso,DC=com'] },
    };
    let doc = recordAction(newWorkspaceDoc(open), configure);
    const r = await replayWorkspace(doc, host);
    expect(
      r.ok && connectorConfiguration(r.state.engine, 'contoso.com').containers?.exclude,
    ).toEqual(['OU=Sales,DC=contoso,DC=com']);
    doc = undoDoc(doc);
    const u = await replayWorkspace(doc, host);
    expect(
      u.ok && connectorConfiguration(u.state.engine, 'contoso.com').containers?.exclude,
    ).toEqual([]);
    const bad = await applyWorkspaceAction(
      u.ok ? u.state : undefined,
      { ...configure, connector: AAD },
      host,
    );
    expect(bad.ok).toBe(false);
  });

  it('staging mode holds exports back; leaving it with export sends them', async () => {
    let s = await apply(undefined, open);
    s = await apply(s, { kind: 'staging-mode', enabled: true });
    s = await apply(s, { kind: 'run', step: { cycle: 'initial' } });
    expect(stagingMode(s.engine)).toBe(true);
    expect(s.engine.tenant.objects()).toHaveLength(0);
    const r = await applyWorkspaceAction(
      s,
      { kind: 'staging-mode', enabled: false, export: true },
      host,
    );
    expect(r.ok && r.notes).toEqual([`Export on ${AAD}: success`]);
    expect(s.engine.tenant.objects()).toHaveLength(12);
  });

  it('workspace files accept the new actions and reject unknown fields', () => {
    const file = (a: unknown) =>
      JSON.stringify({ synclabWorkspace: 1, name: 'w', doc: { actions: [open, a], cursor: 2 } });
    expect(parseWorkspaceFile(file({ kind: 'staging-mode', enabled: true })).ok).toBe(true);
    expect(
      parseWorkspaceFile(
        file({ kind: 'connector-configure', connector: 'x', objectTypes: ['user'] }),
      ).ok,
    ).toBe(true);
    expect(
      parseWorkspaceFile(file({ kind: 'connector-configure', connector: 'x', filter: 1 })).ok,
    ).toBe(false);
  });
});

describe('saving the workspace', () => {
  it('writes the current connector configuration and staging mode into the scenario', async () => {
    const { snapshotScenario } = await import('./workspace-apply.ts');
    let s = await apply(undefined, open);
    s = await apply(s, {
      kind: 'connector-configure',
      connector: 'contoso.com',
      objectTypes: ['user'],
    });
    s = await apply(s, { kind: 'staging-mode', enabled: true });
    const snap = snapshotScenario(s);
    expect(snap.forests[0]?.connector?.objectTypes).toEqual(['user']);
    expect(snap.stagingMode).toBe(true);
    // Adding a forest rebuilds the engine: the configuration carries over.
    s = await apply(s, { kind: 'forest-add', name: 'fabrikam.com', netbios: 'FABRIKAM' });
    expect(connectorConfiguration(s.engine, 'contoso.com').objectTypes).toEqual(['user']);
    expect(stagingMode(s.engine)).toBe(true);
  });
});
