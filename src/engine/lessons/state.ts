/**
 * Small readers of the engine's state for lesson checks and "Show me" actions: objects found by
 * display name, the last run of a run profile, observations.
 */
import type { Value } from '../expr/values.ts';
import type { CloudObject } from '../entra/types.ts';
import type { RunStep, WorkspaceAction } from '../io/workspace.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { CsObject, MvObject, RunProfileName, RunRecord } from '../sync/model.ts';
import type { CheckResult, Observation, ShowMe } from './model.ts';

/** The first value of an attribute as text (multi-valued attributes: the first value). */
export function text(v: Value | undefined): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || first === null) return undefined;
  return typeof first === 'string' ? first : String(first);
}

/** Every value of an attribute as text. */
export function texts(v: Value | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

/** The Entra ID connector's name. */
export function aadConnector(e: SyncEngine): string {
  return e.connectors.find((c) => c.kind === 'AAD')?.name ?? '';
}

/** Entra ID objects whose displayName is `name` (or starts with it, for "Megan Bowen (admin)"). */
export function tenantNamed(e: SyncEngine, name: string, exact = true): CloudObject[] {
  return e.tenant.objects().filter((o) => {
    const d = text(o.attributes.displayName) ?? '';
    return exact ? d === name : d.startsWith(name);
  });
}

export function tenantById(e: SyncEngine, id: string): CloudObject | undefined {
  return e.tenant.objects().find((o) => o.id === id);
}

/** Metaverse objects whose displayName is `name`. */
export function mvNamed(e: SyncEngine, name: string): MvObject[] {
  return [...e.mv.values()].filter((m) => text(m.attributes.displayName) === name);
}

/** Metaverse objects whose mail is `mail` (case-insensitive). */
export function mvWithMail(e: SyncEngine, mail: string): MvObject[] {
  const m = mail.toLowerCase();
  return [...e.mv.values()].filter((o) => text(o.attributes.mail)?.toLowerCase() === m);
}

/** The connector-space objects joined to a metaverse object. */
export function joined(e: SyncEngine, mv: MvObject): CsObject[] {
  return mv.connectors.map((id) => e.cs.get(id)).filter((c): c is CsObject => c !== undefined);
}

/** The connector-space object of a directory object, by connector and DN. */
export function csByDn(e: SyncEngine, connector: string, dn: string): CsObject | undefined {
  const id = e.csIdByDn(connector, dn);
  return id ? e.cs.get(id) : undefined;
}

/** The last run of a connector (and run profile), or undefined. */
export function lastRun(
  e: SyncEngine,
  connector: string,
  profile?: RunProfileName,
): RunRecord | undefined {
  let best: RunRecord | undefined;
  for (const r of e.runs.values()) {
    if (r.connector !== connector || (profile && r.profile !== profile)) continue;
    if (!best || r.index > best.index) best = r;
  }
  return best;
}

/** Directory objects of a forest whose DN ends with `suffix` (case-insensitive). */
export function forestObjectsUnder(e: SyncEngine, forest: string, suffix: string) {
  const s = suffix.toLowerCase();
  return [...(e.forests.get(forest)?.values() ?? [])].filter((o) => o.dn.toLowerCase().endsWith(s));
}

/** A directory object by DN (case-insensitive). */
export function forestObject(e: SyncEngine, forest: string, dn: string) {
  const guid = e.forestDnIndex(forest)?.get(dn.toLowerCase());
  return guid ? e.forests.get(forest)?.get(guid) : undefined;
}

/** An observation. */
export function see(ok: boolean, text: string): Observation {
  return { ok, text };
}

/** A check result from observations: it passes when all of them are as wanted. */
export function result(...observations: Observation[]): CheckResult {
  return { passed: observations.every((o) => o.ok), observations };
}

/** A run step as a workspace action. */
export function run(step: RunStep): WorkspaceAction {
  return { kind: 'run', step };
}

export const initialCycle = (): WorkspaceAction => run({ cycle: 'initial' });
export const deltaCycle = (): WorkspaceAction => run({ cycle: 'delta' });

/** How an Entra ID object is described to the learner. */
export function describeCloud(o: CloudObject | undefined): string {
  if (!o) return 'not in Entra ID';
  return `${o.objectType}${o.dirSyncEnabled ? ' (synchronized)' : ' (cloud-only)'}`;
}

/** Sets attributes of a directory object (as typed text), then runs a delta cycle. */
export function modifyThenSync(
  forest: string,
  dn: string,
  set: Record<string, string[]>,
): WorkspaceAction[] {
  return [{ kind: 'object-modify', forest, dn, set, clear: [] }, deltaCycle()];
}

/** "Show me" for an export to Entra ID. */
export const exportToEntra: ShowMe = {
  text: 'Runs Export on the Entra ID connector.',
  actions: (e) => [run({ run: 'Export', connector: aadConnector(e) })],
};
