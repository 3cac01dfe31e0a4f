import { useMemo, useState } from 'react';
import { afterChange } from '../../lib/workspace.ts';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Snackbar,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
} from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Direction, SyncRule } from '../../engine/rules/model.ts';
import { getEngine } from '../../worker/client.ts';
import type { RuleFilterDto, RuleRowDto } from '../../worker/api-rules.ts';
import { ImportExport } from './import-export.tsx';
import { RuleEditor } from './rule-editor.tsx';
import { ImpactPanel } from './impact-panel.tsx';
import { useConnectors, useFilterOptions, useFullSyncRequired, useRuleList } from './rules-api.ts';

const COLUMNS: GridColDef<RuleRowDto>[] = [
  { field: 'name', headerName: 'Name', flex: 2, minWidth: 260 },
  { field: 'connector', headerName: 'Connector', flex: 1, minWidth: 180 },
  { field: 'precedence', headerName: 'Precedence', type: 'number', width: 110 },
  { field: 'connectorObjectType', headerName: 'Connector Object Type', width: 170 },
  { field: 'metaverseObjectType', headerName: 'Metaverse Object Type', width: 170 },
  { field: 'linkType', headerName: 'Link Type', width: 110 },
  {
    field: 'enabled',
    headerName: 'Enabled',
    width: 90,
    valueFormatter: (v: boolean) => (v ? 'Yes' : 'No'),
  },
  { field: 'tag', headerName: 'Tag', flex: 1, minWidth: 200 },
];

type Filters = Omit<RuleFilterDto, 'direction'>;
const FILTERS: {
  key: keyof Filters;
  label: string;
  option: keyof ReturnType<typeof emptyOptions>;
}[] = [
  { key: 'connector', label: 'Connector', option: 'connectors' },
  { key: 'connectorObjectType', label: 'Connector Object Type', option: 'connectorObjectTypes' },
  { key: 'metaverseObjectType', label: 'Metaverse Object Type', option: 'metaverseObjectTypes' },
  { key: 'connectorAttribute', label: 'Connector Attribute', option: 'connectorAttributes' },
  { key: 'metaverseAttribute', label: 'Metaverse Attribute', option: 'metaverseAttributes' },
];

function emptyOptions() {
  return {
    connectors: [] as string[],
    connectorObjectTypes: [] as string[],
    metaverseObjectTypes: [] as string[],
    connectorAttributes: [] as string[],
    metaverseAttributes: [] as string[],
  };
}

interface Editing {
  rule: SyncRule;
  isNew: boolean;
  readOnly: boolean;
  disableOriginal?: string;
}

/**
 * The Synchronization Rules Editor's main view: direction, filters, the rules in precedence order
 * (disabled rules greyed), and Add new rule / Edit / Delete / Export.
 */
export function RuleList() {
  const [direction, setDirection] = useState<Direction>('Inbound');
  const [filters, setFilters] = useState<Filters>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [askClone, setAskClone] = useState<RuleRowDto | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<RuleRowDto | null>(null);
  const queryClient = useQueryClient();
  const rows = useRuleList({ direction, ...filters });
  // Flows reading attributes a connector's inclusion list leaves out flow nothing (issue 11).
  const excluded = useQuery({
    queryKey: ['workspace', 'connectors', 'excluded-reads'],
    queryFn: () => getEngine().connectorsExcludedReads(),
  });
  const columns = useMemo((): GridColDef<RuleRowDto>[] => {
    const texts = new Map((excluded.data ?? []).map((r) => [r.ruleId, r.text]));
    if (texts.size === 0) return COLUMNS;
    const column: GridColDef<RuleRowDto> = {
      field: 'excludedReads',
      headerName: 'Reads excluded attributes',
      flex: 1,
      minWidth: 220,
      valueGetter: (_v, row) => texts.get(row.id) ?? '',
    };
    return [...COLUMNS, column];
  }, [excluded.data]);
  const options = useFilterOptions(direction).data ?? emptyOptions();
  const connectors = useConnectors();
  const fullSync = useFullSyncRequired();
  const row = rows.data?.find((r) => r.id === selected) ?? null;
  const runCount = useQuery({
    queryKey: ['workspace', 'rules', 'run-count'],
    queryFn: () => getEngine().rulesRunCount(),
  });
  const run = useMutation({
    mutationFn: async (what: 'steps' | string[]) => {
      if (what === 'steps') await getEngine().rulesRunScenarioSteps();
      else await getEngine().rulesRunFullSynchronization(what);
    },
    onSettled: () => afterChange(queryClient),
  });

  const open = async (target: RuleRowDto) => {
    if (target.isDefault) {
      setAskClone(target);
      return;
    }
    const rule = await getEngine().rulesGet(target.id);
    if (rule) setEditing({ rule, isNew: false, readOnly: false });
  };

  const answerClone = async (clone: boolean) => {
    const target = askClone;
    setAskClone(null);
    if (!target) return;
    if (clone) {
      const r = await getEngine().rulesClone(target.id);
      if (r.ok)
        setEditing({ rule: r.clone, isNew: true, readOnly: false, disableOriginal: target.id });
      else setMessage(r.message);
    } else {
      const rule = await getEngine().rulesGet(target.id);
      if (rule) setEditing({ rule, isNew: false, readOnly: true });
    }
  };

  const remove = async () => {
    const target = confirmDelete;
    setConfirmDelete(null);
    if (!target) return;
    const r = await getEngine().rulesDelete(target.id);
    setMessage(r.ok ? `Deleted '${target.name}'.` : r.message);
    if (r.ok) {
      setSelected(null);
      await afterChange(queryClient);
    }
  };

  return (
    <Stack spacing={2}>
      {runCount.data === 0 && (
        <Alert
          severity="info"
          action={
            <Button disabled={run.isPending} onClick={() => run.mutate('steps')}>
              Run scenario steps
            </Button>
          }
        >
          Nothing has run in this workspace yet: the connector spaces and the metaverse are empty.
          Run the scenario&apos;s steps to test rules on real objects.
        </Alert>
      )}
      {run.error && <Alert severity="error">{String(run.error)}</Alert>}
      {(fullSync.data ?? []).length > 0 && (
        <Alert
          severity="warning"
          role="status"
          aria-label="Full Synchronization required"
          action={
            <Button disabled={run.isPending} onClick={() => run.mutate(fullSync.data ?? [])}>
              Run Full Synchronization
            </Button>
          }
        >
          Full Synchronization required: {(fullSync.data ?? []).join(', ')}. The rules changed since
          the last Full Synchronization of{' '}
          {(fullSync.data ?? []).length === 1 ? 'this connector' : 'these connectors'}.
        </Alert>
      )}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={direction}
          aria-label="Direction"
          onChange={(_, v: Direction | null) => {
            if (v) {
              setDirection(v);
              setFilters({});
              setSelected(null);
            }
          }}
        >
          <ToggleButton value="Inbound">Inbound</ToggleButton>
          <ToggleButton value="Outbound">Outbound</ToggleButton>
        </ToggleButtonGroup>
        <Box sx={{ flex: 1 }} />
        <Button
          variant="contained"
          onClick={async () => {
            const rule = await getEngine().rulesNew(direction);
            setEditing({ rule, isNew: true, readOnly: false });
          }}
        >
          Add new rule
        </Button>
        <Button disabled={!row} onClick={() => row && void open(row)}>
          Edit
        </Button>
        <Button
          disabled={!row}
          onClick={() => {
            if (!row) return;
            if (row.isDefault)
              setMessage(
                `'${row.name}' is an out-of-box rule: an upgrade would re-create it. Disable it instead.`,
              );
            else setConfirmDelete(row);
          }}
        >
          Delete
        </Button>
        <Button onClick={() => setExportOpen(true)}>Export</Button>
      </Stack>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        {FILTERS.map((f) => (
          <Autocomplete
            key={f.key}
            size="small"
            options={options[f.option]}
            value={filters[f.key] ?? null}
            onChange={(_, v) => setFilters((old) => ({ ...old, [f.key]: v ?? undefined }))}
            renderInput={(params) => <TextField {...params} label={f.label} />}
            sx={{ width: 230 }}
          />
        ))}
      </Stack>
      <Box sx={{ height: 560 }}>
        <DataGrid
          aria-label="Synchronization rules"
          rows={rows.data ?? []}
          columns={columns}
          loading={rows.isPending}
          density="compact"
          hideFooterSelectedRowCount
          onRowClick={(p) => setSelected(String(p.id))}
          onRowDoubleClick={(p) => void open(p.row)}
          getRowClassName={(p) =>
            [p.row.enabled ? '' : 'rule-disabled', p.id === selected ? 'rule-selected' : ''].join(
              ' ',
            )
          }
          sx={{
            '& .rule-disabled': { color: 'text.disabled', fontStyle: 'italic' },
            '& .rule-selected': { bgcolor: 'action.selected' },
          }}
        />
      </Box>
      <Dialog open={askClone !== null} onClose={() => setAskClone(null)}>
        <DialogTitle>Edit Reserved Rule Confirmation</DialogTitle>
        <DialogContent>
          <DialogContentText>
            &lsquo;{askClone?.name}&rsquo; is an out-of-box rule: changes to it are overwritten on
            upgrade. Do you want to clone it? The copy is opened for editing and the original is
            disabled when you save it. Choose No to view the rule read-only.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => void answerClone(false)}>No</Button>
          <Button variant="contained" onClick={() => void answerClone(true)}>
            Yes
          </Button>
        </DialogActions>
      </Dialog>
      {editing && connectors.data && (
        <RuleEditor
          initial={editing.rule}
          isNew={editing.isNew}
          readOnly={editing.readOnly}
          {...(editing.disableOriginal ? { disableOriginal: editing.disableOriginal } : {})}
          connectors={connectors.data}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              setSelected(editing.rule.id);
              setMessage(
                `Saved '${editing.rule.name}'.` +
                  (saved.fullSyncRequired.length > 0
                    ? ` Full Synchronization required: ${saved.fullSyncRequired.join(', ')}.`
                    : ''),
              );
            }
          }}
        />
      )}
      {confirmDelete && (
        <Dialog
          open
          onClose={() => setConfirmDelete(null)}
          fullWidth
          maxWidth="lg"
          aria-labelledby="delete-rule-title"
        >
          <DialogTitle id="delete-rule-title">Delete synchronization rule</DialogTitle>
          <DialogContent>
            <Stack spacing={2}>
              <DialogContentText>
                Delete &lsquo;{confirmDelete.name}&rsquo;? Objects it joined, projected or flowed
                values for change at the next Full Synchronization; see what would change, and
                whether the tenant deletes stay below the deletion threshold, before you delete.
              </DialogContentText>
              <ImpactPanel
                request={{ kind: 'delete', id: confirmDelete.id }}
                title="Impact of deleting the rule"
              />
            </Stack>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setConfirmDelete(null)}>Cancel</Button>
            <Button color="error" variant="contained" onClick={() => void remove()}>
              Delete
            </Button>
          </DialogActions>
        </Dialog>
      )}
      {exportOpen && (
        <ImportExport
          selected={row ? { id: row.id, name: row.name } : null}
          onClose={() => setExportOpen(false)}
        />
      )}
      <Snackbar
        open={message !== null}
        autoHideDuration={6000}
        onClose={() => setMessage(null)}
        message={message ?? ''}
      />
    </Stack>
  );
}
