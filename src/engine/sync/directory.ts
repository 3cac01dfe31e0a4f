/**
 * The simulated AD forests behind the AD connectors: what a scenario step or an export changes.
 * Every change gets a new update sequence number, so that delta import sees it.
 */
import type { AttributeBag, Value } from '../expr/values.ts';
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

/** Deletes a forest object (a scenario `delete` step); delta import sees the tombstone. */
export function deleteDirectoryObject(e: SyncEngine, forest: string, dn: string): DirectoryResult {
  const s = store(e, forest);
  const guid = e.forestDnIndex(forest)?.get(dn.toLowerCase());
  const obj = guid ? s?.get(guid) : undefined;
  if (!s || !obj || !guid) return { ok: false, message: `no object '${dn}' in ${forest}` };
  s.delete(guid);
  e.tombstones.get(forest)?.set(guid, { dn: obj.dn, usn: e.nextSeq('usn:' + forest) });
  return { ok: true };
}
