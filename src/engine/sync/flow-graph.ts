/**
 * The flow picture of one object: every source connector-space object, through the rules that
 * joined or projected it and flowed its values, into the metaverse object, and out through the
 * outbound rules to the connector-space objects they provisioned or joined (the Entra ID one
 * among them). Plain nodes and edges; the UI only lays them out.
 */
import type { SyncEngine } from './engine.ts';
import type { CsObject, MvObject } from './model.ts';
import { displayValue } from './value-keys.ts';

export interface FlowGraphNode {
  id: string;
  kind: 'source' | 'metaverse' | 'target';
  /** The CS object id or the MV object id. */
  objectId: string;
  connector?: string;
  label: string;
  objectType: string;
  /** How the object is linked: joined, projected, provisioned. */
  link?: string;
  /** The pending export of a target object (Add, Update, Delete). */
  pendingExport?: string;
}

export interface FlowGraphValue {
  attribute: string;
  value: string;
}

export interface FlowGraphEdge {
  id: string;
  source: string;
  target: string;
  direction: 'Inbound' | 'Outbound';
  /** The rule that linked the objects (join, projection or provisioning rule). */
  linkRule?: string;
  /** Every rule that flowed a value along the edge, in precedence order. */
  rules: string[];
  values: FlowGraphValue[];
}

export interface FlowGraph {
  mvId?: string;
  nodes: FlowGraphNode[];
  edges: FlowGraphEdge[];
}

function csNode(cs: CsObject, kind: 'source' | 'target'): FlowGraphNode {
  return {
    id: 'cs:' + cs.id,
    kind,
    objectId: cs.id,
    connector: cs.connector,
    label: cs.dn,
    objectType: cs.objectType,
    ...(cs.link?.link ? { link: cs.link.link } : {}),
    ...(cs.pendingExport ? { pendingExport: cs.pendingExport.type } : {}),
  };
}

function inboundEdge(e: SyncEngine, cs: CsObject, mv: MvObject): FlowGraphEdge {
  const provenance = e.provenance(mv.id);
  const values: FlowGraphValue[] = [];
  const rules = new Map<string, number>();
  for (const attr of Object.keys(provenance).sort()) {
    const p = provenance[attr];
    if (!p) continue;
    const contributed = p.csId === cs.id || p.contributors?.some((c) => c.csId === cs.id);
    if (!contributed) continue;
    values.push({ attribute: attr, value: displayValue(mv.attributes[attr]) });
    const rule = p.csId === cs.id ? p : p.contributors?.find((c) => c.csId === cs.id);
    if (rule) rules.set(rule.ruleName, rule.precedence);
  }
  return {
    id: `in:${cs.id}`,
    source: 'cs:' + cs.id,
    target: 'mv:' + mv.id,
    direction: 'Inbound',
    ...(cs.link ? { linkRule: cs.link.ruleName } : {}),
    rules: [...rules].sort((a, b) => a[1] - b[1]).map(([name]) => name),
    values,
  };
}

function outboundEdge(cs: CsObject, mv: MvObject): FlowGraphEdge {
  const values: FlowGraphValue[] = [];
  for (const attr of [...cs.managed].sort()) {
    const v =
      cs.pendingExport?.set[attr] ?? cs.exportMemory?.[attr] ?? cs.attributes[attr] ?? undefined;
    if (v !== undefined) values.push({ attribute: attr, value: displayValue(v) });
  }
  return {
    id: `out:${cs.id}`,
    source: 'mv:' + mv.id,
    target: 'cs:' + cs.id,
    direction: 'Outbound',
    ...(cs.link ? { linkRule: cs.link.ruleName } : {}),
    rules: cs.outLineage.map((l) => l.ruleName),
    values,
  };
}

/** An object feeds the metaverse when it was joined or projected, or when its rules contribute. */
function isSource(cs: CsObject): boolean {
  if (cs.link) return cs.link.direction === 'Inbound';
  return cs.contributions.values.length > 0;
}

/**
 * The flow picture of a connector-space or metaverse object. A disconnector gives one node.
 *
 * @example
 * const g = flowGraph(engine, { csId: annInContoso });
 * g.edges.find((x) => x.direction === 'Outbound')?.values // [{ attribute: 'displayName', value: 'Ann Lee' }, ...]
 */
export function flowGraph(e: SyncEngine, target: { csId: string } | { mvId: string }): FlowGraph {
  let mvId: string | undefined;
  if ('mvId' in target) mvId = target.mvId;
  else {
    const cs = e.cs.get(target.csId);
    if (!cs) return { nodes: [], edges: [] };
    mvId = cs.mvId;
    if (!mvId) return { nodes: [csNode(cs, 'source')], edges: [] };
  }
  const mv = e.mv.get(mvId);
  if (!mv) return { nodes: [], edges: [] };
  const nodes: FlowGraphNode[] = [
    {
      id: 'mv:' + mv.id,
      kind: 'metaverse',
      objectId: mv.id,
      label: displayValue(mv.attributes.displayName ?? mv.id),
      objectType: mv.objectType,
    },
  ];
  const edges: FlowGraphEdge[] = [];
  for (const id of mv.connectors) {
    const cs = e.cs.get(id);
    if (!cs) continue;
    if (isSource(cs)) {
      nodes.push(csNode(cs, 'source'));
      edges.push(inboundEdge(e, cs, mv));
    } else {
      nodes.push(csNode(cs, 'target'));
      edges.push(outboundEdge(cs, mv));
      // An exported object's confirmed values can flow back in (cloudSourceAnchor, for example).
      const back = inboundEdge(e, cs, mv);
      if (back.values.length > 0) edges.push(back);
    }
  }
  return { mvId: mv.id, nodes, edges };
}
