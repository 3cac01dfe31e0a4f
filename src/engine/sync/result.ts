/**
 * The result document of DESIGN.md §2: metaverse, tenant and runs as plain JSON data.
 */
import type { Value } from '../expr/values.ts';
import { AD_ATTRIBUTES, lookupAttribute, TENANT_ATTRIBUTES } from '../io/attribute-syntax.ts';
import type { JsonData } from '../io/json-text.ts';
import { encodeJsonValue } from '../io/json-values.ts';
import type { SyncEngine } from './engine.ts';
import type { MvObject, RunCounts } from './model.ts';

export interface ResultDocument {
  metaverse: {
    id: string;
    objectType: string;
    attributes: Record<string, JsonData>;
    connectors: { connector: string; dn: string; rule: string }[];
  }[];
  tenant: {
    id: string;
    objectType: string;
    dirSyncEnabled: boolean;
    attributes: Record<string, JsonData>;
    provisioningErrors: { attribute: string; value: string; conflictsWith: string }[];
  }[];
  runs: {
    connector: string;
    profile: string;
    status: string;
    counts: RunCounts;
    errors: { dn: string; type: string; message: string }[];
    message?: string;
  }[];
}

/** Encodes an attribute bag; known attributes use their readable forms (GUID, SID, DN). */
export function encodeBag(
  bag: Record<string, Value>,
  side: 'ad' | 'tenant',
): Record<string, JsonData> {
  const out: Record<string, JsonData> = {};
  const table = side === 'ad' ? AD_ATTRIBUTES : TENANT_ATTRIBUTES;
  for (const k of Object.keys(bag).sort()) {
    const v = bag[k];
    if (v === undefined) continue;
    const syntax = lookupAttribute(table, k)?.syntax;
    out[k] = encodeJsonValue(v, syntax ? { syntax } : {}) as JsonData;
  }
  return out;
}

function mvSortKey(e: SyncEngine, mv: MvObject): string {
  const first = mv.connectors.map((id) => e.cs.get(id)).find((c) => c !== undefined);
  return `${mv.objectType}\u0000${first ? first.connector + '\u0000' + first.dn.toLowerCase() : ''}\u0000${mv.id}`;
}

/**
 * The result document (`synclab run` prints it).
 *
 * @example
 * JSON.stringify(toResultDocument(engine).metaverse.length) // '3'
 */
export function toResultDocument(e: SyncEngine): ResultDocument {
  const mvs = [...e.mv.values()].map((mv) => ({ mv, key: mvSortKey(e, mv) }));
  mvs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const metaverse = mvs.map(({ mv }) => ({
    id: mv.id,
    objectType: mv.objectType,
    attributes: encodeBag(mv.attributes, 'ad'),
    connectors: mv.connectors
      .map((id) => e.cs.get(id))
      .filter((c) => c !== undefined)
      .map((c) => ({ connector: c.connector, dn: c.dn, rule: c.link?.ruleName ?? '' })),
  }));
  const tenant = e.tenant.objects().map((o) => ({
    id: o.id,
    objectType: o.objectType,
    dirSyncEnabled: o.dirSyncEnabled,
    attributes: encodeBag(o.attributes, 'tenant'),
    provisioningErrors: o.provisioningErrors.map((p) => ({ ...p })),
  }));
  const runs = [...e.runs.values()]
    .sort((a, b) => a.index - b.index)
    .map((r) => ({
      connector: r.connector,
      profile: r.profile,
      status: r.status,
      counts: { ...r.counts },
      errors: r.errors.map((x) => ({ dn: x.dn, type: x.type, message: x.message })),
      ...(r.message ? { message: r.message } : {}),
    }));
  return { metaverse, tenant, runs };
}
