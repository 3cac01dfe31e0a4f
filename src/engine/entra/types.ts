/**
 * The boundary between the sync engine's Entra ID connector and the simulated Microsoft Entra ID
 * service. The engine sends export operations; the service decides (hard/soft match, duplicate
 * attribute resiliency, admin-role guard ...) and answers per object, as the real service does.
 * Attribute names are the Entra ID connector's (`sourceAnchor` is the immutableId).
 */
import type { AttributeBag, ObjectError } from '../expr/values.ts';

export type CloudObjectType = 'user' | 'group' | 'contact' | 'device';

export interface ProvisioningError {
  attribute: string;
  value: string;
  /** The id (or a readable name) of the object that holds the value already. */
  conflictsWith: string;
}

export interface CloudObject {
  id: string;
  objectType: CloudObjectType;
  /** True for on-premises-mastered (synced) objects. */
  dirSyncEnabled: boolean;
  /** Directory roles, e.g. `Global Administrator`. */
  roles: string[];
  attributes: AttributeBag;
  provisioningErrors: ProvisioningError[];
}

export interface TenantFeatures {
  blockSoftMatchEnabled: boolean;
  softMatchOnUpnEnabled: boolean;
  synchronizeUpnForManagedUsersEnabled: boolean;
  blockCloudObjectTakeoverThroughHardMatchEnabled: boolean;
}

export type TenantExport =
  | { kind: 'Add'; objectType: CloudObjectType; attributes: AttributeBag }
  | { kind: 'Update'; id: string; objectType: CloudObjectType; set: AttributeBag; clear: string[] }
  | { kind: 'Delete'; id: string; objectType: CloudObjectType };

export type TenantExportResult =
  | { ok: true; id: string; matched?: 'hard' | 'soft'; warnings?: string[] }
  | { ok: false; error: ObjectError };

export interface TenantService {
  readonly initialDomain: string;
  readonly verifiedDomains: readonly string[];
  readonly features: TenantFeatures;
  /** Export one operation. Never throws for data problems: those come back as an error. */
  exportObject(op: TenantExport): TenantExportResult;
  /** Every object, as the Entra ID connector's import sees it. */
  objects(): readonly CloudObject[];
  /**
   * Every object as {@link objects} lists it, copied only one level deep: each object and its
   * attribute bag are copies, the values are shared (the service replaces a value, never changes
   * one in place). What an import reads: it keeps the values, so a deep copy would be a second
   * copy of each (optional: `objects()` serves without it).
   */
  readObjects?(): readonly CloudObject[];
  /**
   * The change log a Delta Import reads (optional: without it every import compares every object).
   * `changeVersion` is the current version; `changesSince(v)` the objects changed since `v`
   * (copies as {@link readObjects} makes them, in creation order), the ids no longer active and a
   * read-only view by id, or `undefined` when `v` is not a version of this tenant's log.
   */
  readonly changeVersion?: number;
  changesSince?(version: number):
    | {
        version: number;
        changed: CloudObject[];
        removed: string[];
        peek: (id: string) => Readonly<CloudObject> | undefined;
      }
    | undefined;
  /**
   * The on-premises values of a synced object's shadow attributes (userPrincipalName,
   * proxyAddresses) as last exported. The Entra ID connector imports these, not the calculated
   * values, so a quarantined or unverified-domain value still confirms the export.
   */
  shadowValues?(
    id: string,
  ): Readonly<{ userPrincipalName?: string; proxyAddresses?: readonly string[] }> | undefined;
  /** A deep, independent copy (for rewind and for impact runs on a copy). */
  clone(): TenantService;
  /**
   * The service's background work between exports (duplicate attribute resiliency restores
   * quarantined values whose conflict is gone). The engine calls it after each export to Entra ID.
   */
  runBackgroundTasks?(): unknown;
}
