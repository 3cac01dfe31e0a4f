/**
 * Applies workspace actions (workspace.ts) to a sync engine, all or nothing: a directory, tenant
 * or rule change is journaled and rolled back when it fails or is cancelled; a change that needs
 * new connectors (a new forest) builds a new engine only once the new state is known to be valid.
 *
 * Directory edits go through the scenario steps `add` / `modify` / `delete`, so each one gets a
 * new update sequence number and the next delta import sees it.
 */
import { generateDefaultRules } from '../defaults/generate.ts';
import type { Tenant } from '../entra/tenant.ts';
import type { TenantFeatures } from '../entra/types.ts';
import type { AttributeBag, Scalar, Value } from '../expr/values.ts';
import type { SyncEngine } from '../sync/engine.ts';
import {
  configureConnector,
  connectorConfiguration,
  fullImportRequiredByConfiguration,
  stagingMode,
  withConnectorConfiguration,
} from '../sync/connector-config.ts';
import type { JMap } from '../sync/journal.ts';
import { moveDirectoryObject } from '../sync/directory.ts';
import { applyChangeStep, scenarioStepEvents } from '../sync/scenario-runner.ts';
import { objectsDone } from '../sync/trace.ts';
import {
  containerTree,
  findDirectoryObject,
  forestSpecOf,
  parentDn,
  rdnOf,
  SYSTEM_ATTRIBUTES,
  UF_ACCOUNTDISABLE,
  type ContainerNode,
} from '../query/directory.ts';
import { AD_OBJECT_CLASSES, TENANT_ATTRIBUTES, lookupAttribute } from './attribute-syntax.ts';
import { parseCsv } from './csv.ts';
import { dnDomain, parseDn } from './dn.ts';
import { generateForestAsync, type AbortFlag } from './generate.ts';
import { decodeJsonValue } from './json-values.ts';
import { parseLdif } from './ldif.ts';
import { applyConnectorAction } from './workspace-connectors.ts';
import {
  aadConnectorName,
  formatScenarioError,
  parseScenario,
  type ForestObject,
  type ForestSpec,
  type Scenario,
  type TenantObjectSpec,
} from './scenario.ts';
import { decodeRawValues, type ImportError, type ImportResult } from './text-values.ts';
import {
  describeAction,
  replayStart,
  type InstallationChoice,
  type TextAttributes,
  type WorkspaceAction,
  type WorkspaceDoc,
} from './workspace.ts';

/** The open workspace: the scenario it came from (its header is kept current) and the engine. */
export interface WorkspaceState {
  scenario: Scenario;
  engine: SyncEngine;
  fileName: string;
  builtInId?: string;
}

/** Where engines come from: the worker's session, or `createEngine` in tests. */
export interface WorkspaceHost {
  load(scenario: Scenario): SyncEngine;
}

export interface ApplyOptions {
  /** Objects done and the total, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortFlag;
  /** Lets other work (a cancel message, a paint) in between chunks. */
  pause?: () => Promise<void>;
  /** Objects per chunk between progress reports and pauses (default 2,000). */
  chunkSize?: number;
}

export type ApplyResult =
  | { ok: true; state: WorkspaceState; notes: string[] }
  | { ok: false; messages: string[]; aborted?: boolean };

type Failure = Extract<ApplyResult, { ok: false }>;

const fail = (...messages: string[]): Failure => ({ ok: false, messages });
const ABORTED: Failure = {
  ok: false,
  aborted: true,
  messages: ['Cancelled: nothing was changed.'],
};

// ------------------------------------------------------------------------------ values

/** Decodes typed-in AD attribute values by the attribute's syntax. */
export function decodeAdAttributes(
  attributes: TextAttributes,
): { ok: true; bag: AttributeBag } | { ok: false; message: string } {
  const bag: Record<string, Value> = {};
  for (const [name, values] of Object.entries(attributes)) {
    const d = decodeRawValues(name, values);
    if (!d.ok) {
      const which = d.index >= 0 && values.length > 1 ? ` (value ${d.index + 1})` : '';
      return { ok: false, message: `${d.message}${which}` };
    }
    bag[d.name] = d.value;
  }
  return { ok: true, bag };
}

function decodeTenantAttributes(
  attributes: TextAttributes,
): { ok: true; bag: AttributeBag } | { ok: false; message: string } {
  const bag: Record<string, Value> = {};
  for (const [name, values] of Object.entries(attributes)) {
    const known = lookupAttribute(TENANT_ATTRIBUTES, name);
    const out: Scalar[] = [];
    for (const v of values) {
      // Booleans are typed as True / False, as PowerShell shows them.
      const lower = v.trim().toLowerCase();
      const data =
        known?.syntax.kind === 'boolean' && (lower === 'true' || lower === 'false')
          ? lower === 'true'
          : v;
      const d = decodeJsonValue(
        data,
        known ? { syntax: { ...known.syntax, multiValued: false } } : {},
      );
      if (!d.ok) return { ok: false, message: `${known?.name ?? name}: ${d.message}` };
      out.push(d.value as Scalar);
    }
    if (known && !known.syntax.multiValued && out.length > 1) {
      return { ok: false, message: `${known.name} is single-valued but has ${out.length} values` };
    }
    const multi = known?.syntax.multiValued ?? out.length > 1;
    bag[known?.name ?? name] = multi ? out : (out[0] ?? '');
  }
  return { ok: true, bag };
}

// ------------------------------------------------------------------------------ snapshots

/**
 * The workspace as a scenario file: the forests' current objects, the tenant's cloud-only objects
 * and features, the installation choices and the rules (custom ones, and disabled out-of-box ones).
 * The connector spaces and the metaverse are not part of a scenario; one initial cycle rebuilds them.
 */
export function snapshotScenario(state: WorkspaceState): Scenario {
  const e = state.engine;
  const s = state.scenario;
  const rules = [...e.rules.values()];
  const tenantObjects: TenantObjectSpec[] = e.tenant
    .objects()
    .filter((o) => !o.dirSyncEnabled)
    .map((o) => ({
      id: o.id,
      objectType: o.objectType,
      roles: [...o.roles],
      attributes: { ...o.attributes },
    }));
  return {
    ...s,
    tenant: {
      ...s.tenant,
      verifiedDomains: e.tenant.verifiedDomains.filter(
        (d) => d.toLowerCase() !== e.tenant.initialDomain.toLowerCase(),
      ),
      features: { ...e.tenant.features },
      deletionThreshold: e.deletionThreshold,
      objects: tenantObjects,
    },
    forests: s.forests.map((f) => withConnectorConfiguration(e, forestSpecOf(e, f))),
    ...(stagingMode(e) || s.stagingMode !== undefined ? { stagingMode: stagingMode(e) } : {}),
    rules: {
      defaults: s.rules.defaults,
      disable: rules.filter((r) => r.immutableTag && r.disabled).map((r) => r.name),
      custom: rules.filter((r) => !r.immutableTag),
    },
    steps: [{ cycle: 'initial' }],
  };
}

/**
 * Adds a forest as the wizard adds a directory: a new AD connector (with its out-of-box rules when
 * the defaults are on; the wizard regenerates them all, the new connector's last in each group).
 * Everything else carries over: the other connectors' connector spaces and watermarks, the
 * metaverse, the run history, the forests (objects, USNs, tombstones), connector configurations,
 * staging mode and the Entra ID tenant. The new connector, having never run, needs a Full Import and
 * a Full Synchronization.
 *
 * The engine's connectors are fixed when it is built, so a new engine is built and the state moved
 * into it (without journaling: the new engine's history starts here).
 */
function addForest(state: WorkspaceState, host: WorkspaceHost, forest: ForestSpec): WorkspaceState {
  const old = state.engine;
  const s = state.scenario;
  const rules = [...old.rules.values()];
  // A configuration that still needs its Full Import is applied after the run history moved over,
  // which marks it again; the others are part of the scenario.
  const pending = s.forests.filter((f) => fullImportRequiredByConfiguration(old, f.name));
  const scenario: Scenario = {
    ...s,
    tenant: { ...s.tenant, objects: [] },
    forests: [
      ...s.forests.map((f) =>
        pending.includes(f) ? header(f) : withConnectorConfiguration(old, header(f)),
      ),
      forest,
    ],
    ...(stagingMode(old) || s.stagingMode !== undefined ? { stagingMode: stagingMode(old) } : {}),
    rules: {
      defaults: s.rules.defaults,
      disable: rules.filter((r) => r.immutableTag && r.disabled).map((r) => r.name),
      custom: rules.filter((r) => !r.immutableTag),
    },
    // What "Run the scenario's steps" offers next: an initial cycle gives the new connector the
    // Full Import and Full Synchronization it needs (the other connectors run in full again).
    steps: [{ cycle: 'initial' }],
  };
  const engine = host.load(scenario);
  const journaling = engine.journal.enabled;
  engine.journal.enabled = false;
  const copy = <K, V>(from: JMap<K, V>, to: JMap<K, V> | undefined) => {
    if (to) for (const [k, v] of from.entries()) to.set(k, v);
  };
  copy(old.meta, engine.meta);
  copy(old.runs, engine.runs);
  copy(old.retryProvisioning, engine.retryProvisioning);
  for (const [name, store] of old.forests) copy(store, engine.forests.get(name));
  for (const [name, tombs] of old.tombstones) copy(tombs, engine.tombstones.get(name));
  copy(old.mv, engine.mv);
  copy(old.cs, engine.cs);
  engine.tenant = old.tenant;
  engine.deletionThreshold = old.deletionThreshold;
  for (const f of pending) configureConnector(engine, f.name, connectorConfiguration(old, f.name));
  engine.journal.enabled = journaling;
  engine.journal.clear();
  engine.journal.mark(`Forest ${forest.name} added`);
  return { ...state, scenario: { ...scenario, forests: scenario.forests.map(header) }, engine };
}

/** What adding a forest means, for the user. */
function forestAddedNotes(state: WorkspaceState, name: string, objects: number): string[] {
  return [
    `The forest ${name} was added${objects > 0 ? ` with ${objects.toLocaleString('en-US')} objects` : ''}: a new AD connector${state.scenario.rules.defaults ? ' and its out-of-box rules (the wizard numbers them after the existing connectors’ rules in each group)' : ''}.`,
    'The other connectors keep their connector spaces; the metaverse, the run history and Entra ID are unchanged.',
    `${name} needs a Full Import and a Full Synchronization: the next initial cycle runs them.`,
  ];
}

function header(f: ForestSpec): ForestSpec {
  return {
    name: f.name,
    netbios: f.netbios,
    ...(f.domains ? { domains: f.domains } : {}),
    objects: [],
  };
}

// ------------------------------------------------------------------------------ checks

const DNS_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const NETBIOS_RE = /^[A-Za-z0-9][A-Za-z0-9!@#$%^&'().\-_{}~]{0,14}$/;

function checkNewForest(state: WorkspaceState, name: string, netbios: string): string | null {
  if (!DNS_RE.test(name)) return `"${name}" is not a DNS domain name (e.g. fabrikam.com).`;
  if (!NETBIOS_RE.test(netbios))
    return `"${netbios}" is not a NetBIOS domain name (1 to 15 letters, digits or - _).`;
  const lower = name.toLowerCase();
  for (const f of state.scenario.forests) {
    if (f.name.toLowerCase() === lower) return `The forest ${f.name} is already connected.`;
    if (f.netbios.toUpperCase() === netbios.toUpperCase())
      return `The NetBIOS name ${netbios} is already used by ${f.name}.`;
  }
  if (aadConnectorName(state.scenario.tenant.initialDomain).toLowerCase() === lower)
    return `${name} is the Entra ID connector's name.`;
  return null;
}

function forestOf(state: WorkspaceState, name: string): ForestSpec | undefined {
  return state.scenario.forests.find((f) => f.name === name);
}

function domainsOf(f: ForestSpec): string[] {
  return [f.name, ...(f.domains ?? []).map((d) => d.name)].map((d) => d.toLowerCase());
}

function canonicalClass(name: string): string | undefined {
  return AD_OBJECT_CLASSES.find((c) => c.toLowerCase() === name.trim().toLowerCase());
}

/** Classes that are containers in every forest (the container tree knows a few more). */
const PLAIN_CONTAINERS = new Set(['organizationalunit', 'container']);

function findContainer(nodes: readonly ContainerNode[], dn: string): ContainerNode | undefined {
  const k = dn.toLowerCase().replace(/\s*,\s*/g, ',');
  for (const n of nodes) {
    if (n.dn.toLowerCase().replace(/\s*,\s*/g, ',') === k) return n;
    const inner = findContainer(n.children, dn);
    if (inner) return inner;
  }
  return undefined;
}

function hasChildren(engine: SyncEngine, forest: string, dn: string): boolean {
  const suffix = ',' + dn.toLowerCase();
  for (const k of engine.forestDnIndex(forest)?.keys() ?? []) if (k.endsWith(suffix)) return true;
  return false;
}

function importMessages(fileName: string, errors: readonly ImportError[]): string[] {
  const shown = errors.slice(0, 20).map((e) => `${fileName}:${e.line}:${e.column}: ${e.message}`);
  if (errors.length > shown.length) shown.push(`… and ${errors.length - shown.length} more errors`);
  return shown;
}

// ------------------------------------------------------------------------------ apply

async function addObjects(
  state: WorkspaceState,
  forest: string,
  objects: readonly ForestObject[],
  options: ApplyOptions,
): Promise<Failure | null> {
  const chunk = Math.max(1, options.chunkSize ?? 2000);
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i] as ForestObject;
    const r = applyChangeStep(state.engine, { add: { forest, object: o } });
    if (!r.ok) return fail(`${o.dn}: ${r.message}`);
    if ((i + 1) % chunk === 0) {
      options.onProgress?.(i + 1, objects.length);
      await options.pause?.();
      if (options.signal?.aborted) return ABORTED;
    }
  }
  options.onProgress?.(objects.length, objects.length);
  return null;
}

function moveObject(
  state: WorkspaceState,
  forest: string,
  dn: string,
  container: string,
): Failure | null {
  const e = state.engine;
  const obj = findDirectoryObject(e, forest, dn);
  if (!obj) return fail(`There is no object ${dn} in ${forest}.`);
  const spec = forestOf(state, forest);
  if (!spec) return fail(`There is no forest ${forest}.`);
  // An OU or container object is found by its DN; building the whole container tree (the
  // containers objects only name as parents too) costs a pass over the forest.
  const direct = findDirectoryObject(e, forest, container);
  const target =
    direct && PLAIN_CONTAINERS.has(direct.objectClass.toLowerCase())
      ? direct
      : findContainer(containerTree(e, spec), container);
  if (!target) return fail(`There is no container ${container} in ${forest}.`);
  const oldKey = obj.dn.toLowerCase();
  const targetKey = target.dn.toLowerCase();
  if (targetKey === oldKey || targetKey.endsWith(',' + oldKey))
    return fail(`${obj.dn} cannot be moved into itself.`);
  if (parentDn(obj.dn).toLowerCase() === targetKey)
    return fail(`${obj.dn} is already in ${target.dn}.`);
  const newDn = `${rdnOf(obj.dn)},${target.dn}`;
  if (findDirectoryObject(e, forest, newDn))
    return fail(`An object named ${newDn} already exists in ${forest}.`);
  // AD moves a container with everything below it, and the linked values (member, manager) that
  // named a moved object follow it.
  const r = moveDirectoryObject(e, forest, obj.dn, newDn);
  if (!r.ok) return fail(r.message);
  return null;
}

function enableObject(
  state: WorkspaceState,
  forest: string,
  dn: string,
  enabled: boolean,
): Failure | null {
  const obj = findDirectoryObject(state.engine, forest, dn);
  if (!obj) return fail(`There is no object ${dn} in ${forest}.`);
  const uac = obj.attributes.userAccountControl;
  if (typeof uac !== 'number')
    return fail(`${obj.dn} has no userAccountControl: only users and computers can be disabled.`);
  const next = enabled ? uac & ~UF_ACCOUNTDISABLE : uac | UF_ACCOUNTDISABLE;
  if (next === uac) return fail(`${obj.dn} is already ${enabled ? 'enabled' : 'disabled'}.`);
  const r = applyChangeStep(state.engine, {
    modify: { forest, dn: obj.dn, set: { userAccountControl: next }, clear: [] },
  });
  return r.ok ? null : fail(r.message);
}

/** What a change of installation choices means, in a few sentences for the user. */
export function installationImpact(from: InstallationChoice, to: InstallationChoice): string[] {
  const notes: string[] = [
    'The out-of-box rules were generated again for the new choices; custom rules are unchanged and disabled out-of-box rules stay disabled.',
  ];
  if (from.sourceAnchor !== to.sourceAnchor) {
    notes.push(
      to.sourceAnchor === 'mS-DS-ConsistencyGuid'
        ? 'sourceAnchor is now mS-DS-ConsistencyGuid when it is set, otherwise objectGUID; "Out to AD - User ImmutableId" writes objectGUID back into mS-DS-ConsistencyGuid, so users already in Entra ID keep the same immutableId.'
        : 'sourceAnchor is now objectGUID: nothing is written back to AD. Users whose immutableId came from an mS-DS-ConsistencyGuid that differs from their objectGUID (moved between forests) no longer match and fail with "SourceAnchor attribute has changed".',
    );
  }
  if (from.userMatching !== to.userMatching) {
    const how: Record<InstallationChoice['userMatching'], string> = {
      none: 'users are represented only once across all directories: no cross-forest join, each user joins only by its sourceAnchor',
      mail: 'users join across forests on the mail attribute',
      objectSidToMsExchMasterAccountSid:
        'users join across forests on objectSid = msExchMasterAccountSid (account-resource forests, linked mailboxes)',
      sAMAccountNameAndMailNickname: 'users join across forests on sAMAccountName and mailNickname',
    };
    notes.push(
      `"In from AD - User Join" changed: ${how[to.userMatching]}. Objects already joined stay joined; run a full synchronization so that every object is evaluated against the new join rules.`,
    );
  }
  return notes;
}

async function applyInPlace(
  state: WorkspaceState,
  a: Exclude<WorkspaceAction, { kind: 'open-scenario' | 'forest-add' }>,
  host: WorkspaceHost,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const e = state.engine;
  switch (a.kind) {
    case 'object-add': {
      const cls = canonicalClass(a.objectClass);
      if (!cls)
        return fail(
          `"${a.objectClass}" is not an object class SyncLab knows (${AD_OBJECT_CLASSES.join(', ')}).`,
        );
      const parsed = parseDn(a.dn);
      if (!parsed.ok) return fail(`"${a.dn}" is not a DN: ${parsed.message}.`);
      const spec = forestOf(state, a.forest);
      if (!spec) return fail(`There is no forest ${a.forest}.`);
      if (!domainsOf(spec).includes(dnDomain(parsed.rdns)))
        return fail(`${a.dn} is not in a domain of ${a.forest} (${domainsOf(spec).join(', ')}).`);
      const bag = decodeAdAttributes(a.attributes);
      if (!bag.ok) return fail(bag.message);
      const r = applyChangeStep(e, {
        add: {
          forest: a.forest,
          object: { dn: a.dn.trim(), objectClass: cls, attributes: bag.bag },
        },
      });
      return r.ok ? { ok: true, state, notes: [] } : fail(r.message);
    }
    case 'object-modify': {
      const obj = findDirectoryObject(e, a.forest, a.dn);
      if (!obj) return fail(`There is no object ${a.dn} in ${a.forest}.`);
      for (const n of [...Object.keys(a.set), ...a.clear]) {
        if (SYSTEM_ATTRIBUTES.has(n.toLowerCase()))
          return fail(`${n} is set by Active Directory and cannot be changed.`);
      }
      const bag = decodeAdAttributes(a.set);
      if (!bag.ok) return fail(bag.message);
      const r = applyChangeStep(e, {
        modify: { forest: a.forest, dn: obj.dn, set: bag.bag, clear: a.clear },
      });
      return r.ok ? { ok: true, state, notes: [] } : fail(r.message);
    }
    case 'object-move': {
      const f = moveObject(state, a.forest, a.dn, a.container);
      return f ?? { ok: true, state, notes: [] };
    }
    case 'object-enable': {
      const f = enableObject(state, a.forest, a.dn, a.enabled);
      return f ?? { ok: true, state, notes: [] };
    }
    case 'object-delete': {
      const obj = findDirectoryObject(e, a.forest, a.dn);
      if (!obj) return fail(`There is no object ${a.dn} in ${a.forest}.`);
      if (hasChildren(e, a.forest, obj.dn))
        return fail(
          `${obj.dn} has child objects: delete or move them first (AD refuses to delete a non-leaf object).`,
        );
      const r = applyChangeStep(e, { delete: { forest: a.forest, dn: obj.dn } });
      return r.ok ? { ok: true, state, notes: [] } : fail(r.message);
    }
    case 'import':
    case 'generate':
      return importInto(state, a, host, options);
    case 'tenant-add': {
      const type = a.objectType.trim().toLowerCase();
      if (type !== 'user' && type !== 'group' && type !== 'contact')
        return fail(`"${a.objectType}" is not a cloud object type (user, group or contact).`);
      const bag = decodeTenantAttributes(a.attributes);
      if (!bag.ok) return fail(bag.message);
      const r = applyChangeStep(e, {
        tenant: {
          add: [{ id: nextCloudId(state), objectType: type, roles: a.roles, attributes: bag.bag }],
          modify: [],
          delete: [],
        },
      });
      return r.ok ? { ok: true, state, notes: [] } : fail(r.message);
    }
    case 'tenant-modify': {
      const bag = decodeTenantAttributes(a.set);
      if (!bag.ok) return fail(bag.message);
      const r = applyChangeStep(e, {
        tenant: {
          add: [],
          modify: [
            { id: a.id, set: bag.bag, clear: a.clear, ...(a.roles ? { roles: a.roles } : {}) },
          ],
          delete: [],
        },
      });
      return r.ok ? { ok: true, state, notes: [] } : fail(r.message);
    }
    case 'tenant-delete': {
      const obj = e.tenant.objects().find((o) => o.id === a.id);
      if (obj?.dirSyncEnabled)
        return fail(
          `${a.id} is synchronized from on-premises Active Directory: delete it there (or take it out of the sync scope).`,
        );
      const r = applyChangeStep(e, { tenant: { add: [], modify: [], delete: [a.id] } });
      return r.ok ? { ok: true, state, notes: [] } : fail(r.message);
    }
    case 'tenant-features': {
      const r = applyChangeStep(e, {
        tenant: { add: [], modify: [], delete: [], features: a.features },
      });
      return r.ok ? { ok: true, state, notes: [] } : fail(r.message);
    }
    case 'tenant-threshold': {
      if (a.threshold !== null && (!Number.isInteger(a.threshold) || a.threshold < 0))
        return fail('The deletion threshold is a whole number of objects (or disabled).');
      const r = applyChangeStep(e, {
        tenant: { add: [], modify: [], delete: [], deletionThreshold: a.threshold },
      });
      return r.ok ? { ok: true, state, notes: [] } : fail(r.message);
    }
    case 'tenant-domain':
      return changeDomain(state, a.domain, a.verified);
    case 'installation': {
      const from = state.scenario.installation;
      const to = { ...from, sourceAnchor: a.sourceAnchor, userMatching: a.userMatching };
      const old = [...e.rules.values()].filter((r) => r.immutableTag);
      const disabled = new Set([
        ...old.filter((r) => r.disabled).map((r) => r.name.toLowerCase()),
        ...state.scenario.rules.disable.map((n) => n.toLowerCase()),
      ]);
      for (const r of old) e.deleteRule(r.id);
      if (state.scenario.rules.defaults) {
        const fresh = generateDefaultRules(
          { sourceAnchor: to.sourceAnchor, userMatching: to.userMatching },
          {
            forests: state.scenario.forests.map((f) => f.name),
            entra: aadConnectorName(state.scenario.tenant.initialDomain),
          },
        );
        for (const r of fresh)
          e.putRule(disabled.has(r.name.toLowerCase()) ? { ...r, disabled: true } : r);
      }
      return {
        ok: true,
        state: { ...state, scenario: { ...state.scenario, installation: to } },
        notes: installationImpact(from, to),
      };
    }
    case 'rule-put':
      e.putRule(structuredClone(a.rule));
      return { ok: true, state, notes: [] };
    case 'rule-delete':
      if (!e.rules.has(a.id)) return fail(`There is no rule ${a.name ?? a.id}.`);
      e.deleteRule(a.id);
      return { ok: true, state, notes: [] };
    case 'connector-configure':
    case 'staging-mode':
      return applyConnectorAction(state, a, options);
    case 'preview-commit': {
      // Replayed by id: connector-space ids come from the engine's own sequence, so they are stable.
      const cs = e.cs.get(a.csId);
      if (!cs || cs.connector !== a.connector)
        return fail(`There is no connector-space object ${a.dn} in ${a.connector}.`);
      e.previewObject(a.csId, a.mode === 'full');
      return { ok: true, state, notes: [] };
    }
    case 'run': {
      const gen = scenarioStepEvents(e, a.step, {
        isCancelled: () => options.signal?.aborted ?? false,
      });
      let n = 0;
      for (;;) {
        const r = gen.next();
        if (r.done) return r.value.ok ? { ok: true, state, notes: [] } : fail(r.value.message);
        const before = n;
        n += objectsDone(r.value);
        if (Math.floor(n / 500) > Math.floor(before / 500)) {
          // Objects done so far; the total is unknown here (0), the caller may know it.
          options.onProgress?.(n, 0);
          await options.pause?.();
        }
      }
    }
  }
}

/**
 * Adds or removes a verified domain. Entra ID recalculates the UPN of synced users whose
 * on-premises suffix is that domain; the tenant is saved first, so that undo restores it.
 */
function changeDomain(state: WorkspaceState, domain: string, verified: boolean): ApplyResult {
  const e = state.engine;
  const tenant = e.tenant as Partial<Tenant>;
  if (typeof tenant.setDomainVerified !== 'function')
    return fail('This tenant does not accept administrative changes.');
  e.journal.saveSide('tenant', () => e.tenant.clone());
  const r = (e.tenant as Tenant).setDomainVerified(domain, verified);
  if (!r.ok) return fail(r.error.message);
  const n = r.recalculated.length;
  const name = domain.trim().toLowerCase();
  return {
    ok: true,
    state,
    notes: [
      verified
        ? `Users whose on-premises userPrincipalName ends in @${name} keep it in Entra ID from now on.`
        : `Synced users whose on-premises userPrincipalName ends in @${name} get <alias>@${e.tenant.initialDomain} in Entra ID.`,
      n === 0
        ? 'No synced user had its userPrincipalName recalculated.'
        : `Entra ID recalculated the userPrincipalName of ${n.toLocaleString('en-US')} synced user${n === 1 ? '' : 's'}; the next import from Entra ID reads the change.`,
    ],
  };
}

/** A cloud object id that is stable on replay: the tenant's own ids come from its seeded generator. */
function nextCloudId(state: WorkspaceState): string {
  const taken = new Set(state.engine.tenant.objects().map((o) => o.id));
  let i = taken.size + 1;
  while (taken.has(`cloud-${i}`)) i++;
  return `cloud-${i}`;
}

async function importInto(
  state: WorkspaceState,
  a: Extract<WorkspaceAction, { kind: 'import' | 'generate' }>,
  host: WorkspaceHost,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const e = state.engine;
  const isNew = a.newForestNetbios !== undefined;
  let target: ForestSpec;
  if (isNew) {
    const problem = checkNewForest(state, a.forest, a.newForestNetbios ?? '');
    if (problem) return fail(problem);
    target = {
      name: a.forest.toLowerCase(),
      netbios: (a.newForestNetbios ?? '').toUpperCase(),
      objects: [],
    };
  } else {
    const h = forestOf(state, a.forest);
    if (!h) return fail(`There is no forest ${a.forest}.`);
    target = forestSpecOf(e, h);
  }
  let objects: ForestObject[];
  if (a.kind === 'import') {
    const parsed: ImportResult =
      a.format === 'ldif'
        ? parseLdif(a.text, { forest: target })
        : parseCsv(a.text, { forest: target });
    if (!parsed.ok) return fail(...importMessages(a.fileName, parsed.errors));
    if (parsed.objects.length === 0) return fail(`${a.fileName} holds no objects.`);
    objects = parsed.objects;
  } else {
    const peers = state.scenario.forests
      .filter((f) => f.name !== target.name)
      .map((f) => forestSpecOf(e, f));
    let generated;
    try {
      generated = await generateForestAsync(
        {
          seed: a.seed,
          name: target.name,
          netbios: target.netbios,
          users: a.users,
          groups: a.groups,
          contacts: a.contacts,
          duplicateShare: a.duplicateShare,
          peers,
          ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        },
        options.signal,
      );
    } catch (err) {
      return fail(err instanceof Error ? err.message : String(err));
    }
    if (!generated.ok) return ABORTED;
    objects = generated.value.objects;
    if (!isNew) {
      const existing = e.forestDnIndex(target.name);
      const clash = objects.find((o) => existing?.has(o.dn.toLowerCase()));
      if (clash)
        return fail(
          `${clash.dn} already exists in ${target.name}: generate with another seed or into a new forest.`,
        );
    }
  }
  if (isNew) {
    if (options.signal?.aborted) return ABORTED;
    const next = addForest(state, host, { ...target, objects });
    return { ok: true, state: next, notes: forestAddedNotes(next, target.name, objects.length) };
  }
  const f = await addObjects(state, target.name, objects, options);
  if (f) return f;
  return {
    ok: true,
    state,
    notes: [
      `${objects.length.toLocaleString('en-US')} objects added to ${target.name}; the next delta import sees them.`,
    ],
  };
}

/**
 * Opens a scenario (synchronously: nothing in it waits). Nothing changes when the file has errors;
 * each message names the JSON path and the line and column.
 *
 * @example
 * openScenarioAction({ kind: 'open-scenario', text, fileName: 'lab.json' }, host)
 */
export function openScenarioAction(
  a: Extract<WorkspaceAction, { kind: 'open-scenario' }>,
  host: WorkspaceHost,
): ApplyResult {
  const parsed = parseScenario(a.text, a.fileName);
  if (!parsed.ok) return fail(...parsed.errors.map((e) => formatScenarioError(e, a.fileName)));
  const engine = host.load(parsed.scenario);
  return {
    ok: true,
    state: {
      scenario: { ...parsed.scenario, forests: parsed.scenario.forests.map(header) },
      engine,
      fileName: a.fileName,
      ...(a.builtInId ? { builtInId: a.builtInId } : {}),
    },
    notes: [],
  };
}

/**
 * Applies one action. On failure or cancellation the workspace is as it was before.
 *
 * @example
 * const r = await applyWorkspaceAction(state, { kind: 'object-enable', forest: 'contoso.com', dn, enabled: false }, host);
 * if (!r.ok) console.log(r.messages);
 */
export async function applyWorkspaceAction(
  state: WorkspaceState | undefined,
  a: WorkspaceAction,
  host: WorkspaceHost,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (a.kind === 'open-scenario') return openScenarioAction(a, host);
  if (!state) return fail('Open a scenario first.');
  if (a.kind === 'forest-add') {
    const problem = checkNewForest(state, a.name, a.netbios);
    if (problem) return fail(problem);
    const name = a.name.toLowerCase();
    const next = addForest(state, host, { name, netbios: a.netbios.toUpperCase(), objects: [] });
    return { ok: true, state: next, notes: forestAddedNotes(next, name, 0) };
  }
  const journal = state.engine.journal;
  const mark = journal.mark(describeAction(a));
  let result: ApplyResult;
  try {
    result = await applyInPlace(state, a, host, options);
  } catch (err) {
    result = fail(err instanceof Error ? err.message : String(err));
  }
  if (!result.ok) {
    // Roll back whatever part of the action was applied (a chunked import stopped half-way).
    const side = journal.restore(mark, false);
    const tenant = side?.get('tenant');
    if (tenant) state.engine.tenant = tenant as SyncEngine['tenant'];
  }
  return result;
}

/**
 * Rebuilds a workspace from its document: the last opened scenario, then every applied action.
 * Stops at the first action that fails, naming it.
 *
 * @example
 * const r = await replayWorkspace(doc, { load: (s) => createEngine(s) });
 */
export async function replayWorkspace(
  doc: WorkspaceDoc,
  host: WorkspaceHost,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  let state: WorkspaceState | undefined;
  const notes: string[] = [];
  const last = Math.min(doc.cursor, doc.actions.length);
  for (let i = replayStart(doc); i < last; i++) {
    const a = doc.actions[i] as WorkspaceAction;
    const r = await applyWorkspaceAction(state, a, host, { ...options, onProgress: undefined });
    if (!r.ok) {
      if (r.aborted) return r;
      return fail(`Action ${i + 1} (${describeAction(a)}) failed:`, ...r.messages);
    }
    state = r.state;
    notes.push(...r.notes);
    options.onProgress?.(i + 1, last);
  }
  if (!state) return fail('The workspace opens no scenario.');
  return { ok: true, state, notes };
}

/** The features the tenant lets the user switch off again (asked of a copy of the tenant). */
export function reversibleFeatures(state: WorkspaceState): (keyof TenantFeatures)[] {
  const t = state.engine.tenant as unknown as {
    clone(): { setFeatures?(c: Partial<TenantFeatures>): { ok: boolean } };
    features: TenantFeatures;
  };
  const keys = Object.keys(t.features) as (keyof TenantFeatures)[];
  return keys.filter((k) => {
    const copy = t.clone();
    if (typeof copy.setFeatures !== 'function') return false;
    if (!copy.setFeatures({ [k]: true }).ok) return false;
    return copy.setFeatures({ [k]: false }).ok;
  });
}
