import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../io/scenario.ts';
import { flowGraph } from './flow-graph.ts';
import { createEngine } from './scenario-runner.ts';

const AAD = 'contoso.onmicrosoft.com - AAD';

describe('flow graph', () => {
  it('draws every source object into the metaverse object and out to Entra ID, with values', () => {
    const parsed = parseScenario(
      readFileSync(new URL('../../../scenarios/galsync-merger.json', import.meta.url), 'utf8'),
    );
    if (!parsed.ok) throw new Error('scenario');
    const e = createEngine(parsed.scenario);
    e.runProfile('contoso.com', 'Full Import');
    const carlContact = [...e.csIds('contoso.com')]
      .map((id) => e.cs.get(id))
      .find((c) => c?.dn.startsWith('CN=Carl'));
    if (!carlContact) throw new Error('no contact');
    expect(flowGraph(e, { csId: carlContact.id }).nodes).toHaveLength(1);

    for (const c of ['contoso.com', 'fabrikam.com'])
      e.runProfile(c, c === 'contoso.com' ? 'Full Synchronization' : 'Full Import');
    e.runProfile('fabrikam.com', 'Full Synchronization');
    const g = flowGraph(e, { csId: carlContact.id });
    expect(g.mvId).toBeDefined();
    const sources = g.nodes.filter((n) => n.kind === 'source');
    expect(sources.map((n) => n.connector).sort()).toEqual(['contoso.com', 'fabrikam.com']);
    const targets = g.nodes.filter((n) => n.kind === 'target');
    expect(targets.every((n) => n.connector === AAD)).toBe(true);
    expect(targets.some((n) => n.pendingExport === 'Add' && n.objectType === 'user')).toBe(true);
    const inbound = g.edges.filter((x) => x.direction === 'Inbound');
    expect(inbound).toHaveLength(2);
    expect(inbound.every((x) => x.linkRule && x.rules.length > 0)).toBe(true);
    const fromUser = inbound.find((x) => x.linkRule?.includes('User'));
    expect(fromUser?.values.find((v) => v.attribute === 'sourceObjectType')?.value).toBe('User');
    const out = g.edges.find((x) => x.direction === 'Outbound' && x.values.length > 0);
    expect(out?.values.find((v) => v.attribute === 'displayName')?.value).toBe('Carl Berg');
    expect(out?.rules.length).toBeGreaterThan(0);
    expect(flowGraph(e, { csId: 'nope' })).toEqual({ nodes: [], edges: [] });
    expect(flowGraph(e, { mvId: g.mvId ?? '' }).nodes).toHaveLength(g.nodes.length);
  });
});
