/**
 * The simulated Microsoft Entra ID tenant: what the Azure AD Sync service does with the operations the
 * Entra ID connector exports, and the cloud-side administration (portal / Graph / PowerShell) that a
 * scenario or the UI performs on cloud objects.
 *
 * Sources: how-to-connect-install-existing-tenant (hard / soft match, takeover, admin roles),
 * how-to-connect-syncservice-features (feature flags), how-to-connect-syncservice-duplicate-attribute-
 * resiliency (quarantine, DirSyncProvisioningErrors, hourly restore, known issues),
 * tshoot-connect-sync-errors (error names), plan-connect-userprincipalname (MOERA, unverified suffix).
 * Simplifications are listed in docs/fidelity.md under "Microsoft Entra ID".
 */
import {
  Ref,
  type AttributeBag,
  type ObjectError,
  type Scalar,
  type Value,
} from '../expr/values.ts';
import {
  addressKey,
  domainPart,
  isSmtpProxy,
  localPart,
  primarySmtp,
  smtpAddresses,
  stringOf,
  stringsOf,
} from './addresses.ts';
import { flat, flatten } from '../io/flat-text.ts';
import { SeededRandom } from './seeded-random.ts';
import type {
  CloudObject,
  CloudObjectType,
  ProvisioningError,
  TenantExport,
  TenantExportResult,
  TenantFeatures,
  TenantService,
} from './types.ts';

/** Features of a newly created tenant, as `Get-MgDirectoryOnPremiseSynchronization` shows them. */
export const DEFAULT_TENANT_FEATURES: TenantFeatures = {
  blockSoftMatchEnabled: false,
  // "This feature is on by default for newly created Microsoft Entra directories" (both).
  softMatchOnUpnEnabled: true,
  synchronizeUpnForManagedUsersEnabled: true,
  blockCloudObjectTakeoverThroughHardMatchEnabled: false,
};

/**
 * Features that can be switched off again. The service-features article says an enabled feature
 * cannot be disabled, but the existing-tenant and sync-errors articles tell administrators to turn
 * the two blocking flags off to allow a match and back on afterwards.
 */
const TOGGLEABLE_FEATURES: ReadonlySet<keyof TenantFeatures> = new Set([
  'blockSoftMatchEnabled',
  'blockCloudObjectTakeoverThroughHardMatchEnabled',
]);

/** A cloud object as a scenario or the UI creates it. */
export interface CloudObjectInput {
  /** Kept verbatim when given (scenario ids such as `c1`); otherwise a seeded GUID. */
  id?: string;
  objectType: CloudObjectType;
  roles?: string[];
  attributes: AttributeBag;
}

export interface CreateTenantOptions {
  initialDomain: string;
  verifiedDomains?: readonly string[];
  features?: Partial<TenantFeatures>;
  /** Cloud-only objects that exist before sync starts. */
  objects?: readonly CloudObjectInput[];
  /** Seed for object ids and quarantine numbers (default: the initial domain). */
  seed?: number | string;
  /** A generator to use instead of `seed` (it is cloned with the tenant). */
  random?: SeededRandom;
  /** With password hash sync a match overwrites the cloud password; the tenant records that. */
  passwordHashSync?: boolean;
}

export type TenantEventKind =
  | 'created'
  | 'matched-hard'
  | 'matched-soft'
  | 'password-overwritten'
  | 'quarantined'
  | 'restored'
  | 'refused'
  | 'updated'
  | 'upn-change-blocked'
  | 'deleted'
  | 'restored-from-recycle-bin'
  | 'hard-deleted'
  | 'feature-changed'
  | 'domain-changed'
  | 'cloud-object-added'
  | 'cloud-object-edited'
  | 'cloud-object-deleted'
  | 'cloud-object-restored';

/** One thing the service did, for the UI's tenant log and for lessons. */
export interface TenantEvent {
  /** Increases by one per event; stable across runs of the same scenario. */
  seq: number;
  kind: TenantEventKind;
  objectId?: string;
  objectType?: CloudObjectType;
  attribute?: string;
  value?: string;
  conflictsWith?: string;
  /** For `refused`: the error type returned (`InvalidHardMatch`, `ExistingAdminRoleConflict` ...). */
  reason?: string;
  message: string;
}

/** The answer of the cloud administration API (portal, Graph, PowerShell). */
export type TenantApiResult = { ok: true; id: string } | { ok: false; error: ObjectError };

/**
 * The changes of a scenario step `{"tenant": ...}`, as an administrator makes them in the portal or
 * with PowerShell. It is the shape of `TenantChange` in `io/scenario.ts` (which is assignable to it)
 * plus three optional lists. Objects are named by id, userPrincipalName, primary SMTP address / mail
 * or displayName, because ids of synced objects are generated.
 */
export interface ScenarioTenantChange {
  add?: readonly CloudObjectInput[];
  modify?: readonly { id: string; set?: AttributeBag; clear?: string[]; roles?: string[] }[];
  /**
   * Objects to delete. Cloud-only users go to the recycle bin; a synced object (such as the object
   * quarantined by the admin-role guard) can only be removed with PowerShell, so it is deleted
   * permanently (`Remove-MsolUser` then `-RemoveFromRecycleBin`).
   */
  delete?: readonly string[];
  /** Objects to delete permanently, synced ones included (`Remove-MsolUser -RemoveFromRecycleBin`). */
  hardDelete?: readonly string[];
  /** Users to restore from the recycle bin. */
  restore?: readonly string[];
  features?: Partial<TenantFeatures>;
  /** Run the duplicate-attribute-resiliency sweep now. */
  runBackgroundTasks?: boolean;
}

/** What the tenant keeps of the last on-premises values it was sent, to detect real changes. */
interface SyncedValues {
  userPrincipalName?: string;
  /** Shared with the object's proxyAddresses when none was quarantined (never changed in place). */
  proxyAddresses?: readonly string[];
}

interface TenantState {
  initialDomain: string;
  verifiedDomains: string[];
  features: TenantFeatures;
  passwordHashSync: boolean;
  /** In activation order (a Set so that mass deletes are O(1) each, not a splice each). */
  active: Set<CloudObject>;
  recycleBin: Set<CloudObject>;
  events: TenantEvent[];
  rng: SeededRandom;
  synced: Map<string, SyncedValues>;
  /** Quarantined object id -> id of the admin it could not be matched with. */
  adminConflicts: Map<string, string>;
  /** sourceAnchors of groups whose first duplicate-SMTP add already failed (known issue 2). */
  groupFirstAttempts: Set<string>;
}

/** A DNS domain name: labels of letters, digits and hyphens, a top-level label of letters. */
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const ERR_SYNCED_EDIT =
  'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.';
const ERR_DELETE_CLOUD_ONLY =
  'This synchronization operation, Delete, is not valid. Contact Technical Support.';

/**
 * Create a tenant. Initial objects that break a uniqueness rule are refused and logged as events.
 *
 * @example
 * const tenant = createTenant({ initialDomain: 'contoso.onmicrosoft.com', verifiedDomains: ['contoso.com'], seed: 1 });
 * tenant.exportObject({ kind: 'Add', objectType: 'user', attributes: { sourceAnchor: 'EDGXW4JjgEq7+GuyHBu3QQ==', userPrincipalName: 'ann@contoso.com' } });
 */
export function createTenant(options: CreateTenantOptions): Tenant {
  const initialDomain = options.initialDomain.toLowerCase();
  const verified = [initialDomain, ...(options.verifiedDomains ?? []).map((d) => d.toLowerCase())];
  const tenant = new Tenant({
    initialDomain,
    verifiedDomains: [...new Set(verified)],
    features: { ...DEFAULT_TENANT_FEATURES, ...options.features },
    passwordHashSync: options.passwordHashSync ?? false,
    active: new Set(),
    recycleBin: new Set(),
    events: [],
    rng: options.random?.clone() ?? new SeededRandom(options.seed ?? initialDomain),
    synced: new Map(),
    adminConflicts: new Map(),
    groupFirstAttempts: new Set(),
  });
  for (const input of options.objects ?? []) tenant.addCloudObject(input);
  return tenant;
}

/** The Entra ID connector's `cloudAnchor` of an object, e.g. `User_5b973110-...`. */
export function cloudAnchorOf(obj: Pick<CloudObject, 'objectType' | 'id'>): string {
  // In one piece (io/flat-text.ts): each Entra ID connector-space object keeps one.
  return flat`${obj.objectType[0]?.toUpperCase()}${obj.objectType.slice(1)}_${obj.id}`;
}

export class Tenant implements TenantService {
  /**
   * Unique values (UPNs and SMTP addresses by {@link addressKey}, immutableIds as they are) ->
   * objects that held them when indexed; lookups verify, so stale entries are harmless.
   */
  private readonly upns = new ObjectIndex();
  private readonly addresses = new ObjectIndex();
  private readonly anchors = new ObjectIndex();
  /** Active objects by id (the first in creation order when an id repeats), so lookups are O(1). */
  private readonly byId = new Map<string, CloudObject>();
  /**
   * For an id that more than one active object carries, how many do beyond the first (ids repeat
   * only for scenario-given ids: a count per id was one more map entry per object).
   */
  private readonly repeatedIds = new Map<string, number>();
  /** Recycle-bin objects by immutableId and by id, in bin order, for O(1) hard match and newId. */
  private readonly binByAnchor = new Map<string, CloudObject[]>();
  private readonly binIds = new Map<string, number>();
  /** Activation order of each active object, to hand changed objects out in that order. */
  private readonly order = new Map<CloudObject, number>();
  private nextOrder = 0;
  /**
   * Change log: the id of every object changed, activated or deactivated, oldest first; its length
   * is the version a Delta Import reads from. Consecutive entries for one id are folded, except
   * across a version handed out (`foldFrom`).
   */
  private readonly changeLog: string[];
  private foldFrom = 0;
  /** Cloud id -> active objects whose attributes reference it (stale entries are harmless). */
  private readonly referrers = new ObjectIndex();

  constructor(
    private readonly s: TenantState,
    changeLog: readonly string[] = [],
  ) {
    this.changeLog = [...changeLog];
    for (const o of s.active) this.index_(o);
    for (const o of s.recycleBin) this.binAdd(o);
  }

  get initialDomain(): string {
    return this.s.initialDomain;
  }
  get verifiedDomains(): readonly string[] {
    return this.s.verifiedDomains;
  }
  get features(): TenantFeatures {
    return { ...this.s.features };
  }

  /** Every active object (a deep copy), in creation order. */
  objects(): readonly CloudObject[] {
    return [...this.s.active].map(copyObject);
  }

  /** Every active object, copied one level deep (see {@link TenantService.readObjects}). */
  readObjects(): readonly CloudObject[] {
    return [...this.s.active].map(readCopy);
  }

  /** The change-log version: a Delta Import reads {@link changesSince} this value next time. */
  get changeVersion(): number {
    this.foldFrom = this.changeLog.length;
    return this.changeLog.length;
  }

  /**
   * What changed since `version` (a {@link changeVersion}): the active objects changed, activated
   * or referencing an object whose DN changed (copies as {@link readObjects} makes them, in
   * creation order), the ids no longer active, and a read-only view of any active object by id
   * (for reference DNs). `undefined` when `version` is not a version of this log.
   *
   * @example
   * const v = tenant.changeVersion;
   * tenant.exportObject({ kind: 'Update', id, objectType: 'user', set: { displayName: 'Ann' }, clear: [] });
   * tenant.changesSince(v)?.changed.map((o) => o.id); // [id]
   */
  changesSince(version: number):
    | {
        version: number;
        changed: CloudObject[];
        removed: string[];
        peek: (id: string) => Readonly<CloudObject> | undefined;
      }
    | undefined {
    if (!Number.isInteger(version) || version < 0 || version > this.changeLog.length)
      return undefined;
    const ids = new Set(this.changeLog.slice(version));
    this.foldFrom = this.changeLog.length;
    const changed: CloudObject[] = [];
    const removed: string[] = [];
    for (const id of ids) {
      const first = this.byId.get(id);
      if (!first) {
        removed.push(id);
        continue;
      }
      if (this.repeatedIds.has(id)) {
        for (const o of this.s.active) if (o.id === id) changed.push(o);
      } else changed.push(first);
    }
    changed.sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
    return {
      version: this.changeLog.length,
      changed: changed.map(readCopy),
      removed,
      peek: (id) => this.byId.get(id),
    };
  }

  /** Soft-deleted users (the recycle bin), each with `dirSyncEnabled` false. */
  deletedObjects(): readonly CloudObject[] {
    return [...this.s.recycleBin].map(copyObject);
  }

  /** The service's log, oldest first. */
  events(): readonly TenantEvent[] {
    return this.s.events.slice();
  }

  get(id: string): CloudObject | undefined {
    const o = this.byId.get(id);
    return o && copyObject(o);
  }

  /** Find an active or deleted object by id, userPrincipalName, primary SMTP / mail or displayName. */
  resolve(target: string): CloudObject | undefined {
    const o = this.find(target);
    return o && copyObject(o);
  }

  clone(): Tenant {
    const s = this.s;
    return new Tenant(
      {
        ...s,
        verifiedDomains: [...s.verifiedDomains],
        features: { ...s.features },
        active: new Set([...s.active].map(cloneObject)),
        recycleBin: new Set([...s.recycleBin].map(cloneObject)),
        events: s.events.map((e) => ({ ...e })),
        rng: s.rng.clone(),
        // A write stores a new record (writeSynced): the records are shared.
        synced: new Map(s.synced),
        adminConflicts: new Map(s.adminConflicts),
        groupFirstAttempts: new Set(s.groupFirstAttempts),
      },
      this.changeLog,
    );
  }

  // ---------------------------------------------------------------- sync service (export)

  /**
   * Apply one export from the Entra ID connector.
   *
   * @example
   * const r = tenant.exportObject({ kind: 'Add', objectType: 'user', attributes: { sourceAnchor: 'abc=', userPrincipalName: 'ann@contoso.com' } });
   * if (r.ok) console.log(r.id, r.matched);
   */
  exportObject(op: TenantExport): TenantExportResult {
    switch (op.kind) {
      case 'Add':
        return this.exportAdd(op.objectType, op.attributes);
      case 'Update':
        return this.exportUpdate(op.id, op.set, op.clear);
      case 'Delete':
        return this.exportDelete(op.id);
    }
  }

  /**
   * The hourly background task of duplicate attribute resiliency: every quarantined value whose
   * conflict has disappeared is given back to its object. The engine calls it after each export to
   * Entra ID (the simulator's stand-in for "every hour"). Returns the `restored` events it logged.
   *
   * @example
   * tenant.exportObject({ kind: 'Delete', id: holderId, objectType: 'user' });
   * tenant.runBackgroundTasks(); // the quarantined UPN of the other user comes back
   */
  runBackgroundTasks(): TenantEvent[] {
    const restored: TenantEvent[] = [];
    for (const obj of this.s.active) {
      if (obj.provisioningErrors.length === 0) continue;
      for (const err of [...obj.provisioningErrors]) {
        // A quarantined proxy address is recorded with its prefix; uniqueness is on the address.
        const value =
          err.attribute === 'proxyAddresses' && isSmtpProxy(err.value)
            ? err.value.slice(5)
            : err.value;
        const holder = this.holderOf(err.attribute, value, obj.id);
        if (holder) {
          if (err.conflictsWith !== holder.id) this.touch(obj);
          err.conflictsWith = holder.id;
          continue;
        }
        if (err.attribute === 'userPrincipalName') {
          obj.attributes.userPrincipalName = err.value;
        } else {
          obj.attributes.proxyAddresses = [...stringsOf(obj.attributes.proxyAddresses), err.value];
        }
        const rest = obj.provisioningErrors.filter((e) => e !== err);
        obj.provisioningErrors = rest.length > 0 ? rest : NO_ERRORS;
        this.noteValues(obj);
        this.touch(obj);
        restored.push(
          this.log({
            kind: 'restored',
            objectId: obj.id,
            objectType: obj.objectType,
            attribute: err.attribute,
            value: err.value,
            message: `The conflict on ${err.attribute} "${err.value}" is gone: the value was restored.`,
          }),
        );
      }
    }
    return restored;
  }

  private exportAdd(type: CloudObjectType, input: AttributeBag): TenantExportResult {
    const attrs = normalizeBag(input);
    const anchor = stringOf(attrs.sourceAnchor);
    if (anchor !== undefined) {
      const hit = this.anchors
        .get(anchor)
        .find((o) => this.s.active.has(o) && stringOf(o.attributes.sourceAnchor) === anchor);
      if (hit) return this.hardMatch(hit, type, attrs);
      const deleted = this.binByAnchor
        .get(anchor)
        ?.find(
          (o) =>
            this.s.recycleBin.has(o) &&
            o.objectType === type &&
            stringOf(o.attributes.sourceAnchor) === anchor,
        );
      if (deleted) return this.hardMatch(deleted, type, attrs);
    }
    if (!this.s.features.blockSoftMatchEnabled) {
      const soft = this.softMatchCandidate(type, attrs);
      if (soft?.kind === 'type-mismatch') {
        return this.refuse(
          'ObjectTypeMismatch',
          `The ${type} cannot be soft-matched: the ${soft.target.objectType} ${soft.target.id} already holds ${soft.on} "${soft.value}".`,
          soft.target,
        );
      }
      if (soft?.kind === 'admin') return this.refuseAdmin(soft.target, type, attrs);
      if (soft?.kind === 'match') return this.takeOver(soft.target, attrs, 'soft');
    }
    const holders: (CloudObject | undefined)[] = [];
    const exception = this.knownIssueConflict(type, attrs, undefined, anchor, holders);
    if (exception) return exception;
    return this.createSynced(type, attrs, holders);
  }

  private hardMatch(
    target: CloudObject,
    type: CloudObjectType,
    attrs: AttributeBag,
    clear: readonly string[] = [],
  ) {
    if (target.objectType !== type) {
      return this.refuse(
        'ObjectTypeMismatch',
        `The ${type} cannot be hard-matched: its sourceAnchor belongs to the ${target.objectType} ${target.id}.`,
        target,
      );
    }
    const adminId = this.s.adminConflicts.get(target.id);
    const admin = adminId === undefined ? undefined : this.byId.get(adminId);
    if (admin && admin.roles.length > 0) return this.adminConflictError(admin, target.id);
    if (!target.dirSyncEnabled) {
      if (this.s.features.blockCloudObjectTakeoverThroughHardMatchEnabled) {
        return this.refuse(
          'InvalidHardMatch',
          `The sourceAnchor matches the cloud-mastered ${type} ${target.id}, but BlockCloudObjectTakeoverThroughHardMatchEnabled is set on the tenant.`,
          target,
        );
      }
      if (target.roles.length > 0) return this.refuseAdmin(target, type, attrs);
    }
    return this.takeOver(target, attrs, 'hard', clear);
  }

  private softMatchCandidate(
    type: CloudObjectType,
    attrs: AttributeBag,
  ):
    | { kind: 'match' | 'admin'; target: CloudObject }
    | { kind: 'type-mismatch'; target: CloudObject; on: string; value: string }
    | undefined {
    if (type === 'device') return undefined;
    // "For groups that aren't mail-enabled, there is currently no support for soft-match or hard-match."
    if (type === 'group' && !isMailEnabled(attrs)) return undefined;
    const eligible = (o: CloudObject) =>
      !o.dirSyncEnabled && stringOf(o.attributes.sourceAnchor) === undefined;
    const decide = (o: CloudObject, on: string, value: string) => {
      if (o.objectType !== type) return { kind: 'type-mismatch' as const, target: o, on, value };
      if (o.objectType === 'group' && !isMailEnabled(o.attributes)) return undefined;
      if (o.roles.length > 0) return { kind: 'admin' as const, target: o };
      return { kind: 'match' as const, target: o };
    };
    const smtp = primarySmtp(attrs.proxyAddresses);
    if (smtp !== undefined) {
      const holder = this.holderOf('proxyAddresses', smtp);
      if (holder && eligible(holder)) return decide(holder, 'proxyAddresses', smtp);
    }
    const upn = stringOf(attrs.userPrincipalName);
    if (type === 'user' && upn !== undefined && this.s.features.softMatchOnUpnEnabled) {
      const holder = this.holderOf('userPrincipalName', upn);
      if (holder && eligible(holder)) return decide(holder, 'userPrincipalName', upn);
    }
    return undefined;
  }

  /**
   * The admin-role guard: the on-premises user is not matched. As with any duplicate, the service
   * still creates the object with the conflicting values quarantined ("hard delete the quarantined
   * object" is step 2 of the documented workaround), and the export reports the conflict.
   */
  private refuseAdmin(admin: CloudObject, type: CloudObjectType, attrs: AttributeBag) {
    const created = this.createSynced(type, attrs);
    if (!created.ok) return created;
    this.s.adminConflicts.set(created.id, admin.id);
    return this.adminConflictError(admin, created.id);
  }

  private adminConflictError(admin: CloudObject, quarantinedId: string): TenantExportResult {
    return this.refuse(
      'ExistingAdminRoleConflict',
      `Existing Admin Role Conflict: the on-premises user cannot be matched with ${describe(admin)} because that cloud user holds the role ${admin.roles.join(', ')}. ` +
        `Remove the roles from the cloud user, hard-delete the quarantined object ${quarantinedId}, and sync again.`,
      admin,
    );
  }

  private takeOver(
    target: CloudObject,
    attrs: AttributeBag,
    how: 'hard' | 'soft',
    clear: readonly string[] = [],
  ) {
    const restoredFromBin = this.s.recycleBin.has(target);
    if (restoredFromBin) {
      this.binDelete(target);
      this.activate(target);
    }
    const wasCloudMastered = !target.dirSyncEnabled;
    target.dirSyncEnabled = true;
    this.s.adminConflicts.delete(target.id);
    const warnings = this.writeSynced(target, attrs, clear, 'takeover');
    if (restoredFromBin) {
      this.log({
        kind: 'restored-from-recycle-bin',
        objectId: target.id,
        objectType: target.objectType,
        message: `The deleted ${target.objectType} ${describe(target)} was restored from the recycle bin by hard match.`,
      });
    }
    this.log({
      kind: how === 'hard' ? 'matched-hard' : 'matched-soft',
      objectId: target.id,
      objectType: target.objectType,
      message:
        `${how === 'hard' ? 'Hard' : 'Soft'} match: ${describe(target)} is now on-premises-mastered; every attribute with an on-premises value was overwritten` +
        (how === 'soft' ? ' and the immutableId was stamped, so later matches are hard.' : '.'),
    });
    if (this.s.passwordHashSync && target.objectType === 'user' && wasCloudMastered) {
      this.log({
        kind: 'password-overwritten',
        objectId: target.id,
        objectType: target.objectType,
        message: `Password hash sync: the cloud password of ${describe(target)} is overwritten with the on-premises password.`,
      });
    }
    const result: TenantExportResult = { ok: true, id: target.id, matched: how };
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  }

  /**
   * `smtpHolders`: the holder of each SMTP proxy address of `attrs`, in order, as looked up just
   * before (see {@link writeSynced}).
   */
  private createSynced(
    type: CloudObjectType,
    attrs: AttributeBag,
    smtpHolders?: readonly (CloudObject | undefined)[],
  ): TenantExportResult {
    const obj: CloudObject = {
      id: this.newId(),
      objectType: type,
      dirSyncEnabled: true,
      roles: NO_ROLES,
      attributes: {},
      provisioningErrors: NO_ERRORS,
    };
    this.activate(obj);
    const warnings = this.writeSynced(obj, attrs, [], 'create', smtpHolders);
    this.log({
      kind: 'created',
      objectId: obj.id,
      objectType: type,
      message: `Created the on-premises-mastered ${type} ${describe(obj)}.`,
    });
    return warnings.length > 0 ? { ok: true, id: obj.id, warnings } : { ok: true, id: obj.id };
  }

  private exportUpdate(id: string, set: AttributeBag, clear: string[]): TenantExportResult {
    const obj = this.byId.get(id);
    if (!obj)
      return this.refuse('ObjectNotFound', `The object ${id} does not exist in the tenant.`);
    const attrs = normalizeBag(set);
    const anchor = stringOf(attrs.sourceAnchor);
    if (!obj.dirSyncEnabled) {
      // Connect evaluates hard matches too: it imports a cloud object that carries an immutableId,
      // joins it on sourceAnchor and exports an update, which the service handles as a hard match.
      const immutableId = stringOf(obj.attributes.sourceAnchor);
      if (immutableId !== undefined && (anchor === undefined || anchor === immutableId)) {
        return this.hardMatch(obj, obj.objectType, { ...attrs, sourceAnchor: immutableId }, clear);
      }
      return this.refuse(
        'InvalidOperation',
        'This synchronization operation, Update, is not valid: the object is cloud-mastered.',
        obj,
      );
    }
    if (anchor !== undefined && anchor !== stringOf(obj.attributes.sourceAnchor)) {
      return this.refuse(
        'InvalidOperation',
        'The sourceAnchor (immutableId) of a synchronized object cannot be changed.',
        obj,
      );
    }
    const exception = this.knownIssueConflict(obj.objectType, attrs, obj, anchor);
    if (exception) return exception;
    const warnings = this.writeSynced(obj, attrs, clear, 'update');
    const names = [...Object.keys(attrs), ...clear];
    if (names.length > 0) {
      this.log({
        kind: 'updated',
        objectId: obj.id,
        objectType: obj.objectType,
        message: `Updated ${describe(obj)}: ${names.join(', ')}.`,
      });
    }
    return warnings.length > 0 ? { ok: true, id, warnings } : { ok: true, id };
  }

  private exportDelete(id: string): TenantExportResult {
    const obj = this.byId.get(id);
    if (!obj) return { ok: true, id, warnings: [`The object ${id} was already deleted.`] };
    if (!obj.dirSyncEnabled) return this.refuse('InvalidOperation', ERR_DELETE_CLOUD_ONLY, obj);
    this.deactivate(obj);
    this.s.adminConflicts.delete(obj.id);
    this.s.synced.delete(obj.id);
    // Users go to the recycle bin with DirSyncEnabled false; security groups and contacts are
    // deleted permanently.
    const soft = obj.objectType === 'user';
    if (soft) {
      obj.dirSyncEnabled = false;
      this.binAdd(obj);
    }
    this.log({
      kind: 'deleted',
      objectId: obj.id,
      objectType: obj.objectType,
      message: soft
        ? `Deleted ${describe(obj)}: it is in the recycle bin (soft-deleted, DirSyncEnabled False).`
        : `Deleted ${describe(obj)} permanently.`,
    });
    return { ok: true, id };
  }

  /**
   * The two documented exceptions to resiliency, which still fail the export:
   * 1. a user whose secondary `smtp:` address is a group's primary `SMTP:` address;
   * 2. the first add of a group whose SMTP address another synced group holds.
   * `holders` receives the holder of each SMTP address, in order.
   */
  private knownIssueConflict(
    type: CloudObjectType,
    attrs: AttributeBag,
    self: CloudObject | undefined,
    anchor: string | undefined,
    holders?: (CloudObject | undefined)[],
  ): TenantExportResult | undefined {
    if (attrs.proxyAddresses === undefined) return undefined;
    for (const p of stringsOf(attrs.proxyAddresses)) {
      if (!isSmtpProxy(p)) continue;
      const holder = this.holderOf('proxyAddresses', p.slice(5), self?.id);
      holders?.push(holder);
      if (!holder || holder.objectType !== 'group') continue;
      const holderPrimary = primarySmtp(holder.attributes.proxyAddresses);
      const isHolderPrimary =
        holderPrimary !== undefined && addressKey(holderPrimary) === addressKey(p.slice(5));
      if (type === 'user' && p.startsWith('smtp:') && isHolderPrimary) {
        return this.refuse(
          'AttributeValueMustBeUnique',
          `ProxyAddress conflict: "${p}" is the primary address of the group ${describe(holder)}.`,
          holder,
        );
      }
      if (type === 'group' && !self && holder.dirSyncEnabled && anchor !== undefined) {
        if (!this.s.groupFirstAttempts.has(anchor)) {
          this.s.groupFirstAttempts.add(anchor);
          return this.refuse(
            'AttributeValueMustBeUnique',
            `ProxyAddress conflict: "${p}" is already used by the group ${describe(holder)}.`,
            holder,
          );
        }
      }
    }
    return undefined;
  }

  /**
   * Write on-premises values onto a synced object, quarantining duplicates (UPN: placeholder value;
   * SMTP proxy address: left out) and recording them in `provisioningErrors`. `smtpHolders`, for a
   * new object only: the holder of each SMTP proxy address of `attrs` in order, looked up since
   * the last change of any address (the new object, active but holding nothing yet, is no holder).
   */
  private writeSynced(
    obj: CloudObject,
    attrs: AttributeBag,
    clear: readonly string[],
    mode: 'create' | 'takeover' | 'update',
    smtpHolders?: readonly (CloudObject | undefined)[],
  ): string[] {
    const warnings: string[] = [];
    const anchorBefore = stringOf(obj.attributes.sourceAnchor);
    const prev = this.s.synced.get(obj.id) ?? {};
    const next: SyncedValues = { ...prev };
    // The values are the connector's, which it never changes in place: kept as they are (a copy
    // of every byte array and list was a second copy of each in memory).
    if (mode === 'create') {
      // A new object's bag is empty: the values but these two, in their order, copied at once. The
      // copy has a shape V8 knows, and the few values added below by name keep it (no compactBag).
      const { userPrincipalName: _upn, proxyAddresses: _proxies, ...rest } = attrs;
      obj.attributes = rest;
    } else {
      for (const name in attrs) {
        if (name === 'userPrincipalName' || name === 'proxyAddresses') continue;
        obj.attributes[name] = attrs[name] as Value;
      }
    }
    for (const name of clear) {
      // userPrincipalName is required; a clear of it is ignored as the service would reject it.
      if (name === 'userPrincipalName') continue;
      delete obj.attributes[name];
      if (name === 'proxyAddresses') {
        obj.provisioningErrors = withoutErrors(obj.provisioningErrors, name);
        delete next.proxyAddresses;
      }
    }
    if (obj.objectType === 'user' && mode === 'create' && stringOf(attrs.alias) === undefined) {
      const alias = moeraPrefix(attrs);
      if (alias !== undefined) obj.attributes.alias = alias;
    }

    const upn = stringOf(attrs.userPrincipalName);
    if (obj.objectType === 'user' && upn !== undefined && upn !== prev.userPrincipalName) {
      next.userPrincipalName = upn;
      const current = stringOf(obj.attributes.userPrincipalName);
      if (
        mode === 'update' &&
        !this.s.features.synchronizeUpnForManagedUsersEnabled &&
        current !== undefined
      ) {
        warnings.push(
          `The userPrincipalName change to "${upn}" was not applied: SynchronizeUpnForManagedUsersEnabled is off.`,
        );
        this.log({
          kind: 'upn-change-blocked',
          objectId: obj.id,
          objectType: obj.objectType,
          attribute: 'userPrincipalName',
          value: upn,
          message: `UPN change of ${describe(obj)} to "${upn}" ignored: SynchronizeUpnForManagedUsersEnabled is off.`,
        });
      } else {
        obj.provisioningErrors = withoutErrors(obj.provisioningErrors, 'userPrincipalName');
        const effective = this.effectiveUpn(upn, stringOf(obj.attributes.alias));
        const holder = this.holderOf('userPrincipalName', effective, obj.id);
        if (holder) {
          obj.attributes.userPrincipalName = this.placeholderUpn(effective);
          warnings.push(this.quarantine(obj, 'userPrincipalName', effective, holder));
        } else {
          obj.attributes.userPrincipalName = effective;
        }
      }
    } else if (obj.objectType === 'user' && mode === 'create' && upn === undefined) {
      const alias = stringOf(obj.attributes.alias) ?? obj.id;
      obj.attributes.userPrincipalName = this.uniqueUpn(`${alias}@${this.s.initialDomain}`);
    }

    if (attrs.proxyAddresses !== undefined) {
      const desired = stringList(attrs.proxyAddresses);
      if (!sameList(desired, prev.proxyAddresses)) {
        next.proxyAddresses = desired;
        obj.provisioningErrors = withoutErrors(obj.provisioningErrors, 'proxyAddresses');
        const kept: string[] = [];
        let smtp = 0;
        for (const p of desired) {
          const holder = !isSmtpProxy(p)
            ? undefined
            : smtpHolders
              ? smtpHolders[smtp++]
              : this.holderOf('proxyAddresses', p.slice(5), obj.id);
          if (holder) warnings.push(this.quarantine(obj, 'proxyAddresses', p, holder));
          else kept.push(p);
        }
        // Nothing quarantined: the object and its shadow share the list.
        obj.attributes.proxyAddresses = kept.length === desired.length ? desired : kept;
      }
    }
    this.s.synced.set(obj.id, next);
    if (mode !== 'create' || clear.length > 0) obj.attributes = compactBag(obj.attributes);
    this.noteValues(obj);
    this.touch(obj, stringOf(obj.attributes.sourceAnchor) !== anchorBefore);
    return warnings;
  }

  private quarantine(
    obj: CloudObject,
    attribute: string,
    value: string,
    holder: CloudObject,
  ): string {
    const err: ProvisioningError = { attribute, value, conflictsWith: holder.id };
    obj.provisioningErrors = [...obj.provisioningErrors, err];
    const message =
      attribute === 'userPrincipalName'
        ? `Duplicate userPrincipalName "${value}" (held by ${describe(holder)}) was quarantined; ${describe(obj)} got the temporary value ${stringOf(obj.attributes.userPrincipalName)}.`
        : `Duplicate proxy address "${value}" (held by ${describe(holder)}) was quarantined on ${describe(obj)}.`;
    this.log({
      kind: 'quarantined',
      objectId: obj.id,
      objectType: obj.objectType,
      attribute,
      value,
      conflictsWith: holder.id,
      message,
    });
    return message;
  }

  /** A verified suffix keeps the on-premises UPN; otherwise `<MailNickName>@<initial domain>` (MOERA). */
  private effectiveUpn(upn: string, alias: string | undefined): string {
    const domain = domainPart(upn);
    const valid = !/\s/.test(upn) && domain !== undefined && localPart(upn).length > 0;
    if (valid && this.s.verifiedDomains.includes(domain)) return upn;
    return `${alias ?? localPart(upn)}@${this.s.initialDomain}`;
  }

  /** `<OriginalPrefix><4DigitNumber>@<InitialTenantDomain>`, as in the resiliency article's example. */
  private placeholderUpn(value: string): string {
    for (;;) {
      const digits = String(this.s.rng.nextInt(10000)).padStart(4, '0');
      const candidate = `${localPart(value)}${digits}@${this.s.initialDomain}`;
      if (!this.holderOf('userPrincipalName', candidate)) return candidate;
    }
  }

  private uniqueUpn(upn: string): string {
    return this.holderOf('userPrincipalName', upn) ? this.placeholderUpn(upn) : upn;
  }

  // ---------------------------------------------------------------- cloud administration (portal / API)

  /**
   * Create a cloud-only (cloud-mastered) object. Refused if its UPN suffix is not verified or a
   * unique value is taken, as the portal and Graph refuse it.
   *
   * @example
   * tenant.addCloudObject({ objectType: 'user', roles: ['Global Administrator'], attributes: { userPrincipalName: 'admin@contoso.com' } });
   */
  addCloudObject(input: CloudObjectInput): TenantApiResult {
    if (input.id !== undefined && this.find(input.id)?.id === input.id) {
      return this.apiError('Request_BadRequest', `An object with id ${input.id} already exists.`);
    }
    const attributes = normalizeBag(input.attributes);
    const problem = this.checkCloudValues(input.objectType, attributes, undefined);
    if (problem) return problem;
    const obj: CloudObject = {
      id: input.id ?? this.newId(),
      objectType: input.objectType,
      dirSyncEnabled: false,
      roles: rolesOf(input.roles),
      attributes: copyBag(attributes),
      provisioningErrors: NO_ERRORS,
    };
    this.activate(obj);
    this.log({
      kind: 'cloud-object-added',
      objectId: obj.id,
      objectType: obj.objectType,
      message: `An administrator created the cloud-only ${obj.objectType} ${describe(obj)}${obj.roles.length > 0 ? ` (roles: ${obj.roles.join(', ')})` : ''}.`,
    });
    return { ok: true, id: obj.id };
  }

  /**
   * Edit a cloud object's attributes or directory roles. Attributes of synced objects cannot be
   * edited in the cloud; their roles can.
   *
   * @example
   * tenant.editCloudObject(id, { roles: [] }); // step 1 of the admin-role workaround
   */
  editCloudObject(
    id: string,
    change: { set?: AttributeBag; clear?: string[]; roles?: string[] },
  ): TenantApiResult {
    const obj = this.byId.get(id);
    if (!obj) return this.notFound(id);
    const set = normalizeBag(change.set ?? {});
    const clear = change.clear ?? [];
    const touchesAttributes = Object.keys(set).length > 0 || clear.length > 0;
    if (touchesAttributes && obj.dirSyncEnabled) {
      return this.apiError('Request_BadRequest', ERR_SYNCED_EDIT, obj);
    }
    if (touchesAttributes) {
      if (obj.objectType === 'user' && clear.includes('userPrincipalName')) {
        return this.apiError('Request_BadRequest', 'userPrincipalName is required.', obj);
      }
      const problem = this.checkCloudValues(obj.objectType, set, obj);
      if (problem) return problem;
      const anchorBefore = stringOf(obj.attributes.sourceAnchor);
      for (const [k, v] of Object.entries(set)) obj.attributes[k] = copyValue(v);
      for (const k of clear) delete obj.attributes[k];
      obj.attributes = compactBag(obj.attributes);
      this.noteValues(obj);
      this.touch(obj, stringOf(obj.attributes.sourceAnchor) !== anchorBefore);
    }
    if (change.roles !== undefined) {
      obj.roles = rolesOf(change.roles);
      this.touch(obj);
    }
    this.log({
      kind: 'cloud-object-edited',
      objectId: obj.id,
      objectType: obj.objectType,
      message: `An administrator edited ${describe(obj)}: ${[...Object.keys(set), ...clear, ...(change.roles !== undefined ? [`roles = [${change.roles.join(', ')}]`] : [])].join(', ')}.`,
    });
    return { ok: true, id };
  }

  /** Delete a cloud-only object (users to the recycle bin). Synced objects are deleted on-premises. */
  deleteCloudObject(id: string): TenantApiResult {
    const obj = this.byId.get(id);
    if (!obj) return this.notFound(id);
    if (obj.dirSyncEnabled) {
      return this.apiError(
        'Request_BadRequest',
        `${describe(obj)} is synchronized from on-premises Active Directory: delete it there (or take it out of the sync scope), or hard-delete it with PowerShell.`,
        obj,
      );
    }
    this.deactivate(obj);
    if (obj.objectType === 'user') this.binAdd(obj);
    this.log({
      kind: 'cloud-object-deleted',
      objectId: obj.id,
      objectType: obj.objectType,
      message: `An administrator deleted ${describe(obj)}${obj.objectType === 'user' ? ' (recycle bin)' : ''}.`,
    });
    return { ok: true, id };
  }

  /**
   * Permanently delete any object, synced or not, active or in the recycle bin (PowerShell
   * `Remove-MsolUser -RemoveFromRecycleBin`): step 2 of the admin-role workaround.
   */
  hardDeleteObject(id: string): TenantApiResult {
    for (const list of [this.s.active, this.s.recycleBin]) {
      const obj = list === this.s.active ? this.byId.get(id) : [...list].find((o) => o.id === id);
      if (!obj) continue;
      if (list === this.s.active) this.deactivate(obj);
      else this.binDelete(obj);
      this.s.adminConflicts.delete(id);
      this.s.synced.delete(id);
      this.log({
        kind: 'hard-deleted',
        objectId: obj.id,
        objectType: obj.objectType,
        message: `An administrator permanently deleted ${describe(obj)}.`,
      });
      return { ok: true, id };
    }
    return this.notFound(id);
  }

  /** Restore a user from the recycle bin. A restored formerly synced user keeps DirSyncEnabled false. */
  restoreDeletedObject(id: string): TenantApiResult {
    const obj = [...this.s.recycleBin].find((o) => o.id === id);
    if (!obj) return this.notFound(id);
    const problem = this.checkCloudValues(obj.objectType, obj.attributes, obj);
    if (problem) return problem;
    this.binDelete(obj);
    this.activate(obj);
    this.log({
      kind: 'cloud-object-restored',
      objectId: obj.id,
      objectType: obj.objectType,
      message: `An administrator restored ${describe(obj)} from the recycle bin.`,
    });
    return { ok: true, id };
  }

  /**
   * Add or remove a verified custom domain (Entra admin center, Custom domain names). On a verified
   * domain change Entra ID recalculates the userPrincipalName of synced users: an on-premises UPN
   * whose suffix is verified is kept, otherwise it becomes `<alias>@<initial domain>` (MOERA). The
   * initial domain cannot be removed, nor a domain that cloud-only objects still use. Returns the
   * ids of the users whose UPN changed.
   *
   * @example
   * tenant.setDomainVerified('fabrikam.com', true); // synced users with @fabrikam.com UPNs get them back
   */
  setDomainVerified(
    domain: string,
    verified: boolean,
  ): { ok: true; recalculated: string[] } | { ok: false; error: ObjectError } {
    const name = domain.trim().toLowerCase();
    const refuse = (message: string) => ({
      ok: false as const,
      error: { type: 'Request_BadRequest', message },
    });
    const known = this.s.verifiedDomains.includes(name);
    if (verified) {
      if (!DOMAIN_NAME.test(name))
        return refuse(`"${domain}" is not a domain name (fabrikam.com).`);
      if (known) return refuse(`${name} is already a domain of this tenant.`);
      if (name.endsWith('.onmicrosoft.com'))
        return refuse(`${name}: onmicrosoft.com domains come with a tenant; add a custom domain.`);
      this.s.verifiedDomains.push(name);
    } else {
      if (name === this.s.initialDomain)
        return refuse(`${name} is the initial domain of the tenant: it cannot be removed.`);
      if (!known) return refuse(`${name} is not a domain of this tenant.`);
      const users = [...this.s.active].filter(
        (o) =>
          !o.dirSyncEnabled &&
          [
            o.attributes.userPrincipalName,
            o.attributes.mail,
            ...smtpAddresses(o.attributes.proxyAddresses),
          ]
            .map((v) => (typeof v === 'string' ? domainPart(v) : undefined))
            .includes(name),
      );
      if (users.length > 0)
        return refuse(
          `${name} is still used by ${users.length} cloud-only object(s) (${users.slice(0, 3).map(describe).join(', ')}): change their userPrincipalName, mail and proxy addresses first.`,
        );
      this.s.verifiedDomains = this.s.verifiedDomains.filter((d) => d !== name);
    }
    this.log({
      kind: 'domain-changed',
      value: name,
      message: `${verified ? 'Verified' : 'Removed'} the domain ${name}.`,
    });
    const recalculated: string[] = [];
    for (const obj of this.s.active) {
      const onPremises = this.s.synced.get(obj.id)?.userPrincipalName;
      if (!obj.dirSyncEnabled || onPremises === undefined || domainPart(onPremises) !== name)
        continue;
      const effective = this.effectiveUpn(onPremises, stringOf(obj.attributes.alias));
      if (effective === stringOf(obj.attributes.userPrincipalName)) continue;
      obj.provisioningErrors = withoutErrors(obj.provisioningErrors, 'userPrincipalName');
      const holder = this.holderOf('userPrincipalName', effective, obj.id);
      obj.attributes.userPrincipalName = holder ? this.placeholderUpn(effective) : effective;
      if (holder) this.quarantine(obj, 'userPrincipalName', effective, holder);
      this.noteValues(obj);
      this.touch(obj);
      recalculated.push(obj.id);
      this.log({
        kind: 'updated',
        objectId: obj.id,
        objectType: obj.objectType,
        attribute: 'userPrincipalName',
        value: stringOf(obj.attributes.userPrincipalName),
        message: `Verified domains changed: the userPrincipalName of ${describe(obj)} was recalculated.`,
      });
    }
    return { ok: true, recalculated };
  }

  /**
   * Change tenant features (`Update-MgDirectoryOnPremiseSynchronization`). Disabling an enabled
   * feature is refused, except the two blocking flags that the documentation says to switch back.
   */
  setFeatures(change: Partial<TenantFeatures>): { ok: true } | { ok: false; error: ObjectError } {
    for (const [key, value] of Object.entries(change) as [keyof TenantFeatures, boolean][]) {
      if (this.s.features[key] && !value && !TOGGLEABLE_FEATURES.has(key)) {
        return {
          ok: false,
          error: {
            type: 'FeatureCannotBeDisabled',
            message: `${key[0]?.toUpperCase()}${key.slice(1)}: after you have enabled a feature, it can't be disabled again.`,
          },
        };
      }
    }
    for (const [key, value] of Object.entries(change) as [keyof TenantFeatures, boolean][]) {
      if (this.s.features[key] === value) continue;
      this.s.features[key] = value;
      this.log({
        kind: 'feature-changed',
        message: `${key[0]?.toUpperCase()}${key.slice(1)} set to ${value ? 'True' : 'False'}.`,
      });
    }
    return { ok: true };
  }

  /**
   * Apply one scenario step `{"tenant": change}`: adds, then modifications, deletes, hard deletes,
   * restores, features and the background sweep. Returns the failures (an empty list when all
   * succeeded); the rest of the change is still applied, as separate portal actions would be.
   *
   * @example
   * tenant.applyScenarioChange({ modify: [{ id: 'admin@contoso.com', roles: [] }], hardDelete: ['ann1234@contoso.onmicrosoft.com'] });
   */
  applyScenarioChange(change: ScenarioTenantChange): ObjectError[] {
    const results: ({ ok: true } | { ok: false; error: ObjectError })[] = [];
    const on = (target: string, act: (id: string) => TenantApiResult) => {
      const obj = this.find(target);
      results.push(obj ? act(obj.id) : this.notFound(target));
    };
    for (const input of change.add ?? []) results.push(this.addCloudObject(input));
    for (const m of change.modify ?? []) on(m.id, (id) => this.editCloudObject(id, m));
    for (const t of change.delete ?? []) {
      on(t, (id) =>
        this.get(id)?.dirSyncEnabled ? this.hardDeleteObject(id) : this.deleteCloudObject(id),
      );
    }
    for (const t of change.hardDelete ?? []) on(t, (id) => this.hardDeleteObject(id));
    for (const t of change.restore ?? []) on(t, (id) => this.restoreDeletedObject(id));
    if (change.features) results.push(this.setFeatures(change.features));
    if (change.runBackgroundTasks) this.runBackgroundTasks();
    return results.flatMap((r) => (r.ok ? [] : [r.error]));
  }

  // ---------------------------------------------------------------- helpers

  private checkCloudValues(
    type: CloudObjectType,
    attrs: AttributeBag,
    self: CloudObject | undefined,
  ): TenantApiResult | undefined {
    const upn = stringOf(attrs.userPrincipalName);
    if (type === 'user') {
      if (upn === undefined && !self) {
        return this.apiError('Request_BadRequest', 'userPrincipalName is required.');
      }
      if (upn !== undefined) {
        const domain = domainPart(upn);
        if (domain === undefined || !this.s.verifiedDomains.includes(domain)) {
          return this.apiError(
            'Request_BadRequest',
            'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
          );
        }
        if (this.holderOf('userPrincipalName', upn, self?.id))
          return this.notUnique('userPrincipalName');
      }
    }
    for (const address of smtpAddresses(attrs.proxyAddresses)) {
      if (this.holderOf('proxyAddresses', address, self?.id))
        return this.notUnique('proxyAddresses');
    }
    const anchor = stringOf(attrs.sourceAnchor);
    if (anchor !== undefined) {
      // Only users: "you can only update the sourceAnchor/immutableID (using PowerShell) on Users".
      if (type !== 'user') {
        return this.apiError('Request_BadRequest', 'Only users can be given an immutableId.');
      }
      const taken = [...this.s.active].some(
        (o) => o !== self && stringOf(o.attributes.sourceAnchor) === anchor,
      );
      if (taken) return this.notUnique('immutableId');
    }
    return undefined;
  }

  /** The active object (other than `exceptId`) that holds a unique value, if any. */
  /** The shadow attributes of a synced object: what the Entra ID connector imports. */
  shadowValues(id: string): Readonly<SyncedValues> | undefined {
    return this.s.synced.get(id);
  }

  private holderOf(attribute: string, value: string, exceptId?: string): CloudObject | undefined {
    const upn = attribute === 'userPrincipalName';
    const key = addressKey(value);
    for (const o of (upn ? this.upns : this.addresses).get(key)) {
      if (o.id === exceptId || !this.s.active.has(o)) continue;
      if (upn ? upnKey(o) === key : smtpKeys(o).includes(key)) return o;
    }
    return undefined;
  }

  private activate(o: CloudObject): void {
    this.s.active.add(o);
    this.index_(o);
    this.touch(o, true);
  }

  private index_(o: CloudObject): void {
    this.order.set(o, this.nextOrder++);
    if (this.byId.has(o.id)) this.repeatedIds.set(o.id, (this.repeatedIds.get(o.id) ?? 0) + 1);
    else this.byId.set(o.id, o);
    this.noteValues(o);
  }

  private deactivate(o: CloudObject): void {
    this.s.active.delete(o);
    this.order.delete(o);
    // The active objects still carrying the id.
    const count = this.repeatedIds.get(o.id) ?? 0;
    if (count > 1) this.repeatedIds.set(o.id, count - 1);
    else this.repeatedIds.delete(o.id);
    if (this.byId.get(o.id) === o) {
      this.byId.delete(o.id);
      // Only a repeated (scenario-given) id needs the scan for the next holder.
      if (count > 0) {
        for (const x of this.s.active)
          if (x.id === o.id) {
            this.byId.set(o.id, x);
            break;
          }
      }
    }
    this.touch(o, true);
  }

  private binAdd(o: CloudObject): void {
    this.s.recycleBin.add(o);
    this.binIds.set(o.id, (this.binIds.get(o.id) ?? 0) + 1);
    const anchor = stringOf(o.attributes.sourceAnchor);
    if (anchor === undefined) return;
    const list = this.binByAnchor.get(anchor);
    if (list) list.push(o);
    else this.binByAnchor.set(anchor, [o]);
  }

  private binDelete(o: CloudObject): void {
    this.s.recycleBin.delete(o);
    const count = (this.binIds.get(o.id) ?? 1) - 1;
    if (count > 0) this.binIds.set(o.id, count);
    else this.binIds.delete(o.id);
    const anchor = stringOf(o.attributes.sourceAnchor);
    const list = anchor === undefined ? undefined : this.binByAnchor.get(anchor);
    if (!list || anchor === undefined) return;
    const rest = list.filter((x) => x !== o);
    if (rest.length > 0) this.binByAnchor.set(anchor, rest);
    else this.binByAnchor.delete(anchor);
  }

  /**
   * Record a change of `o` in the change log. When its DN as the connector sees it may have changed
   * (a new immutableId, an activation or a deactivation), the objects referencing it are changed
   * too: their references import as that DN.
   */
  private touch(o: CloudObject, dnChanged = false): void {
    this.logId(o.id);
    if (!dnChanged) return;
    for (const r of this.referrers.get(o.id)) {
      if (r !== o && this.s.active.has(r)) this.logId(r.id);
    }
  }

  private logId(id: string): void {
    const log = this.changeLog;
    if (log.length <= this.foldFrom || log[log.length - 1] !== id) log.push(id);
  }

  /** Index the unique values an object holds now (called after every change of them). */
  private noteValues(o: CloudObject): void {
    for (const k of smtpKeys(o)) this.addresses.add(k, o);
    const upn = upnKey(o);
    if (upn !== undefined) this.upns.add(upn, o);
    // immutableId is case-sensitive.
    const anchor = stringOf(o.attributes.sourceAnchor);
    if (anchor !== undefined) this.anchors.add(anchor, o);
    for (const k in o.attributes) {
      const v = o.attributes[k];
      if (v instanceof Ref) this.referrers.add(v.dn, o);
      else if (Array.isArray(v))
        for (const x of v as readonly Scalar[]) if (x instanceof Ref) this.referrers.add(x.dn, o);
    }
  }

  private find(target: string): CloudObject | undefined {
    const all = [...this.s.active, ...this.s.recycleBin];
    const key = addressKey(target);
    return (
      all.find((o) => o.id === target) ??
      all.find((o) => addressKey(stringOf(o.attributes.userPrincipalName) ?? '') === key) ??
      all.find(
        (o) =>
          addressKey(
            primarySmtp(o.attributes.proxyAddresses) ?? stringOf(o.attributes.mail) ?? '',
          ) === key,
      ) ??
      all.find((o) => stringOf(o.attributes.displayName) === target)
    );
  }

  private newId(): string {
    for (;;) {
      const id = this.s.rng.guid();
      // The id indexes make this O(1) per object (it was a scan of every object: quadratic).
      // Same guid sequence, so ids stay deterministic for a seed.
      if (!this.byId.has(id) && !this.binIds.has(id)) return id;
    }
  }

  private log(event: Omit<TenantEvent, 'seq'>): TenantEvent {
    // The message in one piece (io/flat-text.ts): the log keeps one per export.
    const full = { seq: this.s.events.length + 1, ...event, message: flatten(event.message) };
    this.s.events.push(full);
    return full;
  }

  private refuse(type: string, message: string, related?: CloudObject): TenantExportResult {
    this.log({
      kind: 'refused',
      reason: type,
      message,
      ...(related ? { conflictsWith: related.id } : {}),
    });
    return { ok: false, error: { type, message } };
  }

  private apiError(type: string, message: string, obj?: CloudObject): TenantApiResult {
    return { ok: false, error: { type, message: obj ? `${describe(obj)}: ${message}` : message } };
  }

  private notFound(id: string): TenantApiResult {
    return this.apiError(
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }

  private notUnique(property: string): TenantApiResult {
    return this.apiError(
      'Request_BadRequest',
      `Another object with the same value for property ${property} already exists.`,
    );
  }
}

/**
 * Whether a group or contact is mail-enabled from what the connector sends: an explicit
 * `mailEnabled`; else, when it has proxy addresses, an SMTP one with `@`; else a `mail` with `@`
 * (user-and-contacts article: "If the group's proxyAddress attribute is empty, its mail attribute
 * must have a value"; non-empty, "it must contain at least one SMTP proxy address value").
 *
 * @example
 * isMailEnabled({ proxyAddresses: ['X500:/o=Contoso/cn=g'], mail: 'g@contoso.com' }) // false
 */
export function isMailEnabled(attrs: AttributeBag): boolean {
  const explicit = firstScalar(attrs.mailEnabled);
  if (typeof explicit === 'boolean') return explicit;
  if (stringsOf(attrs.proxyAddresses).length > 0) {
    return smtpAddresses(attrs.proxyAddresses).some((a) => a.includes('@'));
  }
  return (stringOf(attrs.mail) ?? '').includes('@');
}

/** The unique UPN of an object (users only), by {@link addressKey}. */
function upnKey(o: CloudObject): string | undefined {
  const upn = stringOf(o.attributes.userPrincipalName);
  return o.objectType === 'user' && upn !== undefined ? addressKey(upn) : undefined;
}

/** The unique SMTP addresses of an object, by {@link addressKey}. */
function smtpKeys(o: CloudObject): string[] {
  return smtpAddresses(o.attributes.proxyAddresses).map(addressKey);
}

const NO_OBJECTS: readonly CloudObject[] = Object.freeze([]);

/**
 * Key -> the objects noted under it, in the order they were noted. Nearly every key names one
 * object: it is stored as itself, and only a key with more gets an array (a Set per key cost
 * ~150 bytes, for ~4 keys per object).
 */
class ObjectIndex {
  private readonly m = new Map<string, CloudObject | CloudObject[]>();

  add(key: string, o: CloudObject): void {
    const cur = this.m.get(key);
    if (cur === undefined) this.m.set(key, o);
    else if (Array.isArray(cur)) {
      if (!cur.includes(o)) cur.push(o);
    } else if (cur !== o) this.m.set(key, [cur, o]);
  }

  get(key: string): readonly CloudObject[] {
    const cur = this.m.get(key);
    return cur === undefined ? NO_OBJECTS : Array.isArray(cur) ? cur : [cur];
  }
}

/** The MailNickName Entra ID derives on first sync (plan-connect-userprincipalname). */
function moeraPrefix(attrs: AttributeBag): string | undefined {
  const secondary = stringsOf(attrs.proxyAddresses).find((p) => p.startsWith('smtp:'));
  const candidates = [
    stringOf(attrs.alias),
    primarySmtp(attrs.proxyAddresses),
    stringOf(attrs.mail),
    stringOf(attrs.userPrincipalName),
    secondary?.slice(5),
  ];
  const first = candidates.find((c) => c !== undefined && c.length > 0);
  return first === undefined ? undefined : localPart(first);
}

function describe(o: CloudObject): string {
  const name =
    stringOf(o.attributes.userPrincipalName) ??
    primarySmtp(o.attributes.proxyAddresses) ??
    stringOf(o.attributes.displayName);
  return name === undefined ? o.id : `${name} (${o.id})`;
}

function firstScalar(v: Value | undefined): Scalar | undefined {
  return Array.isArray(v) ? (v[0] as Scalar | undefined) : (v as Scalar | undefined);
}

function sameList(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * proxyAddresses is multi-valued even when the connector sends one value. The bag itself when it
 * needs no change: the tenant only reads the bags it is given.
 */
function normalizeBag(bag: AttributeBag): AttributeBag {
  const proxies = bag.proxyAddresses;
  if (proxies === undefined || Array.isArray(proxies)) return bag;
  return { ...bag, proxyAddresses: [proxies as Scalar] };
}

function copyScalar(s: Scalar): Scalar {
  return s instanceof Uint8Array ? s.slice() : s;
}

function copyValue(v: Value): Value {
  return Array.isArray(v) ? (v as readonly Scalar[]).map(copyScalar) : copyScalar(v as Scalar);
}

function copyBag(bag: AttributeBag): AttributeBag {
  const out: AttributeBag = {};
  for (const [k, v] of Object.entries(bag)) out[k] = copyValue(v);
  return compactBag(out);
}

/**
 * The same attributes in a compact object. V8 turns an object that gets more than a dozen
 * properties by computed name (or loses one by `delete`) into a hash table, ~6 times the size of
 * the same properties in an object whose shape it knows; a copy by spread gets such a shape again.
 * A user's bag has ~25 attributes, and the tenant keeps one per object.
 */
function compactBag(bag: AttributeBag): AttributeBag {
  return { ...bag };
}

/**
 * The lists most objects hold empty, shared (a list per object was ~60 bytes each). Frozen: a list
 * is replaced, never changed in place, so the shared one stays empty.
 */
const NO_ROLES = Object.freeze([]) as unknown as string[];
const NO_ERRORS = Object.freeze([]) as unknown as ProvisioningError[];

function rolesOf(roles: readonly string[] | undefined): string[] {
  return roles !== undefined && roles.length > 0 ? [...roles] : NO_ROLES;
}

/** The errors without those of `attribute` (the same list when there are none). */
function withoutErrors(errors: ProvisioningError[], attribute: string): ProvisioningError[] {
  if (!errors.some((e) => e.attribute === attribute)) return errors;
  const rest = errors.filter((e) => e.attribute !== attribute);
  return rest.length > 0 ? rest : NO_ERRORS;
}

/** The string values of a list: the list itself when they all are (the connector's lists are). */
function stringList(v: Value | undefined): readonly string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string')
    ? (v as readonly string[])
    : stringsOf(v);
}

/** A copy of the object and of its bag; the values are shared. */
function readCopy(o: CloudObject): CloudObject {
  return { ...o, attributes: { ...o.attributes } };
}

/**
 * The tenant's own copy for a clone: what the tenant changes in place (the object, its bag, its
 * errors) is copied; the values and the role list, which it only ever replaces, are shared.
 */
function cloneObject(o: CloudObject): CloudObject {
  return {
    ...o,
    attributes: { ...o.attributes },
    provisioningErrors:
      o.provisioningErrors.length > 0 ? o.provisioningErrors.map((e) => ({ ...e })) : NO_ERRORS,
  };
}

function copyObject(o: CloudObject): CloudObject {
  return {
    ...o,
    roles: [...o.roles],
    attributes: copyBag(o.attributes),
    provisioningErrors: o.provisioningErrors.map((e) => ({ ...e })),
  };
}
