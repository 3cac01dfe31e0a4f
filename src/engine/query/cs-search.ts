/**
 * Search Connector Space (Synchronization Service Manager): the data-based scopes (RDN, DN or
 * anchor, Sub-Tree) and the state-based ones (Pending Import, Pending Export, Disconnectors,
 * objects in error), with column settings and paging done on the engine side.
 */
import type { SyncEngine } from '../sync/engine.ts';
import type { CsObject } from '../sync/model.ts';
import { displayValue } from '../sync/value-keys.ts';

/** Which operations a Pending Import / Pending Export search includes. */
export interface PendingKinds {
  add: boolean;
  update: boolean;
  delete: boolean;
}

export type CsSearchScope =
  | { kind: 'all' }
  /** The object's relative name, e.g. `CN=Ann Lee` or just `Ann` (starts with, any case). */
  | { kind: 'rdn'; value: string }
  /** The whole DN (any case) or the anchor (hex objectGUID in AD, cloud id in Entra ID). */
  | { kind: 'dn-or-anchor'; value: string }
  /** Every object at or below a container DN. */
  | { kind: 'subtree'; base: string }
  | ({ kind: 'pending-import' } & PendingKinds)
  | ({ kind: 'pending-export' } & PendingKinds)
  | { kind: 'disconnectors' }
  /** Objects with a synchronization or export error. */
  | { kind: 'errors' };

export interface CsSearchRequest {
  connector: string;
  scope: CsSearchScope;
  /** Attributes shown as extra columns (values as text). */
  columns?: string[];
  /** `dn`, `objectType`, `state` or one of the columns. */
  sort?: { field: string; descending?: boolean };
  offset?: number;
  limit?: number;
}

export interface CsSearchRow {
  id: string;
  dn: string;
  objectType: string;
  state: CsObject['state'];
  pendingImport?: string;
  pendingExport?: string;
  error?: string;
  columns: Record<string, string>;
}

export interface CsSearchResult {
  total: number;
  offset: number;
  rows: CsSearchRow[];
}

function rdnOf(dn: string): string {
  // A comma inside an RDN is escaped with a backslash.
  const m = /^((?:\\.|[^,])*)/.exec(dn);
  return (m?.[1] ?? dn).trim();
}

function normalizeDn(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((p) => p.trim())
    .join(',')
    .toLowerCase();
}

function pendingImportMatches(cs: CsObject, k: PendingKinds): boolean {
  const t = cs.pendingImport?.type;
  if (!t) return false;
  // Delete/Add (object type changed) is both a delete and an add.
  if (t === 'Delete-Add') return k.add || k.delete;
  return (t === 'Add' && k.add) || (t === 'Update' && k.update) || (t === 'Delete' && k.delete);
}

function pendingExportMatches(cs: CsObject, k: PendingKinds): boolean {
  const t = cs.pendingExport?.type;
  return (t === 'Add' && k.add) || (t === 'Update' && k.update) || (t === 'Delete' && k.delete);
}

function candidates(e: SyncEngine, connector: string, scope: CsSearchScope): Iterable<string> {
  if (scope.kind === 'pending-import') return e.pendingImportIds(connector);
  if (scope.kind === 'pending-export') return e.pendingExportIds(connector);
  if (scope.kind === 'dn-or-anchor') {
    const v = scope.value.trim();
    const ids = new Set<string>();
    const byDn = e.csIdByDn(connector, v);
    if (byDn) ids.add(byDn);
    const byAnchor = e.csIdByAnchor(connector, v) ?? e.csIdByAnchor(connector, v.toLowerCase());
    if (byAnchor) ids.add(byAnchor);
    return ids;
  }
  return e.csIds(connector);
}

function inScope(cs: CsObject, scope: CsSearchScope): boolean {
  switch (scope.kind) {
    case 'all':
    case 'dn-or-anchor':
      return true;
    case 'rdn': {
      const want = scope.value.trim().toLowerCase();
      const rdn = rdnOf(cs.dn).toLowerCase();
      const value = rdn.replace(/^[a-z]+=/, '');
      return rdn.startsWith(want) || value.startsWith(want);
    }
    case 'subtree': {
      const base = normalizeDn(scope.base);
      const dn = normalizeDn(cs.dn);
      return base === '' || dn === base || dn.endsWith(',' + base);
    }
    case 'pending-import':
      return pendingImportMatches(cs, scope);
    case 'pending-export':
      return pendingExportMatches(cs, scope);
    case 'disconnectors':
      return cs.state === 'disconnector' || cs.state === 'explicit-disconnector';
    case 'errors':
      return cs.syncError !== undefined || cs.exportError !== undefined;
  }
}

function field(cs: CsObject, name: string): string {
  if (name === 'dn') return cs.dn;
  if (name === 'objectType') return cs.objectType;
  if (name === 'state') return cs.state;
  // An object not exported yet has only its pending export's values.
  const v =
    cs.pendingImport?.attributes?.[name] ?? cs.attributes[name] ?? cs.pendingExport?.set[name];
  return v === undefined ? '' : displayValue(v);
}

/**
 * Searches one connector space; the result holds one page of rows rendered as text.
 *
 * @example
 * searchConnectorSpace(engine, {
 *   connector: 'contoso.onmicrosoft.com - AAD',
 *   scope: { kind: 'pending-export', add: false, update: false, delete: true },
 *   columns: ['displayName'], offset: 0, limit: 50,
 * }).total // pending deletes, as the prevent-accidental-deletes article inspects them
 */
export function searchConnectorSpace(e: SyncEngine, req: CsSearchRequest): CsSearchResult {
  const hits: CsObject[] = [];
  for (const id of candidates(e, req.connector, req.scope)) {
    const cs = e.cs.get(id);
    if (cs && cs.connector === req.connector && inScope(cs, req.scope)) hits.push(cs);
  }
  const sort = req.sort ?? { field: 'dn' };
  const dir = sort.descending ? -1 : 1;
  const keyed = hits.map((cs) => ({ cs, k: field(cs, sort.field).toLowerCase() }));
  keyed.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.cs.seq - b.cs.seq));
  const offset = Math.max(0, req.offset ?? 0);
  const limit = Math.max(0, req.limit ?? 50);
  const columns = req.columns ?? [];
  const rows = keyed.slice(offset, offset + limit).map(({ cs }): CsSearchRow => {
    const cols: Record<string, string> = {};
    for (const c of columns) cols[c] = field(cs, c);
    const error = cs.syncError ?? cs.exportError;
    return {
      id: cs.id,
      dn: cs.dn,
      objectType: cs.objectType,
      state: cs.state,
      ...(cs.pendingImport ? { pendingImport: cs.pendingImport.type } : {}),
      ...(cs.pendingExport ? { pendingExport: cs.pendingExport.type } : {}),
      ...(error ? { error: error.type } : {}),
      columns: cols,
    };
  });
  return { total: hits.length, offset, rows };
}
