/**
 * Workspace actions of the connector configuration (issue 11): configuring an AD connector and
 * turning staging mode on or off. Kept apart from workspace-apply.ts, which only dispatches here.
 */
import { configureConnector, setStagingMode } from '../sync/connector-config.ts';
import { scenarioStepEvents } from '../sync/scenario-runner.ts';
import type { ApplyOptions, ApplyResult, WorkspaceState } from './workspace-apply.ts';
import type { WorkspaceAction } from './workspace.ts';

type ConnectorAction = Extract<WorkspaceAction, { kind: 'connector-configure' | 'staging-mode' }>;

/**
 * Applies a connector-configuration or staging-mode action to the workspace's engine.
 *
 * @example
 * await applyConnectorAction(state, { kind: 'staging-mode', enabled: true }, {})
 */
export async function applyConnectorAction(
  state: WorkspaceState,
  a: ConnectorAction,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const e = state.engine;
  if (a.kind === 'connector-configure') {
    const { kind: _kind, connector, ...change } = a;
    void _kind;
    const r = configureConnector(e, connector, change);
    if (!r.ok) return { ok: false, messages: [r.message] };
    return {
      ok: true,
      state,
      notes: r.fullImportRequired
        ? [`${connector}: Full Import required. A delta import only reads objects that changed.`]
        : [],
    };
  }
  setStagingMode(e, a.enabled);
  if (a.enabled || !a.export) return { ok: true, state, notes: [] };
  // Leaving staging mode: the Export run profiles, in the scheduler's order (Entra ID first).
  const exports = e
    .cycleProfiles('delta')
    .filter((p) => p.profile === 'Export' && e.pendingExportIds(p.connector).size > 0);
  const notes: string[] = [];
  for (const p of exports) {
    const gen = scenarioStepEvents(
      e,
      { run: 'Export', connector: p.connector },
      {
        isCancelled: () => options.signal?.aborted ?? false,
      },
    );
    let r = gen.next();
    while (!r.done) r = gen.next();
    if (!r.value.ok) return { ok: false, messages: [r.value.message] };
    for (const run of r.value.runs) notes.push(`Export on ${run.connector}: ${run.status}`);
  }
  return { ok: true, state, notes };
}
