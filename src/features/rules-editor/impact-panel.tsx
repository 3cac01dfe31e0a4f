import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  LinearProgress,
  MenuItem,
  Paper,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import { DataGrid, type GridColDef, type GridPaginationModel } from '@mui/x-data-grid';
import { useMutation } from '@tanstack/react-query';
import type { ImpactProgress, ImpactRow } from '../../engine/rules/impact.ts';
import type { ImpactRequestDto, ImpactSummaryDto } from '../../worker/api-rules.ts';
import { cancelImpact, computeImpact, useImpactPage } from './rules-api.ts';

type Summary = Extract<ImpactSummaryDto, { ok: true }>;

function changesText(row: ImpactRow): string {
  return row.changes
    .map((c) =>
      c.kind === 'add'
        ? `${c.attribute}: + ${c.newValue}`
        : c.kind === 'delete'
          ? `${c.attribute}: − ${c.oldValue}`
          : `${c.attribute}: ${c.oldValue} → ${c.newValue}`,
    )
    .concat(row.links)
    .join('; ');
}

const MV_COLUMNS: GridColDef<ImpactRow>[] = [
  { field: 'kind', headerName: 'Change', width: 100, sortable: false },
  { field: 'label', headerName: 'Object', flex: 1, minWidth: 200, sortable: false },
  { field: 'objectType', headerName: 'Type', width: 100, sortable: false },
  {
    field: 'changes',
    headerName: 'Attributes',
    flex: 3,
    minWidth: 320,
    sortable: false,
    valueGetter: (_v, row) => changesText(row),
  },
];

const EXPORT_COLUMNS: GridColDef<ImpactRow>[] = [
  { field: 'kind', headerName: 'Export', width: 90, sortable: false },
  { field: 'before', headerName: 'Without the change', width: 150, sortable: false },
  { field: 'connector', headerName: 'Connector', width: 220, sortable: false },
  { field: 'label', headerName: 'DN', flex: 1, minWidth: 220, sortable: false },
  {
    field: 'changes',
    headerName: 'Attributes',
    flex: 2,
    minWidth: 280,
    sortable: false,
    valueGetter: (_v, row) => changesText(row),
  },
];

/** The metaverse or export rows of an impact, paged by the worker. */
function ImpactRows({ summary }: { summary: Summary }) {
  const [list, setList] = useState<'metaverse' | 'exports'>('metaverse');
  const [connector, setConnector] = useState('');
  const [page, setPage] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const rows = useImpactPage({
    id: summary.id,
    list,
    ...(connector && list === 'exports' ? { connector } : {}),
    offset: page.page * page.pageSize,
    limit: page.pageSize,
  });
  const data = rows.data && !('expired' in rows.data) ? rows.data : undefined;
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Tabs
          value={list}
          onChange={(_, v: 'metaverse' | 'exports') => {
            setList(v);
            setPage((p) => ({ ...p, page: 0 }));
          }}
          aria-label="Impact lists"
        >
          <Tab value="metaverse" label="Metaverse changes" />
          <Tab value="exports" label="Exports" />
        </Tabs>
        {list === 'exports' && (
          <TextField
            select
            size="small"
            label="Connector"
            value={connector}
            onChange={(e) => {
              setConnector(e.target.value);
              setPage((p) => ({ ...p, page: 0 }));
            }}
            sx={{ minWidth: 260 }}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          >
            <MenuItem value="">Every connector</MenuItem>
            {summary.counts.exports.map((c) => (
              <MenuItem key={c.connector} value={c.connector}>
                {c.connector}
              </MenuItem>
            ))}
          </TextField>
        )}
      </Stack>
      {rows.data && 'expired' in rows.data && (
        <Alert severity="warning">A newer impact replaced this one: compute it again.</Alert>
      )}
      <Box sx={{ height: 420 }}>
        <DataGrid
          aria-label={list === 'metaverse' ? 'Metaverse changes' : 'Exports'}
          rows={data?.rows ?? []}
          columns={list === 'metaverse' ? MV_COLUMNS : EXPORT_COLUMNS}
          getRowId={(r) => r.id}
          rowCount={data?.total ?? 0}
          loading={rows.isFetching}
          paginationMode="server"
          paginationModel={page}
          onPaginationModelChange={setPage}
          pageSizeOptions={[25, 50, 100]}
          density="compact"
          disableColumnFilter
          disableRowSelectionOnClick
        />
      </Box>
    </Stack>
  );
}

function Counts({ summary }: { summary: Summary }) {
  const c = summary.counts;
  const d = summary.deletionCheck;
  return (
    <Stack spacing={1}>
      <Typography variant="body2" color="text.secondary">
        {summary.changedRules.length} rule{summary.changedRules.length === 1 ? '' : 's'} changed (
        {summary.changedRules.map((r) => `${r.name}: ${r.change}`).join(', ') || 'none'}).{' '}
        {summary.synchronized.connectorSpace} connector-space and {summary.synchronized.metaverse}{' '}
        metaverse objects synchronized on a copy of the workspace in {summary.elapsedMs} ms,
        compared with{' '}
        {summary.baseline === 'workspace'
          ? 'the workspace as it is'
          : `a copy on which ${summary.baselineSynchronized} unsettled objects were synchronized with the current rules`}
        . The open workspace did not change.
      </Typography>
      <Table size="small" aria-label="Impact counts" sx={{ maxWidth: 900 }}>
        <TableHead>
          <TableRow>
            <TableCell>Where</TableCell>
            <TableCell align="right">Add</TableCell>
            <TableCell align="right">Update</TableCell>
            <TableCell align="right">Delete</TableCell>
            <TableCell align="right">Export cancelled</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          <TableRow>
            <TableCell>Metaverse</TableCell>
            <TableCell align="right">{c.mvAdded}</TableCell>
            <TableCell align="right">{c.mvUpdated}</TableCell>
            <TableCell align="right">{c.mvDeleted}</TableCell>
            <TableCell align="right">—</TableCell>
          </TableRow>
          {c.exports.map((e) => (
            <TableRow key={e.connector}>
              <TableCell>
                {e.connector} {e.kind === 'AAD' ? '(tenant)' : ''}
              </TableCell>
              <TableCell align="right">{e.add}</TableCell>
              <TableCell align="right">{e.update}</TableCell>
              <TableCell align="right">{e.delete}</TableCell>
              <TableCell align="right">{e.cancelled}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {c.attributes.length > 0 && (
        <Typography variant="body2">
          Metaverse attributes changed:{' '}
          {c.attributes
            .slice(0, 12)
            .map((a) => `${a.attribute} (${a.objects})`)
            .join(', ')}
          {c.attributes.length > 12 ? ' …' : ''}
        </Typography>
      )}
      {d && (
        <Alert severity={d.exceeded ? 'error' : 'info'} aria-label="Deletion threshold">
          {d.exceeded
            ? `The next export to ${d.connector} would stop: ${d.pendingDeletes} pending deletes exceed the deletion threshold of ${d.threshold} (${d.before} without the change). ${d.message}`
            : `${d.pendingDeletes} pending deletes to ${d.connector} after the change (${d.before} without it); deletion threshold: ${d.threshold ?? 'disabled'}.`}
        </Alert>
      )}
      {summary.newErrorCount > 0 && (
        <Alert severity="warning" aria-label="New synchronization errors">
          {summary.newErrorCount} new synchronization error{summary.newErrorCount === 1 ? '' : 's'},
          for example {summary.newErrors[0]?.dn}: {summary.newErrors[0]?.message}
        </Alert>
      )}
    </Stack>
  );
}

/**
 * Impact before save: runs the changed rule set on a copy of the workspace in the worker and shows
 * the counts and the rows that would change.
 */
export function ImpactPanel({
  request,
  title = 'Impact',
}: {
  request: ImpactRequestDto;
  title?: string;
}) {
  const [progress, setProgress] = useState<ImpactProgress | null>(null);
  const impact = useMutation({
    mutationFn: (r: ImpactRequestDto) => computeImpact(r, setProgress),
    onSettled: () => setProgress(null),
  });
  const summary = impact.data;
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: 2 }}>
      <Stack spacing={2}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography variant="subtitle1" component="h3">
            {title}
          </Typography>
          <Button
            variant="outlined"
            onClick={() => impact.mutate(request)}
            disabled={impact.isPending}
          >
            {impact.isPending ? 'Computing…' : 'Compute impact'}
          </Button>
          {impact.isPending && <Button onClick={() => void cancelImpact()}>Cancel impact</Button>}
        </Stack>
        {impact.isPending && (
          <Box role="status" aria-label="Impact progress">
            <LinearProgress
              variant={progress ? 'determinate' : 'indeterminate'}
              value={progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0}
            />
            <Typography variant="body2" color="text.secondary">
              {progress
                ? `Synchronizing on the ${progress.phase === 'baseline' ? 'baseline copy' : 'copy with the changed rules'}: ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} objects.`
                : 'Copying the workspace…'}
            </Typography>
          </Box>
        )}
        {impact.error && <Alert severity="error">{String(impact.error)}</Alert>}
        {summary && !summary.ok && <Alert severity="error">{summary.messages.join(' ')}</Alert>}
        {summary?.ok && (
          <>
            <Counts summary={summary} />
            <ImpactRows key={summary.id} summary={summary} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
