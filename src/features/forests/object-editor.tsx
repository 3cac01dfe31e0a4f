/**
 * One AD object as "Active Directory Users and Computers" would let an administrator change it:
 * attribute values (one per line for multi-valued ones), disable / enable, move and delete. Every
 * change is a directory change the next delta import sees.
 */
import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  IconButton,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import EditOutlined from '@mui/icons-material/EditOutlined';
import { useQueryClient } from '@tanstack/react-query';
import { applyWorkspaceAction } from '../../lib/workspace.ts';
import type { ContainerNode } from '../../worker/api-forests.ts';
import type { WorkspaceAction } from '../../worker/api-workspace.ts';
import { useFeedback } from './feedback.tsx';
import { useForestObject, useForestTree } from './forests-api.ts';
import { FormDialog } from './form-dialog.tsx';

function flatten(nodes: readonly ContainerNode[], out: ContainerNode[] = []): ContainerNode[] {
  for (const n of nodes) {
    out.push(n);
    flatten(n.children, out);
  }
  return out;
}

type Editing = { name: string; text: string; isNew: boolean } | null;

export function ObjectEditor({
  forest,
  dn,
  onDnChange,
}: {
  forest: string;
  dn: string;
  onDnChange: (dn: string | undefined) => void;
}) {
  const client = useQueryClient();
  const object = useForestObject(forest, dn);
  const tree = useForestTree(forest);
  const { report } = useFeedback();
  const [editing, setEditing] = useState<Editing>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);

  const apply = async (action: WorkspaceAction, done: string) => {
    const r = await applyWorkspaceAction(client, action);
    return report(r, done, 'The change was refused; nothing changed');
  };

  if (object.isLoading) return <Typography>Loading…</Typography>;
  const o = object.data;
  if (!o) return <Typography>The object {dn} is no longer in this forest.</Typography>;

  const saveAttribute = async () => {
    if (!editing) return;
    const name = editing.name.trim();
    const values = editing.text
      .split(/\r?\n/)
      .map((v) => v.trim())
      .filter((v) => v !== '');
    const ok = await apply(
      values.length === 0
        ? { kind: 'object-modify', forest, dn: o.dn, set: {}, clear: [name] }
        : { kind: 'object-modify', forest, dn: o.dn, set: { [name]: values }, clear: [] },
      values.length === 0 ? `Cleared ${name}` : `Saved ${name}`,
    );
    if (ok) setEditing(null);
  };

  const containers = flatten(tree.data ?? []);

  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Object editor">
      <Stack spacing={1}>
        <Typography variant="h6" component="h3" sx={{ wordBreak: 'break-all' }}>
          {o.dn}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Chip label={o.objectClass} size="small" />
          {o.enabled !== undefined && (
            <Chip
              label={o.enabled ? 'Enabled' : 'Disabled'}
              color={o.enabled ? 'success' : 'default'}
              size="small"
            />
          )}
        </Stack>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {o.enabled !== undefined && (
            <Button
              variant="outlined"
              onClick={() =>
                void apply(
                  { kind: 'object-enable', forest, dn: o.dn, enabled: !o.enabled },
                  o.enabled ? 'Account disabled' : 'Account enabled',
                )
              }
            >
              {o.enabled ? 'Disable account' : 'Enable account'}
            </Button>
          )}
          <Button
            variant="outlined"
            onClick={() => setEditing({ name: '', text: '', isNew: true })}
          >
            Add attribute
          </Button>
          <Button variant="outlined" onClick={() => setMoving('')}>
            Move
          </Button>
          <Button variant="outlined" color="error" onClick={() => setDeleting(true)}>
            Delete
          </Button>
        </Stack>
        <Table size="small" aria-label="Attributes" sx={{ tableLayout: 'fixed' }}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: '38%' }}>Attribute</TableCell>
              <TableCell>Value</TableCell>
              <TableCell width={48} />
            </TableRow>
          </TableHead>
          <TableBody>
            {o.attributes.map((a) => (
              <TableRow key={a.name}>
                <TableCell sx={{ fontFamily: 'monospace', verticalAlign: 'top' }}>
                  {a.name}
                </TableCell>
                <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                  {a.values.map((v, i) => (
                    <Box key={i}>{v}</Box>
                  ))}
                </TableCell>
                <TableCell sx={{ verticalAlign: 'top' }}>
                  {!a.readOnly && (
                    <IconButton
                      size="small"
                      aria-label={`Edit ${a.name}`}
                      onClick={() =>
                        setEditing({ name: a.name, text: a.values.join('\n'), isNew: false })
                      }
                    >
                      <EditOutlined fontSize="small" />
                    </IconButton>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Stack>

      <FormDialog
        open={editing !== null}
        id="edit-attr-title"
        title={editing?.isNew ? 'Add attribute' : `Edit ${editing?.name}`}
        onClose={() => setEditing(null)}
        onSubmit={() => void saveAttribute()}
        submitLabel="Save"
      >
        {editing?.isNew && (
          <TextField
            label="Attribute name"
            autoFocus
            value={editing.name}
            onChange={(e) => setEditing({ ...editing, name: e.target.value })}
          />
        )}
        <TextField
          label="Values (one per line)"
          multiline
          minRows={3}
          autoFocus={!editing?.isNew}
          value={editing?.text ?? ''}
          onChange={(e) => editing && setEditing({ ...editing, text: e.target.value })}
          helperText="Several lines make a multi-valued attribute; no lines clear it. GUIDs and SIDs as strings, dates as ISO 8601."
        />
      </FormDialog>

      <Dialog open={moving !== null} onClose={() => setMoving(null)} aria-labelledby="move-title">
        <DialogTitle id="move-title">Move</DialogTitle>
        <DialogContent>
          <FormControl sx={{ mt: 1, minWidth: 420 }}>
            <InputLabel id="move-target-label">Move to container</InputLabel>
            <Select
              labelId="move-target-label"
              label="Move to container"
              value={moving ?? ''}
              onChange={(e) => setMoving(e.target.value)}
            >
              {containers.map((c) => (
                <MenuItem key={c.dn} value={c.dn}>
                  {c.dn}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setMoving(null)}>Cancel</Button>
          <Button
            variant="contained"
            disabled={!moving}
            onClick={async () => {
              if (!moving) return;
              const rdn = o.dn.slice(0, o.dn.search(/(?<!\\),/));
              if (
                await apply({ kind: 'object-move', forest, dn: o.dn, container: moving }, 'Moved')
              ) {
                setMoving(null);
                onDnChange(`${rdn},${moving}`);
              }
            }}
          >
            Move
          </Button>
        </DialogActions>
      </Dialog>

      <Dialog open={deleting} onClose={() => setDeleting(false)}>
        <DialogTitle>Delete {o.dn}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The object is deleted from {forest}; the next delta import sees the deletion. Undo
            brings it back.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDeleting(false)}>Cancel</Button>
          <Button
            color="error"
            variant="contained"
            onClick={async () => {
              setDeleting(false);
              if (await apply({ kind: 'object-delete', forest, dn: o.dn }, `Deleted ${o.dn}`))
                onDnChange(undefined);
            }}
          >
            Delete
          </Button>
        </DialogActions>
      </Dialog>
    </Paper>
  );
}
