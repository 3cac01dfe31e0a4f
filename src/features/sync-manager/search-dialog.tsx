import { useMemo, useState } from 'react';
import { workerPaging } from '../../lib/worker-grid.ts';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import {
  DataGrid,
  type GridColDef,
  type GridPaginationModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import type { CsSearchRequest } from '../../worker/api-sync.ts';
import type { CsSearchRow, CsSearchScope } from '../../engine/query/cs-search.ts';
import { useCsSearch } from './sync-api.ts';

type ScopeKind = CsSearchScope['kind'];

const SCOPES: { kind: ScopeKind; label: string }[] = [
  { kind: 'all', label: 'All objects' },
  { kind: 'rdn', label: 'RDN' },
  { kind: 'dn-or-anchor', label: 'DN or anchor' },
  { kind: 'subtree', label: 'Sub-Tree' },
  { kind: 'pending-import', label: 'Pending Import' },
  { kind: 'pending-export', label: 'Pending Export' },
  { kind: 'disconnectors', label: 'Disconnectors' },
  { kind: 'errors', label: 'Objects in error' },
];

const BASE_COLUMNS: GridColDef<CsSearchRow>[] = [
  { field: 'dn', headerName: 'Distinguished Name', flex: 2, minWidth: 260 },
  { field: 'objectType', headerName: 'Object Type', width: 120 },
  { field: 'state', headerName: 'State', width: 120 },
  { field: 'pendingImport', headerName: 'Pending Import', width: 120, sortable: false },
  { field: 'pendingExport', headerName: 'Pending Export', width: 120, sortable: false },
  { field: 'error', headerName: 'Error', width: 200, sortable: false },
];

function scopeOf(
  kind: ScopeKind,
  value: string,
  ops: { add: boolean; update: boolean; delete: boolean },
): CsSearchScope {
  switch (kind) {
    case 'rdn':
    case 'dn-or-anchor':
      return { kind, value };
    case 'subtree':
      return { kind, base: value };
    case 'pending-import':
    case 'pending-export':
      return { kind, ...ops };
    default:
      return { kind };
  }
}

/** Search Connector Space: scopes, column settings, paging and sorting done by the worker. */
export function SearchDialog({
  connectors,
  initialConnector,
  open,
  onClose,
  onOpenObject,
}: {
  connectors: string[];
  initialConnector: string;
  open: boolean;
  onClose: () => void;
  onOpenObject: (csId: string) => void;
}) {
  const [connector, setConnector] = useState(initialConnector);
  const [kind, setKind] = useState<ScopeKind>('all');
  const [value, setValue] = useState('');
  const [ops, setOps] = useState({ add: true, update: true, delete: true });
  const [columnText, setColumnText] = useState('displayName');
  const [request, setRequest] = useState<CsSearchRequest | null>(null);
  const [page, setPage] = useState<GridPaginationModel>({ page: 0, pageSize: 25 });
  const [sort, setSort] = useState<GridSortModel>([]);

  const columns = useMemo(
    () =>
      columnText
        .split(/[,;\s]+/)
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    [columnText],
  );
  const paged: CsSearchRequest | null = request && {
    ...request,
    offset: page.page * page.pageSize,
    limit: page.pageSize,
    ...(sort[0] ? { sort: { field: sort[0].field, descending: sort[0].sort === 'desc' } } : {}),
  };
  const result = useCsSearch(paged);
  const gridColumns = useMemo<GridColDef<CsSearchRow>[]>(
    () => [
      ...BASE_COLUMNS,
      ...(request?.columns ?? []).map((c): GridColDef<CsSearchRow> => ({
        field: c,
        headerName: c,
        width: 180,
        valueGetter: (_v, row) => row.columns[c] ?? '',
      })),
    ],
    [request?.columns],
  );

  const search = () => {
    setPage((p) => ({ ...p, page: 0 }));
    setRequest({ connector, scope: scopeOf(kind, value, ops), columns });
  };

  const needsValue = kind === 'rdn' || kind === 'dn-or-anchor' || kind === 'subtree';
  const pending = kind === 'pending-import' || kind === 'pending-export';
  return (
    <Dialog open={open} onClose={onClose} maxWidth="xl" fullWidth aria-labelledby="cs-search-title">
      <DialogTitle id="cs-search-title">Search Connector Space</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
            <TextField
              select
              label="Connector"
              value={connector}
              onChange={(e) => setConnector(e.target.value)}
              sx={{ minWidth: 260 }}
            >
              {connectors.map((c) => (
                <MenuItem key={c} value={c}>
                  {c}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              label="Scope"
              value={kind}
              onChange={(e) => setKind(e.target.value as ScopeKind)}
              sx={{ minWidth: 200 }}
            >
              {SCOPES.map((s) => (
                <MenuItem key={s.kind} value={s.kind}>
                  {s.label}
                </MenuItem>
              ))}
            </TextField>
            {needsValue && (
              <TextField
                label={
                  kind === 'subtree' ? 'Container DN' : kind === 'rdn' ? 'RDN' : 'DN or anchor'
                }
                value={value}
                onChange={(e) => setValue(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') search();
                }}
                sx={{ minWidth: 320 }}
              />
            )}
            {pending &&
              (['add', 'update', 'delete'] as const).map((k) => (
                <FormControlLabel
                  key={k}
                  control={
                    <Checkbox
                      checked={ops[k]}
                      onChange={(e) => setOps({ ...ops, [k]: e.target.checked })}
                    />
                  }
                  label={k[0]?.toUpperCase() + k.slice(1)}
                />
              ))}
            <Button variant="contained" onClick={search}>
              Search
            </Button>
          </Stack>
          <TextField
            label="Column settings"
            helperText="Attributes shown as columns, separated by commas (e.g. displayName, mail)"
            value={columnText}
            onChange={(e) => setColumnText(e.target.value)}
            size="small"
          />
          {result.error && <Alert severity="error">{String(result.error)}</Alert>}
          <Box sx={{ height: 460 }}>
            <DataGrid
              aria-label="Search results"
              rows={result.data?.rows ?? []}
              columns={gridColumns}
              rowCount={result.data?.total ?? 0}
              loading={result.isFetching}
              {...workerPaging(page, setPage, sort, setSort)}
              onRowClick={(p) => onOpenObject(String(p.id))}
            />
          </Box>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
