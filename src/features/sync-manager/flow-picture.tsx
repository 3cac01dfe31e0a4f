import { useMemo } from 'react';
import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Alert, Box, Paper, Typography } from '@mui/material';
import type { FlowGraph, FlowGraphEdge } from '../../engine/sync/flow-graph.ts';
import { useFlowGraph } from './sync-api.ts';

const MAX_VALUES = 6;

type ValuesEdge = Edge<{ flow: FlowGraphEdge }, 'values'>;

function ValuesEdgeView(props: EdgeProps<ValuesEdge>) {
  const [path, x, y] = getBezierPath(props);
  const flow = props.data?.flow;
  const shown = flow?.values.slice(0, MAX_VALUES) ?? [];
  const more = (flow?.values.length ?? 0) - shown.length;
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} />
      <EdgeLabelRenderer>
        <Paper
          variant="outlined"
          className="nodrag nopan"
          sx={{
            position: 'absolute',
            transform: `translate(-50%, -50%) translate(${x}px, ${y}px)`,
            p: 0.5,
            fontSize: 10,
            maxWidth: 220,
            pointerEvents: 'all',
          }}
          aria-label={`Flow ${flow?.direction ?? ''}`}
        >
          {flow?.linkRule && (
            <Box sx={{ fontWeight: 600 }}>
              {flow.direction === 'Inbound' ? 'Link: ' : 'Provisioned by: '}
              {flow.linkRule}
            </Box>
          )}
          {flow && flow.rules.length > 0 && (
            <Box sx={{ color: 'text.secondary' }}>Rules: {flow.rules.join(', ')}</Box>
          )}
          {shown.map((v) => (
            <Box key={v.attribute} sx={{ whiteSpace: 'nowrap', overflow: 'hidden' }}>
              {v.attribute} = {v.value}
            </Box>
          ))}
          {more > 0 && <Box sx={{ color: 'text.secondary' }}>+{more} more values</Box>}
        </Paper>
      </EdgeLabelRenderer>
    </>
  );
}

const edgeTypes = { values: ValuesEdgeView };

/** Sources on the left, the metaverse object in the middle, exported objects on the right. */
function layout(graph: FlowGraph): { nodes: Node[]; edges: ValuesEdge[] } {
  const columns = { source: 0, metaverse: 520, target: 1040 } as const;
  const rows = { source: 0, metaverse: 0, target: 0 };
  const nodes: Node[] = graph.nodes.map((n) => {
    const y = rows[n.kind]++ * 260;
    const title =
      n.kind === 'metaverse'
        ? `Metaverse ${n.objectType}: ${n.label}`
        : `${n.connector ?? ''} (${n.objectType})${n.pendingExport ? ` · pending ${n.pendingExport}` : ''}`;
    return {
      id: n.id,
      position: { x: columns[n.kind], y },
      data: { label: `${title}\n${n.kind === 'metaverse' ? n.objectId : n.label}` },
      style: { whiteSpace: 'pre-wrap', width: 240, fontSize: 11 },
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
    };
  });
  const edges: ValuesEdge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: 'values',
    data: { flow: e },
  }));
  return { nodes, edges };
}

/** The flow picture of one connector-space object and the metaverse object it is joined to. */
export function FlowPicture({ csId }: { csId: string }) {
  const graph = useFlowGraph(csId);
  const drawn = useMemo(() => (graph.data ? layout(graph.data) : null), [graph.data]);
  if (graph.error) return <Alert severity="error">{String(graph.error)}</Alert>;
  if (!drawn) return <Typography>Drawing…</Typography>;
  return (
    <Box
      role="figure"
      aria-label="Flow picture"
      sx={{ height: 480, border: 1, borderColor: 'divider' }}
    >
      {drawn.edges.length === 0 && (
        <Typography sx={{ p: 1 }} variant="body2">
          The object is a disconnector: nothing flows from it.
        </Typography>
      )}
      <ReactFlow
        nodes={drawn.nodes}
        edges={drawn.edges}
        edgeTypes={edgeTypes}
        fitView
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
      />
    </Box>
  );
}
