/**
 * The workspace toolbar: which named workspace is open (new, rename, duplicate, delete, export,
 * import), undo and redo, and bringing data in (open / save scenario, import LDIF / CSV, generate).
 */
import { useRef, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Stack,
  TextField,
} from '@mui/material';
import UndoOutlined from '@mui/icons-material/UndoOutlined';
import RedoOutlined from '@mui/icons-material/RedoOutlined';
import { useQueryClient } from '@tanstack/react-query';
import { getEngine } from '../../worker/client.ts';
import {
  afterChange,
  createWorkspace,
  deleteWorkspace,
  duplicateWorkspace,
  exportWorkspace,
  importWorkspace,
  renameWorkspace,
  switchWorkspace,
  undoRedo,
  useWorkspaceList,
} from '../../lib/workspace.ts';
import { useChangeLog, useLibrary } from './forests-api.ts';
import { useFeedback } from './feedback.tsx';
import { download, readFileText, safeFileName } from './files.ts';
import { ImportDialog, type ImportFormat } from './import-dialog.tsx';
import { GenerateDialog } from './generate-dialog.tsx';
import { FormDialog } from './form-dialog.tsx';

type NameDialog = { kind: 'new' | 'rename' | 'duplicate'; name: string; builtIn: string } | null;

export function WorkspaceBar() {
  const client = useQueryClient();
  const list = useWorkspaceList();
  const library = useLibrary();
  const log = useChangeLog();
  const { report, show } = useFeedback();
  const [nameDialog, setNameDialog] = useState<NameDialog>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [importing, setImporting] = useState<ImportFormat | null>(null);
  const [generating, setGenerating] = useState(false);
  const [busy, setBusy] = useState(false);
  const scenarioInput = useRef<HTMLInputElement>(null);
  const workspaceInput = useRef<HTMLInputElement>(null);
  const current = list.data?.find((w) => w.current);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      show({ severity: 'error', title: 'Something went wrong', lines: [String(e)] });
    } finally {
      setBusy(false);
    }
  };

  const submitName = () =>
    run(async () => {
      if (!nameDialog) return;
      const name = nameDialog.name.trim() || 'Workspace';
      setNameDialog(null);
      if (nameDialog.kind === 'new') {
        report(
          await createWorkspace(client, name, nameDialog.builtIn),
          `Created workspace ${name}`,
          'Could not create the workspace',
        );
      } else if (current && nameDialog.kind === 'rename') {
        await renameWorkspace(client, current.id, name);
        show({ severity: 'success', title: `Renamed the workspace to ${name}`, lines: [] });
      } else if (current) {
        await duplicateWorkspace(client, current.id, name);
        show({ severity: 'success', title: `Duplicated the workspace as ${name}`, lines: [] });
      }
    });

  const openScenarioFile = (file: File) =>
    run(async () => {
      const text = await readFileText(file);
      if (!text.ok) {
        show({
          severity: 'error',
          title: 'The scenario was not opened; nothing changed',
          lines: [text.message],
        });
        return;
      }
      const r = await getEngine().openScenario(text.text, file.name);
      if (r.ok) await afterChange(client);
      report(
        r.ok ? { ok: true } : r,
        `Opened ${file.name}`,
        'The scenario was not opened; nothing changed',
      );
    });

  const importWorkspaceFile = (file: File) =>
    run(async () => {
      const text = await readFileText(file);
      if (!text.ok) {
        show({
          severity: 'error',
          title: 'The workspace was not imported; nothing changed',
          lines: [text.message],
        });
        return;
      }
      report(
        await importWorkspace(client, text.text),
        `Imported workspace from ${file.name}`,
        'The workspace was not imported; nothing changed',
      );
    });

  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 2 }} component="section" aria-label="Workspace">
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <FormControl size="small" sx={{ minWidth: 200 }}>
          <InputLabel id="workspace-select-label">Workspace</InputLabel>
          <Select
            labelId="workspace-select-label"
            label="Workspace"
            value={current?.id ?? ''}
            onChange={(e) =>
              run(async () => {
                report(
                  await switchWorkspace(client, e.target.value),
                  'Workspace opened',
                  'Could not open the workspace',
                );
              })
            }
          >
            {(list.data ?? []).map((w) => (
              <MenuItem key={w.id} value={w.id}>
                {w.name}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <Button
          variant="outlined"
          onClick={() =>
            setNameDialog({ kind: 'new', name: 'New workspace', builtIn: 'single-forest' })
          }
        >
          New workspace
        </Button>
        <Button
          disabled={!current}
          onClick={() => setNameDialog({ kind: 'rename', name: current?.name ?? '', builtIn: '' })}
        >
          Rename
        </Button>
        <Button
          disabled={!current}
          onClick={() =>
            setNameDialog({ kind: 'duplicate', name: `${current?.name ?? ''} (copy)`, builtIn: '' })
          }
        >
          Duplicate
        </Button>
        <Button disabled={!current} color="error" onClick={() => setConfirmDelete(true)}>
          Delete workspace
        </Button>
        <Button
          disabled={!current}
          onClick={() =>
            run(async () => {
              if (!current) return;
              const f = await exportWorkspace(current.id);
              download(`${safeFileName(f.name)}.synclab-workspace.json`, f.text);
            })
          }
        >
          Export workspace
        </Button>
        <Button onClick={() => workspaceInput.current?.click()}>Import workspace</Button>
        <input
          ref={workspaceInput}
          type="file"
          hidden
          aria-label="Workspace file"
          accept=".json,application/json"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importWorkspaceFile(f);
          }}
        />
        <Button
          startIcon={<UndoOutlined />}
          disabled={busy || !log.data?.canUndo}
          onClick={() =>
            run(async () => {
              report(await undoRedo(client, 'undo'), 'Undone', 'Could not undo');
            })
          }
        >
          Undo
        </Button>
        <Button
          startIcon={<RedoOutlined />}
          disabled={busy || !log.data?.canRedo}
          onClick={() =>
            run(async () => {
              report(await undoRedo(client, 'redo'), 'Redone', 'Could not redo');
            })
          }
        >
          Redo
        </Button>
      </Stack>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mt: 1.5 }}>
        <Button variant="contained" onClick={() => scenarioInput.current?.click()} disabled={busy}>
          Open scenario
        </Button>
        <input
          ref={scenarioInput}
          type="file"
          hidden
          aria-label="Scenario file"
          accept=".json,application/json"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void openScenarioFile(f);
          }}
        />
        <Button
          variant="outlined"
          disabled={busy}
          onClick={() =>
            run(async () => {
              const text = await getEngine().saveScenario();
              const ws = await getEngine().workspace();
              download(`${safeFileName(ws?.name ?? 'scenario')}.json`, text);
            })
          }
        >
          Save scenario
        </Button>
        <Button variant="outlined" disabled={busy} onClick={() => setImporting('ldif')}>
          Import LDIF
        </Button>
        <Button variant="outlined" disabled={busy} onClick={() => setImporting('csv')}>
          Import CSV
        </Button>
        <Button variant="outlined" disabled={busy} onClick={() => setGenerating(true)}>
          Generate objects
        </Button>
      </Stack>

      <FormDialog
        open={nameDialog !== null}
        id="name-dialog-title"
        title={
          nameDialog?.kind === 'new'
            ? 'New workspace'
            : nameDialog?.kind === 'rename'
              ? 'Rename workspace'
              : 'Duplicate workspace'
        }
        onClose={() => setNameDialog(null)}
        onSubmit={() => void submitName()}
        submitLabel={
          nameDialog?.kind === 'new'
            ? 'Create'
            : nameDialog?.kind === 'rename'
              ? 'Rename'
              : 'Duplicate'
        }
      >
        <TextField
          label="Name"
          autoFocus
          value={nameDialog?.name ?? ''}
          onChange={(e) => nameDialog && setNameDialog({ ...nameDialog, name: e.target.value })}
        />
        {nameDialog?.kind === 'new' && (
          <FormControl>
            <InputLabel id="new-builtin-label">Start from</InputLabel>
            <Select
              labelId="new-builtin-label"
              label="Start from"
              value={nameDialog.builtIn}
              onChange={(e) => setNameDialog({ ...nameDialog, builtIn: e.target.value })}
            >
              {(library.data ?? []).map((b) => (
                <MenuItem key={b.id} value={b.id}>
                  {b.name}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
        )}
      </FormDialog>

      <Dialog open={confirmDelete} onClose={() => setConfirmDelete(false)}>
        <DialogTitle>Delete workspace?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The workspace “{current?.name}” and everything done in it will be deleted from this
            browser. Export it first to keep a copy.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmDelete(false)}>Keep it</Button>
          <Button
            color="error"
            variant="contained"
            onClick={() =>
              run(async () => {
                setConfirmDelete(false);
                if (!current) return;
                await deleteWorkspace(client, current.id);
                show({
                  severity: 'success',
                  title: `Deleted workspace ${current.name}`,
                  lines: [],
                });
              })
            }
          >
            Delete
          </Button>
        </DialogActions>
      </Dialog>

      {importing && <ImportDialog format={importing} onClose={() => setImporting(null)} />}
      {generating && <GenerateDialog onClose={() => setGenerating(false)} />}
    </Paper>
  );
}
