/**
 * The Forests screen's side of the worker: the AD forests (summaries, container tree, paged object
 * lists, one object's attributes), the Entra ID tenant as its administrator sees it, and the
 * installation choices. Reads only; every change goes through the workspace's applyAction so that
 * it can be undone and survives a reload.
 */
import { exchangeOnlineDto } from './api-connectors.ts';
import {
  AD_OBJECT_CLASSES,
  TENANT_ATTRIBUTES,
  lookupAttribute,
} from '../engine/io/attribute-syntax.ts';
import { reversibleFeatures, type WorkspaceState } from '../engine/io/workspace-apply.ts';
import type { Installation } from '../engine/io/scenario.ts';
import type { TenantFeatures } from '../engine/entra/types.ts';
import {
  containerTree,
  directoryObjectView,
  forestSummaries,
  listDirectory,
  valueTexts,
  type ContainerNode,
  type DirectoryList,
  type DirectoryListRequest,
  type DirectoryObjectView,
  type DirectoryRow,
  type ForestSummary,
} from '../engine/query/directory.ts';
import { workspaceState } from './api-workspace.ts';

export type {
  ContainerNode,
  DirectoryList,
  DirectoryListRequest,
  DirectoryObjectView,
  DirectoryRow,
  ForestSummary,
};

export interface CloudObjectDto {
  id: string;
  objectType: string;
  /** Synchronized from on-premises AD: read-only in Entra ID. */
  dirSyncEnabled: boolean;
  roles: string[];
  displayName: string;
  userPrincipalName?: string;
  mail?: string;
  attributes: { name: string; values: string[] }[];
  provisioningErrors: { attribute: string; value: string; conflictsWith: string }[];
  /** What Exchange Online would make of the object (`None`: not a recipient), and its warnings. */
  exchangeOnline?: { recipientType: string; warnings: string[] };
}

export interface TenantDto {
  initialDomain: string;
  verifiedDomains: string[];
  features: TenantFeatures;
  /** Enabled features the tenant lets an administrator switch off again. */
  reversibleFeatures: (keyof TenantFeatures)[];
  /** `null` when accidental-delete prevention is disabled. */
  deletionThreshold: number | null;
  /** The first {@link TENANT_OBJECTS_SHOWN} objects the filter lets through, in creation order. */
  objects: CloudObjectDto[];
  /** How many objects the filter lets through (after a sync, up to hundreds of thousands). */
  total: number;
}

/** Which tenant objects to list: all, cloud-only, or synchronized from AD. */
export type TenantObjectFilter = 'all' | 'cloud' | 'synced';

/** The tenant panel lists this many objects: more would only make a large message to the page. */
export const TENANT_OBJECTS_SHOWN = 500;

export interface ForestsApi {
  forests(): ForestSummary[];
  forestTree(forest: string): ContainerNode[];
  forestObjects(request: DirectoryListRequest): DirectoryList;
  forestObject(forest: string, dn: string): DirectoryObjectView | null;
  /** The structural classes an object can be created with. */
  forestObjectClasses(): string[];
  /** The tenant, with the first objects the filter lets through (the rest stay in the worker). */
  tenant(filter?: TenantObjectFilter): TenantDto | null;
  installation(): Installation | null;
}

function need(): WorkspaceState | undefined {
  return workspaceState();
}

function firstText(values: string[] | undefined): string | undefined {
  return values?.[0];
}

export const forestsApi: ForestsApi = {
  forests() {
    const s = need();
    return s ? forestSummaries(s.engine, s.scenario.forests) : [];
  },
  forestTree(forest) {
    const s = need();
    const h = s?.scenario.forests.find((f) => f.name === forest);
    return s && h ? containerTree(s.engine, h) : [];
  },
  forestObjects(request) {
    const s = need();
    return s ? listDirectory(s.engine, request) : { total: 0, offset: 0, rows: [] };
  },
  forestObject(forest, dn) {
    const s = need();
    return (s && directoryObjectView(s.engine, forest, dn)) ?? null;
  },
  forestObjectClasses: () => [...AD_OBJECT_CLASSES],
  tenant(filter = 'all') {
    const s = need();
    if (!s) return null;
    const t = s.engine.tenant;
    const matching = t
      .objects()
      .filter((o) => filter === 'all' || o.dirSyncEnabled === (filter === 'synced'));
    const objects = matching.slice(0, TENANT_OBJECTS_SHOWN).map((o): CloudObjectDto => {
      const attributes = Object.keys(o.attributes)
        .sort((a, b) => a.localeCompare(b))
        .flatMap((name) => {
          const v = o.attributes[name];
          if (v === undefined) return [];
          const kind = lookupAttribute(TENANT_ATTRIBUTES, name)?.syntax.kind ?? 'unknown';
          return [{ name, values: valueTexts(v, kind) }];
        });
      const get = (n: string) => firstText(attributes.find((a) => a.name === n)?.values);
      const upn = get('userPrincipalName');
      const mail = get('mail');
      return {
        id: o.id,
        objectType: o.objectType,
        dirSyncEnabled: o.dirSyncEnabled,
        roles: [...o.roles],
        displayName: get('displayName') ?? upn ?? mail ?? o.id,
        ...(upn !== undefined ? { userPrincipalName: upn } : {}),
        ...(mail !== undefined ? { mail } : {}),
        attributes,
        provisioningErrors: o.provisioningErrors.map((p) => ({
          attribute: p.attribute,
          value: p.value,
          conflictsWith: p.conflictsWith,
        })),
        exchangeOnline: exchangeOnlineDto(o, t.verifiedDomains),
      };
    });
    return {
      initialDomain: t.initialDomain,
      verifiedDomains: [...t.verifiedDomains],
      features: { ...t.features },
      reversibleFeatures: reversibleFeatures(s),
      deletionThreshold: s.engine.deletionThreshold,
      objects,
      total: matching.length,
    };
  },
  installation() {
    const s = need();
    return s ? { ...s.scenario.installation } : null;
  },
};
