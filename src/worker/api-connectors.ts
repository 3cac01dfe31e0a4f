/**
 * Connector configuration in the worker (issue 11): each AD connector's filters with the choices
 * the forest offers, the predicted deletes of a change, staging mode, the pending-export review and
 * the Exchange Online view of the tenant. Changes go through the workspace action log
 * (`applyAction`), so they autosave and undo like every other edit.
 */
import { exchangeOnlineRecipient } from '../engine/entra/exchange-online.ts';
import type { CloudObject } from '../engine/entra/types.ts';
import { containerTree, type ContainerNode } from '../engine/query/directory.ts';
import {
  connectorConfiguration,
  fullImportRequiredByConfiguration,
  inContainers,
  stagingMode,
  type ConnectorConfiguration,
} from '../engine/sync/connector-config.ts';
import { configurationImpact, pendingExportReview } from '../engine/sync/connector-impact.ts';
import type { SyncEngine } from '../engine/sync/engine.ts';
import { excludedAttributeReads } from '../engine/sync/excluded-attributes.ts';
import type { RunRecord } from '../engine/sync/model.ts';
import { displayValue } from '../engine/sync/value-keys.ts';
import { workspaceState } from './api-workspace.ts';

export interface ContainerDto {
  dn: string;
  name: string;
  depth: number;
}

export interface AdConnectorConfigDto {
  connector: string;
  configuration: ConnectorConfiguration;
  fullImportRequired: boolean;
  /** Domains and containers, depth-first (the wizard's tree). */
  containers: ContainerDto[];
  /** Groups of the forest, for the group filter. */
  groups: string[];
  /** Object classes in the forest, with the attributes their objects carry. */
  objectTypes: { objectType: string; attributes: string[] }[];
}

export interface ConnectorsOverviewDto {
  stagingMode: boolean;
  deletionThreshold: number | null;
  connectors: AdConnectorConfigDto[];
  /** Connectors with pending exports, for the review. */
  pendingExports: { connector: string; count: number }[];
  /** The last Export run to Entra ID. */
  lastAadExport?: { connector: string; status: string; message?: string };
}

export interface ConfigurationImpactDto {
  outOfScope: number;
  intoScope: number;
  tenantDeletes: number;
  pendingDeletes: number;
  threshold: number | null;
  exceeded: boolean;
  message?: string;
  /** The first DNs the change takes out of scope. */
  sample: string[];
  /** The containers (of the connector's tree) in scope with the changed configuration. */
  containersInScope: string[];
  /** Inbound rule flows that would read attributes the changed inclusion list leaves out. */
  excludedReads: { ruleName: string; where: string; attributes: string[] }[];
}

export interface ExportReviewRowDto {
  dn: string;
  objectType: string;
  omodt: string;
  attributes: { attribute: string; amodt: string; oldValue: string; newValue: string }[];
}

export interface ExchangeRowDto {
  id: string;
  objectType: string;
  name: string;
  dirSyncEnabled: boolean;
  recipientType: string;
  reason: string;
  warnings: string[];
}

/** The connector configuration screen's worker side. */
export interface ConnectorsApi {
  connectorsOverview(): ConnectorsOverviewDto | null;
  connectorsPredict(connector: string, change: ConnectorConfiguration): ConfigurationImpactDto;
  connectorsExportReview(
    connector: string,
    offset: number,
    limit: number,
  ): { rows: ExportReviewRowDto[]; total: number };
  /** Per inbound rule, the attributes it reads that its connector's inclusion list leaves out. */
  connectorsExcludedReads(): { ruleId: string; text: string }[];
  connectorsExchange(request: { problemsOnly: boolean; offset: number; limit: number }): {
    rows: ExchangeRowDto[];
    total: number;
  };
}

function flatten(nodes: readonly ContainerNode[], depth: number, out: ContainerDto[]): void {
  for (const n of nodes) {
    if (
      n.objectClass !== 'domainDNS' &&
      n.objectClass !== 'organizationalUnit' &&
      n.objectClass !== 'container'
    )
      continue;
    out.push({ dn: n.dn, name: n.name, depth });
    flatten(n.children, depth + 1, out);
  }
}

const WIZARD_OBJECT_TYPES = [
  'computer',
  'contact',
  'foreignSecurityPrincipal',
  'group',
  'inetOrgPerson',
  'user',
];

/**
 * The Exchange Online recipient type of a tenant object, for the tenant view.
 *
 * @example
 * exchangeOnlineDto(cloudObject, ['contoso.com']) // { recipientType: 'MailUser', warnings: [] }
 */
export function exchangeOnlineDto(
  o: Pick<CloudObject, 'objectType' | 'attributes'>,
  verifiedDomains: readonly string[],
): { recipientType: string; warnings: string[] } {
  const r = exchangeOnlineRecipient(o, { verifiedDomains });
  return { recipientType: r.recipientTypeDetails ?? 'None', warnings: r.warnings };
}

function engine(): SyncEngine | undefined {
  return workspaceState()?.engine;
}

function adConfig(e: SyncEngine, connector: string): AdConnectorConfigDto {
  const s = workspaceState();
  const header = s?.scenario.forests.find((f) => f.name.toLowerCase() === connector.toLowerCase());
  const containers: ContainerDto[] = [];
  if (header) flatten(containerTree(e, header), 0, containers);
  const groups: string[] = [];
  // The wizard's object types are offered even when the forest has none of them yet.
  const types = new Map<string, Set<string>>(WIZARD_OBJECT_TYPES.map((t) => [t, new Set()]));
  for (const o of e.forests.get(header?.name ?? connector)?.values() ?? []) {
    if (o.objectClass === 'group') groups.push(o.dn);
    if (o.objectClass === 'organizationalUnit' || o.objectClass === 'container') continue;
    let set = types.get(o.objectClass);
    if (!set) types.set(o.objectClass, (set = new Set()));
    for (const k of Object.keys(o.attributes)) set.add(k);
  }
  return {
    connector,
    configuration: connectorConfiguration(e, connector),
    fullImportRequired: fullImportRequiredByConfiguration(e, connector),
    containers,
    groups: groups.sort((a, b) => a.localeCompare(b)),
    objectTypes: [...types.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([objectType, attrs]) => ({
        objectType,
        attributes: [...attrs].sort((a, b) => a.localeCompare(b)),
      })),
  };
}

function lastAadExport(e: SyncEngine): Pick<ConnectorsOverviewDto, 'lastAadExport'> {
  let last: RunRecord | undefined;
  for (const r of e.runs.values())
    if (r.profile === 'Export' && e.connector(r.connector)?.kind === 'AAD') last = r;
  if (!last) return {};
  return {
    lastAadExport: {
      connector: last.connector,
      status: last.status,
      ...(last.message ? { message: last.message } : {}),
    },
  };
}

export const connectorsApi: ConnectorsApi = {
  connectorsOverview() {
    const e = engine();
    if (!e) return null;
    return {
      stagingMode: stagingMode(e),
      deletionThreshold: e.deletionThreshold,
      connectors: e.connectors.filter((c) => c.kind === 'AD').map((c) => adConfig(e, c.name)),
      ...lastAadExport(e),
      pendingExports: e.connectors
        .map((c) => ({ connector: c.name, count: e.pendingExportIds(c.name).size }))
        .filter((p) => p.count > 0),
    };
  },

  connectorsPredict(connector, change) {
    const e = engine();
    if (!e) throw new Error('No workspace is open.');
    const r = configurationImpact(e, connector, change);
    return {
      outOfScope: r.outOfScope.length,
      intoScope: r.intoScope.length,
      tenantDeletes: r.tenantDeletes.length,
      pendingDeletes: r.pendingDeletes,
      threshold: r.threshold.threshold,
      exceeded: r.threshold.exceeded,
      ...(r.threshold.exceeded ? { message: r.threshold.message } : {}),
      sample: r.outOfScope.slice(0, 20).map((o) => o.dn),
      excludedReads: excludedAttributeReads(e.rules.values(), connector, {
        ...connectorConfiguration(e, connector),
        ...change,
      }).map(({ ruleName, where, attributes }) => ({ ruleName, where, attributes })),
      containersInScope: adConfig(e, connector)
        .containers.filter((c) =>
          inContainers(c.dn, { ...connectorConfiguration(e, connector), ...change }.containers),
        )
        .map((c) => c.dn),
    };
  },

  connectorsExportReview(connector, offset, limit) {
    const e = engine();
    if (!e) return { rows: [], total: 0 };
    const all = pendingExportReview(e, connector);
    return {
      total: all.length,
      rows: all.slice(offset, offset + limit).map((r) => ({
        dn: r.dn,
        objectType: r.objectType,
        omodt: r.omodt,
        attributes: r.attributes.map((a) => ({
          attribute: a.attribute,
          amodt: a.amodt,
          oldValue: displayValue(a.change.oldValue),
          newValue: displayValue(a.change.newValue),
        })),
      })),
    };
  },

  connectorsExcludedReads() {
    const e = engine();
    if (!e) return [];
    const byRule = new Map<string, string[]>();
    for (const c of e.connectors) {
      if (c.kind !== 'AD') continue;
      const reads = excludedAttributeReads(
        e.rules.values(),
        c.name,
        connectorConfiguration(e, c.name),
      );
      for (const r of reads) {
        const list = byRule.get(r.ruleId) ?? [];
        byRule.set(r.ruleId, [...list, `${r.where}: ${r.attributes.join(', ')}`]);
      }
    }
    return [...byRule].map(([ruleId, texts]) => ({ ruleId, text: texts.join('; ') }));
  },

  connectorsExchange({ problemsOnly, offset, limit }) {
    const e = engine();
    if (!e) return { rows: [], total: 0 };
    const verifiedDomains = e.tenant.verifiedDomains;
    const rows: ExchangeRowDto[] = [];
    for (const o of e.tenant.objects()) {
      const r = exchangeOnlineRecipient(o, { verifiedDomains });
      if (problemsOnly && r.warnings.length === 0) continue;
      const a = o.attributes;
      rows.push({
        id: o.id,
        objectType: o.objectType,
        name: displayValue(a.displayName ?? a.userPrincipalName ?? a.mail) || o.id,
        dirSyncEnabled: o.dirSyncEnabled,
        recipientType: r.recipientTypeDetails ?? 'None',
        reason: r.reason,
        warnings: r.warnings,
      });
    }
    rows.sort((x, y) => x.name.localeCompare(y.name));
    return { total: rows.length, rows: rows.slice(offset, offset + limit) };
  },
};
