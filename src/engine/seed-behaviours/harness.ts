/**
 * Test harness for the seed behaviours: runs scenario documents through `synclab run` (in process)
 * and reads the printed result document. Tests build variants of the built-in scenarios and of the
 * fixtures here (other steps, other installation choices) instead of copying whole files.
 */
// Test support, used only by the *.test.ts files beside it: it reads scenario files and runs the
// CLI in process, which the engine's own code may not.
/* eslint-disable no-restricted-imports */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../cli/run.ts';
import { Session } from '../index.ts';
import type { ResultDocument } from '../sync/result.ts';

export type ScenarioDoc = {
  name: string;
  installation: Record<string, unknown>;
  tenant: Record<string, unknown> & { objects?: Record<string, unknown>[] };
  forests: {
    name: string;
    objects: { dn: string; objectClass: string; attributes: Record<string, unknown> }[];
  }[];
  steps?: Record<string, unknown>[];
  [key: string]: unknown;
};
export type MvEntry = ResultDocument['metaverse'][number];
export type TenantEntry = ResultDocument['tenant'][number];
export type RunEntry = ResultDocument['runs'][number];

const ROOT = join(import.meta.dirname, '../../..');

/** A built-in scenario (`scenarios/NAME.json`) or a fixture (`fixtures/NAME.json`), as JSON. */
export function loadDoc(name: string): ScenarioDoc {
  const path = name.startsWith('fixtures/')
    ? join(import.meta.dirname, name + '.json')
    : join(ROOT, 'scenarios', name + '.json');
  return JSON.parse(readFileSync(path, 'utf8')) as ScenarioDoc;
}

/** A deep copy with changes applied by `edit`. */
export function variant(doc: ScenarioDoc, edit: (d: ScenarioDoc) => void): ScenarioDoc {
  const copy = structuredClone(doc);
  edit(copy);
  return copy;
}

/** The scenario with other steps. */
export function withSteps(doc: ScenarioDoc, steps: Record<string, unknown>[]): ScenarioDoc {
  return variant(doc, (d) => {
    d.steps = steps;
  });
}

/** Runs `synclab run FILE [--order ...]` on the document and returns the printed result. */
export function runScenario(doc: ScenarioDoc, order?: string[]): ResultDocument {
  const text = JSON.stringify(doc);
  let out = '';
  let err = '';
  const args = ['scenario.json', ...(order ? ['--order', order.join(',')] : [])];
  const code = runCommand(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    readFile: () => text,
  });
  if (code !== 0) throw new Error(`synclab run exited ${code}: ${err}`);
  return JSON.parse(out) as ResultDocument;
}

/** The metaverse objects whose displayName is `name`. */
export function mvAll(r: ResultDocument, name: string): MvEntry[] {
  return r.metaverse.filter((m) => m.attributes.displayName === name);
}

/** The tenant objects whose displayName is `name`. */
export function tenantAll(r: ResultDocument, name: string): TenantEntry[] {
  return r.tenant.filter((t) => t.attributes.displayName === name);
}

function one<T>(all: T[], what: string): T {
  if (all.length !== 1) throw new Error(`${all.length} ${what}`);
  return all[0] as T;
}

/** The one metaverse object whose displayName is `name` (fails otherwise). */
export function mv(r: ResultDocument, name: string): MvEntry {
  return one(mvAll(r, name), `metaverse objects named '${name}'`);
}

/** The one tenant object whose displayName is `name` (fails otherwise). */
export function tenantObject(r: ResultDocument, name: string): TenantEntry {
  return one(tenantAll(r, name), `tenant objects named '${name}'`);
}

/** The tenant object with this id. */
export function tenantById(r: ResultDocument, id: string): TenantEntry | undefined {
  return r.tenant.find((t) => t.id === id);
}

/** The displayNames of the tenant objects an attribute (member) refers to, sorted. */
export function tenantRefNames(r: ResultDocument, t: TenantEntry, attribute: string): string[] {
  const ids = [t.attributes[attribute] ?? []].flat() as string[];
  return ids.map((id) => String(tenantById(r, id)?.attributes.displayName ?? id)).sort();
}

/** The displayNames of the metaverse objects an attribute (member) refers to, sorted. */
export function mvRefNames(r: ResultDocument, m: MvEntry, attribute: string): string[] {
  const ids = [m.attributes[attribute] ?? []].flat() as string[];
  return ids
    .map((id) => String(r.metaverse.find((x) => x.id === id)?.attributes.displayName ?? id))
    .sort();
}

/** The connectors a metaverse object is joined to, sorted. */
export function connectorsOf(m: MvEntry): string[] {
  return m.connectors.map((c) => c.connector).sort();
}

/** The runs of one connector and run profile, in order. */
export function runsOf(r: ResultDocument, connector: string, profile: string): RunEntry[] {
  return r.runs.filter((x) => x.connector === connector && x.profile === profile);
}

/** Every run error, with its connector and profile. */
export function allErrors(r: ResultDocument): (RunEntry['errors'][number] & { run: string })[] {
  return r.runs.flatMap((x) => x.errors.map((e) => ({ ...e, run: `${x.connector} ${x.profile}` })));
}

/** The Entra ID connector's name for a scenario document. */
export function aadOf(doc: ScenarioDoc): string {
  return `${String(doc.tenant.initialDomain)} - AAD`;
}

/**
 * Runs for one forest on its own: Full Import of it and of Entra ID, Full Synchronization of both,
 * and (unless `exportToo` is false) the export to Entra ID.
 */
export function forestAloneSteps(
  doc: ScenarioDoc,
  forest: string,
  exportToo = true,
): Record<string, unknown>[] {
  const aad = aadOf(doc);
  return [
    { run: 'Full Import', connector: forest },
    { run: 'Full Import', connector: aad },
    { run: 'Full Synchronization', connector: forest },
    { run: 'Full Synchronization', connector: aad },
    ...(exportToo ? [{ run: 'Export', connector: aad }] : []),
  ];
}

/**
 * The end state with generated ids replaced by stable keys (metaverse objects by their joined
 * connector-space DNs, tenant objects by type and immutableId or displayName), so that two runs
 * that differ only in the order objects were created compare equal.
 */
export function canonicalState(r: ResultDocument): unknown {
  const tenantKey = new Map<string, string>();
  for (const t of r.tenant) {
    const anchor = t.attributes.sourceAnchor ?? t.attributes.displayName ?? t.id;
    tenantKey.set(t.id, `${t.objectType}:${String(anchor)}`);
  }
  const mvKey = new Map<string, string>();
  for (const m of r.metaverse) {
    const dns = m.connectors.map((c) => `${c.connector}|${c.dn.toLowerCase()}`).sort();
    mvKey.set(m.id, dns.join(';'));
  }
  const ids = new Map([...tenantKey, ...mvKey]);
  const idPattern =
    ids.size === 0
      ? undefined
      : new RegExp(
          [...ids.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
          'g',
        );
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string')
      return idPattern ? v.replace(idPattern, (id) => `<${ids.get(id)}>`) : v;
    if (Array.isArray(v)) return v.map(swap).sort();
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    }
    return v;
  };
  const metaverse = r.metaverse
    .map((m) => ({
      key: mvKey.get(m.id),
      objectType: m.objectType,
      attributes: swap(m.attributes),
      connectors: m.connectors.map((c) => `${c.connector}|${c.dn}|${c.rule}`).sort(),
    }))
    .sort((a, b) => String(a.key).localeCompare(String(b.key)));
  const tenant = r.tenant
    .map((t) => ({
      key: tenantKey.get(t.id),
      objectType: t.objectType,
      dirSyncEnabled: t.dirSyncEnabled,
      attributes: swap(t.attributes),
      provisioningErrors: swap(t.provisioningErrors),
    }))
    .sort((a, b) => String(a.key).localeCompare(String(b.key)));
  return { metaverse, tenant };
}

/** The immutableId Entra ID gets for an objectGUID (Base64 of .NET's `Guid.ToByteArray()`). */
export function immutableIdOf(guid: string): string {
  const bytes = Buffer.from(guid.replace(/-/g, ''), 'hex');
  bytes.subarray(0, 4).reverse();
  bytes.subarray(4, 6).reverse();
  bytes.subarray(6, 8).reverse();
  return bytes.toString('base64');
}

/** The attributes of a directory object in the scenario, found by forest and DN prefix. */
export function adObject(
  doc: ScenarioDoc,
  forest: string,
  dnPrefix: string,
): Record<string, unknown> {
  const o = doc.forests
    .find((f) => f.name === forest)
    ?.objects.find((x) => x.dn.toLowerCase().startsWith(dnPrefix.toLowerCase()));
  if (!o) throw new Error(`no '${dnPrefix}' in ${forest}`);
  return o.attributes;
}

/** Runs the scenario in a Session (the app's API), for what the result document does not show. */
export async function sessionAfter(doc: ScenarioDoc, order?: string[]): Promise<Session> {
  const session = new Session();
  const loaded = session.load(JSON.stringify(doc), order ? { adOrder: order } : {});
  if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
  await session.runSteps();
  return session;
}

/** Which connector and rule gave a metaverse attribute its value (the Metaverse Search's lineage). */
export function contributorOf(
  session: Session,
  mvId: string,
  attribute: string,
): { connector?: string; ruleName?: string } {
  const a = session.mvObject(mvId)?.attributes.find((x) => x.name === attribute);
  if (!a) return {};
  return { connector: a.connector, ruleName: a.ruleName };
}
