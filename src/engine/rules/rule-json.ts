/**
 * Rules as JSON: the export is a scenario file (DESIGN.md §2) whose forests and tenant only name
 * the connectors and whose `rules.custom` holds the rules, so it opens in SyncLab on its own and
 * reads back with the scenario reader's checks and `file:line:column` messages.
 */
import { formatScenarioError, parseScenario, serializeScenario } from '../io/scenario.ts';
import type { ConnectorKind } from './editor-schema.ts';
import type { SyncRule } from './model.ts';

export interface JsonConnector {
  name: string;
  kind: ConnectorKind;
}

export type RulesJsonResult = { ok: true; rules: SyncRule[] } | { ok: false; messages: string[] };

/**
 * Writes rules as a scenario file naming the given connectors.
 *
 * @example
 * writeRulesJson([rule], [{ name: 'contoso.com', kind: 'ad' }, { name: 'contoso.onmicrosoft.com - AAD', kind: 'aad' }]);
 * // '{\n  "synclab": 1,\n  "name": "Exported rules", …'
 */
export function writeRulesJson(
  rules: readonly SyncRule[],
  connectors: readonly JsonConnector[],
): string {
  const aad = connectors.find((c) => c.kind === 'aad');
  const skeleton = {
    synclab: 1,
    name: 'Exported rules',
    description: 'Synchronization rules exported from the SyncLab rules editor.',
    tenant: { initialDomain: aad ? aad.name.replace(/ - AAD$/i, '') : 'contoso.onmicrosoft.com' },
    forests: connectors
      .filter((c) => c.kind === 'ad')
      .map((c) => ({ name: c.name, netbios: (c.name.split('.')[0] ?? c.name).toUpperCase() })),
    rules: { defaults: false },
    steps: [],
  };
  const parsed = parseScenario(JSON.stringify(skeleton));
  // The skeleton is fixed apart from connector names, which the scenario reader accepts as given.
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => formatScenarioError(e)).join('\n'));
  return serializeScenario({
    ...parsed.scenario,
    rules: { defaults: false, disable: [], custom: rules.map((r) => structuredClone(r)) },
  });
}

/**
 * Reads the rules of a scenario file (such as one {@link writeRulesJson} wrote). Connector names
 * are matched to `connectors` without regard to case; any error rejects the whole file.
 *
 * @example
 * const r = readRulesJson(text, 'rules.json', connectors);
 * if (!r.ok) r.messages; // ['rules.json:14:22: rules.custom[0].precedence: …']
 */
export function readRulesJson(
  text: string,
  fileName: string,
  connectors: readonly JsonConnector[],
): RulesJsonResult {
  const parsed = parseScenario(text, fileName);
  if (!parsed.ok)
    return { ok: false, messages: parsed.errors.map((e) => formatScenarioError(e, fileName)) };
  const messages: string[] = [];
  const rules = parsed.scenario.rules.custom.map((r, i) => {
    const c = connectors.find((x) => x.name.toLowerCase() === r.connector.toLowerCase());
    if (!c)
      messages.push(
        `${fileName}: rules.custom[${i}] ('${r.name}'): the connector '${r.connector}' is not in this workspace.`,
      );
    return { ...r, connector: c?.name ?? r.connector };
  });
  if (rules.length === 0)
    messages.push(`${fileName}: the file has no rules (rules.custom is empty).`);
  return messages.length > 0 ? { ok: false, messages } : { ok: true, rules };
}
