/**
 * The AD forests: each forest with its domains and counts per class, its container tree, a paged
 * list of the objects in the chosen container (paged and filtered in the worker) and the object
 * editor. The selection lives in the address, so a reload comes back to it.
 */
import { workerPaging } from '../../lib/worker-grid.ts';
import { useState } from 'react';
import {
  Box,
  Button,
  Card,
  CardActionArea,
  CardContent,
  Chip,
  Collapse,
  FormControl,
  FormControlLabel,
  IconButton,
  InputLabel,
  List,
  ListItemButton,
  ListItemText,
  MenuItem,
  Paper,
  Select,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import ExpandMore from '@mui/icons-material/ExpandMore';
import ChevronRight from '@mui/icons-material/ChevronRight';
import { DataGrid, type GridColDef, type GridSortModel } from '@mui/x-data-grid';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { applyWorkspaceAction } from '../../lib/workspace.ts';
import type { ContainerNode, DirectoryRow } from '../../worker/api-forests.ts';
import { useFeedback } from './feedback.tsx';
import { useForestObjects, useForests, useForestTree, useObjectClasses } from './forests-api.ts';
import { ObjectEditor } from './object-editor.tsx';
import { FormDialog } from './form-dialog.tsx';

function TreeNode({
  node,
  depth,
  selected,
  onSelect,
}: {
  node: ContainerNode;
  depth: number;
  selected: string | undefined;
  onSelect: (dn: string) => void;
}) {
  const [open, setOpen] = useState(depth === 0);
  const has = node.children.length > 0;
  return (
    <>
      <ListItemButton
        dense
        selected={selected?.toLowerCase() === node.dn.toLowerCase()}
        onClick={() => onSelect(node.dn)}
        sx={{ pl: 1 + depth * 2 }}
        aria-label={node.dn}
      >
        {has ? (
          <IconButton
            size="small"
            aria-label={open ? `Collapse ${node.name}` : `Expand ${node.name}`}
            onClick={(e) => {
              e.stopPropagation();
              setOpen(!open);
            }}
          >
            {open ? <ExpandMore fontSize="small" /> : <ChevronRight fontSize="small" />}
          </IconButton>
        ) : (
          <Box sx={{ width: 30 }} />
        )}
        <ListItemText primary={node.name} secondary={`${node.childCount} objects`} />
      </ListItemButton>
      {has && (
        <Collapse in={open} unmountOnExit>
          {node.children.map((c) => (
            <TreeNode
              key={c.dn}
              node={c}
              depth={depth + 1}
              selected={selected}
              onSelect={onSelect}
            />
          ))}
        </Collapse>
      )}
    </>
  );
}

const COLUMNS: GridColDef<DirectoryRow>[] = [
  { field: 'name', headerName: 'Name', flex: 1, minWidth: 160 },
  { field: 'objectClass', headerName: 'Class', width: 150 },
  { field: 'sAMAccountName', headerName: 'sAMAccountName', width: 150, sortable: false },
  { field: 'mail', headerName: 'mail', flex: 1, minWidth: 160, sortable: false },
  {
    field: 'enabled',
    headerName: 'Enabled',
    width: 90,
    sortable: false,
    valueGetter: (_v, row) => (row.enabled === undefined ? '' : row.enabled ? 'Yes' : 'No'),
  },
];

function AddObjectDialog({
  forest,
  container,
  onClose,
  onAdded,
}: {
  forest: string;
  container: string;
  onClose: () => void;
  onAdded: (dn: string) => void;
}) {
  const client = useQueryClient();
  const classes = useObjectClasses();
  const { report } = useFeedback();
  const [cls, setCls] = useState('user');
  const [name, setName] = useState('');
  const [sam, setSam] = useState('');
  const [upn, setUpn] = useState('');
  const [mail, setMail] = useState('');
  const isOu = cls === 'organizationalUnit';
  const dn = `${isOu ? 'OU' : 'CN'}=${name.replace(/([,+"\\<>;=])/g, '\\$1')},${container}`;
  const submit = async () => {
    const attributes: Record<string, string[]> = {};
    if (!isOu) attributes.cn = [name];
    if (cls === 'user') {
      if (sam) attributes.sAMAccountName = [sam];
      if (upn) attributes.userPrincipalName = [upn];
      attributes.userAccountControl = ['512'];
    }
    if (cls === 'group') {
      if (sam) attributes.sAMAccountName = [sam];
      attributes.groupType = ['-2147483646'];
    }
    if (mail && !isOu) attributes.mail = [mail];
    if (name && !isOu) attributes.displayName = [name];
    const r = await applyWorkspaceAction(client, {
      kind: 'object-add',
      forest,
      dn,
      objectClass: cls,
      attributes,
    });
    if (report(r, `Added ${dn}`, 'The object was not added')) {
      onClose();
      onAdded(dn);
    }
  };
  return (
    <FormDialog
      id="add-object-title"
      title="Add object"
      onClose={onClose}
      onSubmit={() => void submit()}
      submitLabel="Add"
      submitDisabled={!name.trim()}
    >
      <Typography variant="body2">In {container}</Typography>
      <FormControl>
        <InputLabel id="add-class-label">Object class</InputLabel>
        <Select
          labelId="add-class-label"
          label="Object class"
          value={cls}
          onChange={(e) => setCls(e.target.value)}
        >
          {(classes.data ?? ['user', 'group', 'contact', 'organizationalUnit']).map((c) => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      {(cls === 'user' || cls === 'group') && (
        <TextField label="sAMAccountName" value={sam} onChange={(e) => setSam(e.target.value)} />
      )}
      {cls === 'user' && (
        <TextField label="userPrincipalName" value={upn} onChange={(e) => setUpn(e.target.value)} />
      )}
      {!isOu && <TextField label="mail" value={mail} onChange={(e) => setMail(e.target.value)} />}
      <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        {dn}
      </Typography>
    </FormDialog>
  );
}

export function ForestBrowser() {
  const [params, setParams] = useSearchParams();
  const forests = useForests();
  const forest = params.get('forest') ?? forests.data?.[0]?.name;
  const summary = forests.data?.find((f) => f.name === forest) ?? forests.data?.[0];
  const container = params.get('container') ?? summary?.domains[0]?.dn;
  const dn = params.get('dn') ?? undefined;
  const tree = useForestTree(summary?.name);
  const [text, setText] = useState('');
  const [subtree, setSubtree] = useState(true);
  const [page, setPage] = useState({ page: 0, pageSize: 50 });
  const [sort, setSort] = useState<GridSortModel>([]);
  const [adding, setAdding] = useState(false);
  const sortField = sort[0]?.field as 'name' | 'objectClass' | undefined;
  const objects = useForestObjects({
    forest: summary?.name ?? '',
    ...(container ? { container } : {}),
    subtree,
    text,
    offset: page.page * page.pageSize,
    limit: page.pageSize,
    ...(sortField ? { sort: { field: sortField, descending: sort[0]?.sort === 'desc' } } : {}),
  });

  const select = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) p.delete(k);
      else p.set(k, v);
    }
    setParams(p, { replace: true });
  };

  if (forests.isLoading) return <Typography>Loading forests…</Typography>;
  if (!summary)
    return <Typography>This workspace has no AD forest yet: import or generate one.</Typography>;

  return (
    <Stack spacing={2}>
      <Stack
        direction="row"
        spacing={2}
        useFlexGap
        sx={{ flexWrap: 'wrap' }}
        component="section"
        aria-label="AD forests"
      >
        {(forests.data ?? []).map((f) => (
          <Card
            key={f.name}
            variant="outlined"
            sx={{
              minWidth: 260,
              borderColor: f.name === summary.name ? 'primary.main' : undefined,
            }}
          >
            <CardActionArea
              aria-label={`Forest ${f.name}`}
              onClick={() => {
                setPage({ ...page, page: 0 });
                select({ forest: f.name, container: undefined, dn: undefined });
              }}
            >
              <CardContent>
                <Typography variant="h6" component="h2">
                  {f.name}
                </Typography>
                {f.domains.map((d) => (
                  <Typography key={d.name} variant="body2" color="text.secondary">
                    Domain {d.name} (NetBIOS {d.netbios})
                  </Typography>
                ))}
                <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', mt: 1 }}>
                  {Object.entries(f.counts)
                    .sort(([a], [b]) => a.localeCompare(b))
                    .map(([cls, n]) => (
                      <Chip key={cls} size="small" label={`${cls}: ${n.toLocaleString('en-US')}`} />
                    ))}
                  <Chip
                    size="small"
                    variant="outlined"
                    label={`total: ${f.total.toLocaleString('en-US')}`}
                  />
                </Stack>
              </CardContent>
            </CardActionArea>
          </Card>
        ))}
      </Stack>
      <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Paper
          variant="outlined"
          sx={{ width: { lg: 260 }, maxHeight: 600, overflow: 'auto' }}
          component="nav"
          aria-label="Containers"
        >
          <List dense disablePadding>
            {(tree.data ?? []).map((n) => (
              <TreeNode
                key={n.dn}
                node={n}
                depth={0}
                selected={container}
                onSelect={(c) => {
                  setPage({ ...page, page: 0 });
                  select({ container: c, dn: undefined });
                }}
              />
            ))}
          </List>
        </Paper>
        <Stack spacing={1} sx={{ flex: 1, minWidth: 0, width: '100%' }}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <TextField
              size="small"
              label="Search objects"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setPage({ ...page, page: 0 });
              }}
            />
            <FormControlLabel
              control={<Switch checked={subtree} onChange={(e) => setSubtree(e.target.checked)} />}
              label="Include subcontainers"
            />
            <Button variant="outlined" onClick={() => setAdding(true)} disabled={!container}>
              Add object
            </Button>
          </Stack>
          <Box sx={{ height: 480 }}>
            <DataGrid
              aria-label="Objects"
              rows={objects.data?.rows ?? []}
              getRowId={(r) => r.dn}
              columns={COLUMNS}
              rowCount={objects.data?.total ?? 0}
              loading={objects.isFetching}
              {...workerPaging(page, setPage, sort, setSort)}
              rowSelectionModel={{ type: 'include', ids: new Set(dn ? [dn] : []) }}
              onRowClick={(p) => select({ dn: String(p.id) })}
            />
          </Box>
        </Stack>
        <Box sx={{ width: { lg: 520 }, minWidth: 0, flexShrink: 0 }}>
          {dn ? (
            <ObjectEditor forest={summary.name} dn={dn} onDnChange={(d) => select({ dn: d })} />
          ) : (
            <Typography color="text.secondary">
              Choose an object to see and edit its attributes.
            </Typography>
          )}
        </Box>
      </Stack>
      {adding && container && (
        <AddObjectDialog
          forest={summary.name}
          container={container}
          onClose={() => setAdding(false)}
          onAdded={(d) => select({ dn: d })}
        />
      )}
    </Stack>
  );
}
