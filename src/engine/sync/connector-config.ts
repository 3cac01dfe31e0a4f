/**
 * AD connector configuration (spec §1.1, §1.3, §1.4): domain and OU filtering, group-based
 * filtering, the attribute inclusion list and the selected object types, applied at import as the
 * connector does; and staging mode (spec §1.8), which lets imports and synchronizations run but no
 * scheduled export.
 *
 * The configuration is engine state kept in a journaled map beside the engine (one per engine), so
 * that snapshots, rewind and undo restore it with everything else.
 */
import { z } from 'zod';
import { Ref, type AttributeBag, type Scalar } from '../expr/values.ts';
import { dnKey } from '../io/dn.ts';
import type { SyncEngine } from './engine.ts';
import { JMap } from './journal.ts';
import type { DirectoryObject } from './model.ts';

/** Included and excluded containers (OU or domain DNs); the most specific one decides. */
export interface ContainerFilter {
  /** Empty: every domain of the forest is included. */
  include: string[];
  exclude: string[];
}

/** One AD connector's configuration; an absent field means the wizard's default (everything). */
export interface ConnectorConfiguration {
  containers?: ContainerFilter;
  /** Group-based filtering: only direct members of this group (DN) are in scope. */
  groupFilter?: string | null;
  /** Attribute inclusion list per object class; `null` or an absent class: every attribute. */
  attributes?: Record<string, string[]> | null;
  /** Selected object types (object classes); absent: every type. */
  objectTypes?: string[];
}

/** The scenario file's `"connector"` entry of a forest (every field optional, unknown ones rejected). */
export const connectorConfigurationSchema = z.strictObject({
  containers: z
    .strictObject({
      include: z.array(z.string()).default([]),
      exclude: z.array(z.string()).default([]),
    })
    .optional(),
  groupFilter: z.string().nullable().optional(),
  attributes: z.record(z.string(), z.array(z.string())).nullable().optional(),
  objectTypes: z.array(z.string()).optional(),
});

/** Containers the connector always selects: they carry the hierarchy (the wizard greys them out). */
const HIERARCHY_CLASSES = new Set(['domaindns', 'organizationalunit', 'container']);

/** The anchor and the object's identity are always imported, whatever the inclusion list says. */
const ALWAYS_IMPORTED = new Set(['objectguid']);

/**
 * True when `dn` is in scope of a container filter: the most specific included or excluded
 * container above it (or equal to it) decides; with no include list every domain is included.
 *
 * @example
 * inContainers('CN=Ann,OU=Sales,DC=contoso,DC=com', { include: ['DC=contoso,DC=com'], exclude: ['OU=Sales,DC=contoso,DC=com'] }) // false
 */
export function inContainers(dn: string, filter: ContainerFilter | undefined): boolean {
  if (!filter) return true;
  const key = dnKey(dn) ?? dn.toLowerCase();
  let best = -1;
  let included = filter.include.length === 0;
  const consider = (containers: readonly string[], verdict: boolean) => {
    for (const c of containers) {
      const ck = dnKey(c) ?? c.toLowerCase();
      if ((key === ck || key.endsWith(',' + ck)) && ck.length > best) {
        best = ck.length;
        included = verdict;
      }
    }
  };
  consider(filter.include, true);
  consider(filter.exclude, false);
  return included;
}

/** Direct members of a group (DN keys); nested groups are not expanded, as the wizard warns. */
function memberKeys(group: DirectoryObject | undefined): Set<string> {
  const out = new Set<string>();
  const m = group?.attributes.member;
  const values: readonly Scalar[] = m === undefined ? [] : Array.isArray(m) ? m : [m as Scalar];
  for (const v of values) {
    const dn = v instanceof Ref ? v.dn : typeof v === 'string' ? v : undefined;
    if (dn !== undefined) out.add(dnKey(dn) ?? dn.toLowerCase());
  }
  return out;
}

/** What an import of one connector lets in, given its configuration. */
export interface ImportScope {
  inScope(o: DirectoryObject): boolean;
  /** The attributes the inclusion list lets in. */
  attributes(o: DirectoryObject): AttributeBag;
  /**
   * A delta import must look at every object: the filter group's membership changed since the
   * watermark, and members' own update sequence numbers did not move.
   */
  rescanAll: boolean;
}

/**
 * The import scope of a configuration. `findObject` resolves the filter group's DN in the forest.
 *
 * @example
 * const scope = importScopeOf({ objectTypes: ['user'] }, () => undefined, -1);
 * scope.inScope(groupObject) // false
 */
export function importScopeOf(
  config: ConnectorConfiguration,
  findObject: (dn: string) => DirectoryObject | undefined,
  watermark: number,
): ImportScope {
  const types = config.objectTypes ? new Set(config.objectTypes.map((t) => t.toLowerCase())) : null;
  const group = config.groupFilter ? findObject(config.groupFilter) : undefined;
  const members = config.groupFilter ? memberKeys(group) : null;
  const lists = new Map<string, Set<string>>();
  for (const [cls, names] of Object.entries(config.attributes ?? {}))
    lists.set(cls.toLowerCase(), new Set(names.map((n) => n.toLowerCase())));
  return {
    rescanAll: group !== undefined && group.usn > watermark,
    inScope(o) {
      const cls = o.objectClass.toLowerCase();
      if (types && !types.has(cls) && !HIERARCHY_CLASSES.has(cls)) return false;
      if (!inContainers(o.dn, config.containers)) return false;
      if (members && !members.has(dnKey(o.dn) ?? o.dn.toLowerCase())) return false;
      return true;
    },
    attributes(o) {
      const list = lists.get(o.objectClass.toLowerCase());
      if (!list) return o.attributes;
      const out: AttributeBag = {};
      for (const k in o.attributes) {
        const lower = k.toLowerCase();
        if (list.has(lower) || ALWAYS_IMPORTED.has(lower)) {
          const v = o.attributes[k];
          if (v !== undefined) out[k] = v;
        }
      }
      return out;
    },
  };
}

// ------------------------------------------------------------------------------ engine state

interface ConfigRecord {
  config: ConnectorConfiguration;
  /** Run index after which a Full Import of the connector clears "Full Import required". */
  changedAfterRun?: number;
}

const STAGING = '\u0000staging';

interface State {
  configs: JMap<string, ConfigRecord>;
  flags: JMap<string, boolean>;
}

const states = new WeakMap<SyncEngine, State>();

function stateOf(e: SyncEngine): State {
  let s = states.get(e);
  if (!s) {
    s = { configs: new JMap(e.journal), flags: new JMap(e.journal) };
    states.set(e, s);
  }
  return s;
}

function lastRunIndex(e: SyncEngine): number {
  return e.runs.size;
}

/**
 * The configuration of an AD connector (`{}` when it has none: everything in scope).
 *
 * @example
 * connectorConfiguration(engine, 'contoso.com').containers?.include // ['OU=Users,DC=contoso,DC=com']
 */
export function connectorConfiguration(e: SyncEngine, connector: string): ConnectorConfiguration {
  return stateOf(e).configs.get(connector.toLowerCase())?.config ?? {};
}

/** Sets the configuration a scenario starts with (no "Full Import required": nothing was imported). */
export function initConnectorConfiguration(
  e: SyncEngine,
  connector: string,
  config: ConnectorConfiguration,
): void {
  stateOf(e).configs.set(connector.toLowerCase(), { config: structuredClone(config) });
}

export type ConfigureResult =
  { ok: true; fullImportRequired: boolean } | { ok: false; message: string };

/**
 * Changes an AD connector's configuration (the fields given replace the current ones; `null`
 * resets a field to "everything"). As in the product, any change marks "Full Import required":
 * a delta import only reads objects that changed, so it cannot see what the filter let in or out.
 *
 * @example
 * configureConnector(engine, 'contoso.com', { containers: { include: ['DC=contoso,DC=com'], exclude: ['OU=Sales,DC=contoso,DC=com'] } })
 */
export function configureConnector(
  e: SyncEngine,
  connector: string,
  change: { [K in keyof ConnectorConfiguration]?: ConnectorConfiguration[K] | null },
): ConfigureResult {
  const info =
    e.connector(connector) ??
    e.connectors.find((c) => c.name.toLowerCase() === connector.toLowerCase());
  if (!info) return { ok: false, message: `There is no connector ${connector}.` };
  if (info.kind !== 'AD')
    return { ok: false, message: `${info.name} is not an Active Directory connector.` };
  const current = connectorConfiguration(e, info.name);
  const next: ConnectorConfiguration = { ...current };
  for (const key of Object.keys(change) as (keyof ConnectorConfiguration)[]) {
    const v = change[key];
    if (v === undefined) continue;
    if (v === null && key !== 'groupFilter' && key !== 'attributes') delete next[key];
    else (next as Record<string, unknown>)[key] = structuredClone(v);
  }
  if (next.groupFilter === null) delete next.groupFilter;
  if (next.attributes === null) delete next.attributes;
  const changed = JSON.stringify(canonical(next)) !== JSON.stringify(canonical(current));
  const prev = stateOf(e).configs.get(info.name.toLowerCase());
  stateOf(e).configs.set(info.name.toLowerCase(), {
    config: next,
    ...(changed
      ? { changedAfterRun: lastRunIndex(e) }
      : prev?.changedAfterRun !== undefined
        ? { changedAfterRun: prev.changedAfterRun }
        : {}),
  });
  return { ok: true, fullImportRequired: fullImportRequiredByConfiguration(e, info.name) };
}

function canonical(c: ConnectorConfiguration): unknown {
  return {
    containers: c.containers
      ? { include: [...c.containers.include].sort(), exclude: [...c.containers.exclude].sort() }
      : null,
    groupFilter: c.groupFilter ?? null,
    attributes: c.attributes
      ? Object.fromEntries(
          Object.entries(c.attributes)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, [...v].sort()]),
        )
      : null,
    objectTypes: c.objectTypes ? [...c.objectTypes].sort() : null,
  };
}

/**
 * True when the connector's configuration changed after its last Full Import.
 *
 * @example
 * fullImportRequiredByConfiguration(engine, 'contoso.com') // true after configureConnector, until a Full Import
 */
export function fullImportRequiredByConfiguration(e: SyncEngine, connector: string): boolean {
  const at = stateOf(e).configs.get(connector.toLowerCase())?.changedAfterRun;
  if (at === undefined) return false;
  for (const r of e.runs.values()) {
    if (
      r.index > at &&
      r.profile === 'Full Import' &&
      r.connector.toLowerCase() === connector.toLowerCase()
    )
      return false;
  }
  return true;
}

/**
 * The import scope of an AD connector, or `undefined` when it imports everything. Import calls it.
 */
export function importScope(
  e: SyncEngine,
  connector: string,
  forest: string,
  watermark: number,
): ImportScope | undefined {
  const config = stateOf(e).configs.get(connector.toLowerCase())?.config;
  if (!config || Object.keys(config).length === 0) return undefined;
  const store = e.forests.get(forest);
  return importScopeOf(
    config,
    (dn) => {
      const guid = e.forestDnIndex(forest)?.get(dn.toLowerCase());
      return guid ? store?.get(guid) : undefined;
    },
    watermark,
  );
}

/** Whether the server is in staging mode: imports and synchronizations run, scheduled exports do not. */
export function stagingMode(e: SyncEngine): boolean {
  return stateOf(e).flags.get(STAGING) ?? false;
}

/** Turns staging mode on or off (journaled, so undo and rewind restore it). */
export function setStagingMode(e: SyncEngine, on: boolean): void {
  stateOf(e).flags.set(STAGING, on);
}

/**
 * A forest entry of a scenario with the connector's current configuration (for saving a workspace
 * as a scenario file, and for rebuilding the engine when a forest is added).
 *
 * @example
 * withConnectorConfiguration(engine, { name: 'contoso.com', netbios: 'CONTOSO', objects: [] }).connector
 */
export function withConnectorConfiguration<
  T extends { name: string; connector?: ConnectorConfiguration },
>(e: SyncEngine, forest: T): T {
  const config = connectorConfiguration(e, forest.name);
  const rest = { ...forest };
  delete rest.connector;
  return Object.keys(config).length > 0 ? { ...rest, connector: structuredClone(config) } : rest;
}
