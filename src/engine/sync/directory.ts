/**
 * The simulated AD forests behind the AD connectors: what a scenario step or an export changes.
 * Every change gets a new update sequence number, so that delta import sees it.
 *
 * AD keeps linked attributes consistent: deleting an object removes its DN from every `member`,
 * `manager` ... of the forest, and moving one changes its DN in them. Those objects get a new USN
 * too: AD's DirSync hands out a link-value change with the object that holds it.
 */
import { Ref, type AttributeBag, type Scalar, type Value } from '../expr/values.ts';
import { bytesToHex } from '../io/binary.ts';
import type { SyncEngine } from './engine.ts';
import { guidBytes, nameGuid } from './ids.ts';
import type { DirectoryObject } from './model.ts';

export type DirectoryResult = { ok: true } | { ok: false; message: string };

function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A directory object for a forest: the anchor is objectGUID; an object without one gets a GUID
 * derived from its forest and DN (deterministic, as AD would have assigned one).
 */
export function toDirectoryObject(
  forest: string,
  input: { dn: string; objectClass: string; attributes: AttributeBag },
  usn: number,
): DirectoryObject {
  let guid = input.attributes.objectGUID;
  let attributes = input.attributes;
  if (!(guid instanceof Uint8Array)) {
    guid = guidBytes(
      hashText(forest.toLowerCase() + '|' + input.dn.toLowerCase()),
      hashText(nameGuid(input.dn)),
    );
    attributes = { ...attributes, objectGUID: guid };
  }
  return { guid: bytesToHex(guid), dn: input.dn, objectClass: input.objectClass, attributes, usn };
}

function store(e: SyncEngine, forest: string) {
  return e.forests.get(forest);
}

/** Adds an object to a forest (a scenario `add` step). */
export function addDirectoryObject(
  e: SyncEngine,
  forest: string,
  input: { dn: string; objectClass: string; attributes: AttributeBag },
): DirectoryResult {
  const s = store(e, forest);
  if (!s) return { ok: false, message: `unknown forest '${forest}'` };
  if (e.forestDnIndex(forest)?.has(input.dn.toLowerCase())) {
    return { ok: false, message: `an object named '${input.dn}' already exists in ${forest}` };
  }
  const obj = toDirectoryObject(forest, input, e.nextSeq('usn:' + forest));
  if (s.has(obj.guid)) return { ok: false, message: `objectGUID already used in ${forest}` };
  s.set(obj.guid, obj);
  return { ok: true };
}

/** Sets and clears attributes of a forest object (a scenario `modify` step). */
export function modifyDirectoryObject(
  e: SyncEngine,
  forest: string,
  dn: string,
  set: AttributeBag,
  clear: readonly string[] = [],
): DirectoryResult {
  const s = store(e, forest);
  const guid = e.forestDnIndex(forest)?.get(dn.toLowerCase());
  const obj = guid ? s?.get(guid) : undefined;
  if (!s || !obj || !guid) return { ok: false, message: `no object '${dn}' in ${forest}` };
  const attributes: Record<string, Value> = { ...obj.attributes, ...set };
  for (const a of clear ?? []) delete attributes[a];
  s.set(guid, { ...obj, attributes, usn: e.nextSeq('usn:' + forest) });
  return { ok: true };
}

/**
 * Deletes a forest object (a scenario `delete` step); delta import sees the tombstone, and the
 * groups (and reports) that lose it as a `member` (`manager`) as updates.
 */
export function deleteDirectoryObject(e: SyncEngine, forest: string, dn: string): DirectoryResult {
  const s = store(e, forest);
  const guid = e.forestDnIndex(forest)?.get(dn.toLowerCase());
  const obj = guid ? s?.get(guid) : undefined;
  if (!s || !obj || !guid) return { ok: false, message: `no object '${dn}' in ${forest}` };
  s.delete(guid);
  e.tombstones.get(forest)?.set(guid, { dn: obj.dn, usn: e.nextSeq('usn:' + forest) });
  relink(e, forest, new Map([[linkKey(obj.dn), null]]));
  return { ok: true };
}

/**
 * Moves (or renames) a forest object to `newDn`, with everything below it; every moved object and
 * every object whose reference values named one of them gets a new USN.
 *
 * @example
 * moveDirectoryObject(engine, 'contoso.com', 'CN=Ann,OU=Users,DC=contoso,DC=com', 'CN=Ann,OU=Sales,DC=contoso,DC=com')
 */
export function moveDirectoryObject(
  e: SyncEngine,
  forest: string,
  dn: string,
  newDn: string,
): DirectoryResult {
  const s = store(e, forest);
  const index = e.forestDnIndex(forest);
  const guid = index?.get(dn.toLowerCase());
  const obj = guid ? s?.get(guid) : undefined;
  if (!s || !obj || !guid) return { ok: false, message: `no object '${dn}' in ${forest}` };
  const oldKey = obj.dn.toLowerCase();
  const newKey = newDn.toLowerCase();
  if (newKey === oldKey) return { ok: true };
  if (newKey.endsWith(',' + oldKey))
    return { ok: false, message: `'${obj.dn}' cannot be moved below itself` };
  if (index?.has(newKey))
    return { ok: false, message: `an object named '${newDn}' already exists in ${forest}` };
  // The DN index's keys are lower-case already: no DN of the forest is lowercased here.
  const moved: DirectoryObject[] = [];
  for (const [k, g] of index ?? []) {
    const o = k === oldKey || k.endsWith(',' + oldKey) ? s.get(g) : undefined;
    if (o) moved.push(o);
  }
  const renamed = new Map<string, string>();
  for (const o of moved) {
    const to = o.dn.slice(0, o.dn.length - obj.dn.length) + newDn;
    renamed.set(linkKey(o.dn), to);
    s.set(o.guid, { ...o, dn: to, usn: e.nextSeq('usn:' + forest) });
  }
  relink(e, forest, renamed);
  return { ok: true };
}

/** How reference values are compared: case-insensitive, spaces around separators ignored. */
function linkKey(dn: string): string {
  const lower = dn.toLowerCase();
  return lower.includes(' ,') || lower.includes(', ') ? lower.replace(/\s*,\s*/g, ',') : lower;
}

type Store = NonNullable<ReturnType<typeof store>>;

/** Who referenced what, per forest store: a forest of 100,000 objects holds ~300,000 references. */
interface LinkIndex {
  /** The object versions whose references are indexed (objects are never mutated). */
  indexed: WeakSet<DirectoryObject>;
  /** linkKey(DN) -> guids of objects that referenced it (stale entries are verified on use). */
  referrers: Map<string, Set<string>>;
}

const linkIndexes = new WeakMap<Store, LinkIndex>();

/**
 * The objects that may reference one of `keys`. Objects written since the last call (by an export,
 * a rewind, anything) are indexed first: one pass over the store that compares identities.
 */
function referrersOf(s: Store, keys: Iterable<string>): DirectoryObject[] {
  let ix = linkIndexes.get(s);
  if (!ix) linkIndexes.set(s, (ix = { indexed: new WeakSet(), referrers: new Map() }));
  const { indexed, referrers } = ix;
  const note = (dn: string, guid: string) => {
    const k = linkKey(dn);
    let set = referrers.get(k);
    if (!set) referrers.set(k, (set = new Set()));
    set.add(guid);
  };
  for (const o of s.values()) {
    if (indexed.has(o)) continue;
    indexed.add(o);
    for (const name in o.attributes) {
      const v = o.attributes[name];
      if (v instanceof Ref) note(v.dn, o.guid);
      else if (Array.isArray(v))
        for (const x of v as readonly Scalar[]) if (x instanceof Ref) note(x.dn, o.guid);
    }
  }
  const guids = new Set<string>();
  for (const k of keys) for (const g of referrers.get(k) ?? []) guids.add(g);
  const out: DirectoryObject[] = [];
  for (const g of guids) {
    const o = s.get(g);
    if (o) out.push(o);
  }
  return out;
}

/**
 * Rewrites the reference values of a forest: `targets` maps a DN (by {@link linkKey}) to its new DN,
 * or to `null` to remove it. An attribute left without values is removed, as AD does.
 */
function relink(e: SyncEngine, forest: string, targets: ReadonlyMap<string, string | null>): void {
  const s = store(e, forest);
  if (!s || targets.size === 0) return;
  // Groups hold thousands of members: compare lengths before lowercasing (a DN written with spaces
  // around its commas is the rare case that needs more).
  const lengths = new Set([...targets.keys()].map((k) => k.length));
  const map = (x: Scalar): Scalar | null | undefined => {
    if (!(x instanceof Ref)) return undefined;
    const dn = x.dn;
    let next = lengths.has(dn.length) ? targets.get(dn.toLowerCase()) : undefined;
    if (next === undefined && (dn.includes(', ') || dn.includes(' ,')))
      next = targets.get(linkKey(dn));
    return next === undefined || next === null ? next : new Ref(next);
  };
  const changed: DirectoryObject[] = [];
  for (const o of referrersOf(s, targets.keys())) {
    let attributes: Record<string, Value> | undefined;
    for (const name in o.attributes) {
      const v = o.attributes[name] as Value;
      let next: Value | null | undefined;
      if (Array.isArray(v)) {
        const values = v as readonly Scalar[];
        let out: Scalar[] | undefined;
        for (let j = 0; j < values.length; j++) {
          const x = values[j] as Scalar;
          const m = map(x);
          if (m !== undefined && !out) out = values.slice(0, j);
          if (!out) continue;
          if (m === undefined) out.push(x);
          else if (m !== null) out.push(m);
        }
        if (!out) continue;
        next = out.length > 0 ? out : null;
      } else {
        next = map(v as Scalar);
        if (next === undefined) continue;
      }
      attributes ??= { ...o.attributes };
      if (next === null) delete attributes[name];
      else attributes[name] = next;
    }
    if (attributes) changed.push({ ...o, attributes });
  }
  for (const o of changed) s.set(o.guid, { ...o, usn: e.nextSeq('usn:' + forest) });
}
