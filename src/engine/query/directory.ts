/**
 * The simulated AD forests as "Active Directory Users and Computers" shows them: forests with their
 * domains and counts, a tree of containers, a paged list of objects and one object's attributes as
 * text (GUIDs and SIDs readable). Paging and filtering happen here, so that a screen on 100,000
 * objects only ever receives one page.
 */
import { DateTime, Ref, type Scalar, type Value } from '../expr/values.ts';
import { lookupAttribute, AD_ATTRIBUTES, type ValueKind } from '../io/attribute-syntax.ts';
import { bytesToBase64, bytesToGuid, bytesToSid } from '../io/binary.ts';
import { domainToDn } from '../io/dn.ts';
import { dateTimeToIso } from '../io/json-values.ts';
import type { ForestObject, ForestSpec } from '../io/scenario.ts';
import type { SyncEngine } from '../sync/engine.ts';
import type { DirectoryObject } from '../sync/model.ts';

/** userAccountControl's ACCOUNTDISABLE flag. */
export const UF_ACCOUNTDISABLE = 0x2;

/** Classes that hold other objects in the tree. */
const CONTAINER_CLASSES = new Set([
  'organizationalunit',
  'container',
  'domaindns',
  'builtindomain',
]);

/** Attributes AD sets itself and never lets an administrator write. */
export const SYSTEM_ATTRIBUTES: ReadonlySet<string> = new Set(
  ['objectGUID', 'objectSid', 'whenCreated', 'whenChanged', 'uSNChanged', 'uSNCreated'].map((a) =>
    a.toLowerCase(),
  ),
);

/** Index of the first unescaped comma in a DN, or -1. */
function firstSeparator(dn: string): number {
  for (let i = 0; i < dn.length; i++) {
    const c = dn.charAt(i);
    if (c === '\\') i++;
    else if (c === ',') return i;
  }
  return -1;
}

/**
 * The DN of the container that holds `dn`; `''` for a domain's root.
 *
 * @example
 * parentDn('CN=Smith\\, Ann,OU=Users,DC=contoso,DC=com') // 'OU=Users,DC=contoso,DC=com'
 */
export function parentDn(dn: string): string {
  // A domain's naming context is a root of the tree, even a child domain's.
  if (/^\s*DC=/i.test(dn)) return '';
  const i = firstSeparator(dn);
  return i < 0 ? '' : dn.slice(i + 1).trim();
}

/**
 * The first RDN of a DN, as written (`CN=Ann`).
 *
 * @example
 * rdnOf('CN=Ann,OU=Users,DC=contoso,DC=com') // 'CN=Ann'
 */
export function rdnOf(dn: string): string {
  const i = firstSeparator(dn);
  return (i < 0 ? dn : dn.slice(0, i)).trim();
}

/** The RDN's value, unescaped, for lists. */
export function rdnValue(dn: string): string {
  const rdn = rdnOf(dn);
  const eq = rdn.indexOf('=');
  return rdn.slice(eq + 1).replace(/\\(.)/g, '$1');
}

function key(dn: string): string {
  return dn.toLowerCase().replace(/\s*,\s*/g, ',');
}

// ------------------------------------------------------------------------------ forests

export interface DomainSummary {
  name: string;
  netbios: string;
  dn: string;
}

export interface ForestSummary {
  name: string;
  netbios: string;
  domains: DomainSummary[];
  /** Objects per structural class, e.g. `{ user: 120, group: 14 }`. */
  counts: Record<string, number>;
  total: number;
}

/** The forests' header data: the scenario's forest list, with counts from the directory. */
export interface ForestHeader {
  name: string;
  netbios: string;
  domains?: { name: string; netbios: string }[];
}

/**
 * Each forest with its domains (the root domain first) and its objects counted per class.
 *
 * @example
 * forestSummaries(engine, scenario.forests)[0] // { name: 'contoso.com', netbios: 'CONTOSO', domains: [...], counts: { user: 3 }, total: 3 }
 */
export function forestSummaries(
  engine: SyncEngine,
  headers: readonly ForestHeader[],
): ForestSummary[] {
  return headers.map((h) => {
    const counts: Record<string, number> = {};
    let total = 0;
    for (const o of engine.forests.get(h.name)?.values() ?? []) {
      counts[o.objectClass] = (counts[o.objectClass] ?? 0) + 1;
      total++;
    }
    const domains = [{ name: h.name, netbios: h.netbios }, ...(h.domains ?? [])].map((d) => ({
      name: d.name,
      netbios: d.netbios,
      dn: domainToDn(d.name),
    }));
    return { name: h.name, netbios: h.netbios, domains, counts, total };
  });
}

// ------------------------------------------------------------------------------ tree

export interface ContainerNode {
  dn: string;
  name: string;
  objectClass: string;
  /** Objects directly below (containers included). */
  childCount: number;
  children: ContainerNode[];
}

/**
 * The forest's container tree: each domain's root, its OUs and containers, and the containers that
 * objects name as parents even when the file did not list them (as `CN=Users`).
 *
 * @example
 * containerTree(engine, header)[0]?.children.map((c) => c.name) // ['Sales', 'Users']
 */
export function containerTree(engine: SyncEngine, header: ForestHeader): ContainerNode[] {
  const nodes = new Map<string, ContainerNode>();
  const roots: ContainerNode[] = [];
  const domainDns = [header.name, ...(header.domains ?? []).map((d) => d.name)].map(domainToDn);
  const rootKeys = new Set(domainDns.map(key));
  const ensure = (dn: string, objectClass: string): ContainerNode => {
    const k = key(dn);
    let n = nodes.get(k);
    if (n) {
      if (objectClass !== 'container' || n.objectClass === '') n.objectClass = objectClass;
      return n;
    }
    n = {
      dn,
      name: rootKeys.has(k) ? dn.replace(/DC=/gi, '').replace(/,/g, '.') : rdnValue(dn),
      objectClass,
      childCount: 0,
      children: [],
    };
    nodes.set(k, n);
    const parent = rootKeys.has(k) ? '' : parentDn(dn);
    if (parent === '') roots.push(n);
    else ensure(parent, 'container').children.push(n);
    return n;
  };
  for (const dn of domainDns) ensure(dn, 'domainDNS');
  for (const o of engine.forests.get(header.name)?.values() ?? []) {
    if (CONTAINER_CLASSES.has(o.objectClass.toLowerCase())) ensure(o.dn, o.objectClass);
    const parent = parentDn(o.dn);
    if (parent !== '') ensure(parent, 'container').childCount++;
  }
  const sort = (list: ContainerNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

// ------------------------------------------------------------------------------ list

export interface DirectoryListRequest {
  forest: string;
  /** Only objects below this container (its DN). */
  container?: string;
  /** With a container: the whole subtree rather than its direct children. */
  subtree?: boolean;
  /** Case-insensitive text found in the name, sAMAccountName, mail or userPrincipalName. */
  text?: string;
  objectClass?: string;
  sort?: { field: 'name' | 'objectClass' | 'dn'; descending?: boolean };
  offset?: number;
  limit?: number;
}

export interface DirectoryRow {
  dn: string;
  name: string;
  objectClass: string;
  /** For users: not disabled by userAccountControl. */
  enabled?: boolean;
  sAMAccountName?: string;
  mail?: string;
}

export interface DirectoryList {
  total: number;
  offset: number;
  rows: DirectoryRow[];
}

function firstText(v: Value | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s : undefined;
}

/**
 * Whether a user or computer is enabled (`userAccountControl` without ACCOUNTDISABLE); undefined
 * for objects that have no userAccountControl.
 */
export function isEnabled(o: Pick<DirectoryObject, 'attributes'>): boolean | undefined {
  const uac = o.attributes.userAccountControl;
  if (typeof uac === 'number') return (uac & UF_ACCOUNTDISABLE) === 0;
  if (typeof uac === 'bigint') return (uac & BigInt(UF_ACCOUNTDISABLE)) === 0n;
  return undefined;
}

function rowOf(o: DirectoryObject): DirectoryRow {
  const enabled = isEnabled(o);
  const sam = firstText(o.attributes.sAMAccountName);
  const mail = firstText(o.attributes.mail);
  return {
    dn: o.dn,
    name: rdnValue(o.dn),
    objectClass: o.objectClass,
    ...(enabled !== undefined ? { enabled } : {}),
    ...(sam !== undefined ? { sAMAccountName: sam } : {}),
    ...(mail !== undefined ? { mail } : {}),
  };
}

/**
 * One page of a forest's objects, filtered and sorted.
 *
 * @example
 * listDirectory(engine, { forest: 'contoso.com', container: 'OU=Users,DC=contoso,DC=com', limit: 50 })
 */
export function listDirectory(engine: SyncEngine, req: DirectoryListRequest): DirectoryList {
  const store = engine.forests.get(req.forest);
  const offset = Math.max(0, req.offset ?? 0);
  const limit = Math.max(1, Math.min(req.limit ?? 100, 1000));
  if (!store) return { total: 0, offset, rows: [] };
  const container = req.container ? key(req.container) : undefined;
  const text = req.text?.trim().toLowerCase() ?? '';
  const cls = req.objectClass?.toLowerCase();
  const hits: DirectoryObject[] = [];
  for (const o of store.values()) {
    if (cls && o.objectClass.toLowerCase() !== cls) continue;
    if (container !== undefined) {
      if (req.subtree) {
        const k = key(o.dn);
        if (k === container || !k.endsWith(',' + container)) continue;
      } else if (key(parentDn(o.dn)) !== container) continue;
    }
    if (text !== '') {
      const a = o.attributes;
      const found = [
        rdnValue(o.dn),
        firstText(a.sAMAccountName),
        firstText(a.mail),
        firstText(a.userPrincipalName),
      ].some((s) => s?.toLowerCase().includes(text));
      if (!found) continue;
    }
    hits.push(o);
  }
  const field = req.sort?.field ?? 'name';
  const get = (o: DirectoryObject) =>
    field === 'name' ? rdnValue(o.dn) : field === 'dn' ? o.dn : o.objectClass;
  hits.sort((a, b) => get(a).localeCompare(get(b)) || a.dn.localeCompare(b.dn));
  if (req.sort?.descending) hits.reverse();
  return { total: hits.length, offset, rows: hits.slice(offset, offset + limit).map(rowOf) };
}

// ------------------------------------------------------------------------------ one object

export interface AttributeView {
  name: string;
  /** Each value as text: GUIDs and SIDs in their string forms, DNs, ISO dates, base64 bytes. */
  values: string[];
  kind: ValueKind | 'unknown';
  multiValued: boolean;
  /** Set by AD itself. */
  readOnly: boolean;
}

export interface DirectoryObjectView {
  forest: string;
  dn: string;
  objectClass: string;
  enabled?: boolean;
  attributes: AttributeView[];
}

/**
 * Each value of an attribute as text, by the attribute's kind (GUID and SID strings, DNs, ISO
 * dates, base64 for other bytes).
 *
 * @example
 * valueTexts([1, 2], 'integer') // ['1', '2']
 */
export function valueTexts(value: Value, kind: ValueKind | 'unknown'): string[] {
  const list = Array.isArray(value) ? (value as readonly Scalar[]) : [value as Scalar];
  return list.map((s) => scalarText(s, kind));
}

function scalarText(s: Scalar, kind: ValueKind | 'unknown'): string {
  if (s instanceof Uint8Array) {
    if (kind === 'guid') return bytesToGuid(s) ?? bytesToBase64(s);
    if (kind === 'sid') return bytesToSid(s) ?? bytesToBase64(s);
    return bytesToBase64(s);
  }
  if (s instanceof Ref) return s.dn;
  if (s instanceof DateTime) return dateTimeToIso(s);
  return String(s);
}

/**
 * One attribute's values as text, in the forms the importers and the object editor read back.
 *
 * @example
 * attributeTexts('objectGUID', guidBytes) // ['5b973110-6382-4a80-bbf8-6bb21c1bb741']
 */
export function attributeTexts(name: string, value: Value): AttributeView {
  const known = lookupAttribute(AD_ATTRIBUTES, name);
  const kind = known?.syntax.kind ?? 'unknown';
  return {
    name: known?.name ?? name,
    values: valueTexts(value, kind),
    kind,
    multiValued: known?.syntax.multiValued ?? Array.isArray(value),
    readOnly: SYSTEM_ATTRIBUTES.has(name.toLowerCase()),
  };
}

/** Finds an object by DN (case-insensitive). */
export function findDirectoryObject(
  engine: SyncEngine,
  forest: string,
  dn: string,
): DirectoryObject | undefined {
  const guid = engine.forestDnIndex(forest)?.get(dn.toLowerCase());
  return guid ? engine.forests.get(forest)?.get(guid) : undefined;
}

/**
 * An object's attributes as text, sorted by name.
 *
 * @example
 * directoryObjectView(engine, 'contoso.com', 'CN=Ann,OU=Users,DC=contoso,DC=com')?.attributes
 */
export function directoryObjectView(
  engine: SyncEngine,
  forest: string,
  dn: string,
): DirectoryObjectView | undefined {
  const o = findDirectoryObject(engine, forest, dn);
  if (!o) return undefined;
  const enabled = isEnabled(o);
  const attributes = Object.keys(o.attributes)
    .filter((n) => o.attributes[n] !== undefined)
    .sort((a, b) => a.localeCompare(b))
    .map((n) => attributeTexts(n, o.attributes[n] as Value));
  return {
    forest,
    dn: o.dn,
    objectClass: o.objectClass,
    ...(enabled !== undefined ? { enabled } : {}),
    attributes,
  };
}

/**
 * The forest as a scenario's forest: its current objects, in DN order, for saving, for the
 * importers' duplicate checks and as the peers of a generated forest.
 */
export function forestSpecOf(engine: SyncEngine, header: ForestHeader): ForestSpec {
  const objects: ForestObject[] = [...(engine.forests.get(header.name)?.values() ?? [])]
    .sort((a, b) => a.usn - b.usn || a.dn.localeCompare(b.dn))
    .map((o) => ({ dn: o.dn, objectClass: o.objectClass, attributes: { ...o.attributes } }));
  return {
    name: header.name,
    netbios: header.netbios,
    ...(header.domains ? { domains: header.domains.map((d) => ({ ...d })) } : {}),
    objects,
  };
}
