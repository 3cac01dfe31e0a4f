import { useState } from 'react';
import { afterChange } from '../../lib/workspace.ts';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getEngine } from '../../worker/client.ts';
import type { RuleExportFormat, RuleImportRequestDto } from '../../worker/api-rules.ts';
import { importRules } from './rules-api.ts';
import { RuleFilesInput } from './rule-files-input.tsx';

type Which = 'selected' | 'all';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Export one rule or all as the editor's PowerShell script or as JSON, and import such scripts,
 * JSON files or the server-configuration XML. A bad file changes nothing and says where it failed.
 */
export function ImportExport({
  selected,
  onClose,
}: {
  selected: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const [which, setWhich] = useState<Which>(selected ? 'selected' : 'all');
  const [format, setFormat] = useState<RuleExportFormat>('powershell');
  const [importFormat, setImportFormat] = useState<RuleImportRequestDto['format']>('powershell');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<{ name: string; text: string }[]>([]);
  const queryClient = useQueryClient();
  const ids = which === 'selected' && selected ? [selected.id] : undefined;
  const exported = useQuery({
    queryKey: ['workspace', 'rules', 'export', format, ids ?? 'all'],
    queryFn: () => getEngine().rulesExport({ format, ...(ids ? { ids } : {}) }),
  });
  const imported = useMutation({
    mutationFn: importRules,
    onSuccess: async (r) => {
      if (r.ok) await afterChange(queryClient);
    },
  });
  const extension = format === 'json' ? 'json' : 'ps1';

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg" aria-labelledby="import-export-title">
      <DialogTitle id="import-export-title">Export and import rules</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <Typography variant="subtitle1" component="h3">
            Export
          </Typography>
          <Stack direction="row" spacing={2}>
            <TextField
              select
              size="small"
              label="Rules to export"
              value={which}
              onChange={(e) => setWhich(e.target.value as Which)}
              sx={{ minWidth: 300 }}
            >
              {selected && <MenuItem value="selected">The selected rule: {selected.name}</MenuItem>}
              <MenuItem value="all">Every rule</MenuItem>
            </TextField>
            <TextField
              select
              size="small"
              label="Export format"
              value={format}
              onChange={(e) => setFormat(e.target.value as RuleExportFormat)}
              sx={{ minWidth: 200 }}
            >
              <MenuItem value="powershell">PowerShell</MenuItem>
              <MenuItem value="json">JSON</MenuItem>
            </TextField>
            <Button
              disabled={!exported.data}
              onClick={() =>
                exported.data && download(`synchronization-rules.${extension}`, exported.data)
              }
            >
              Download
            </Button>
          </Stack>
          <TextField
            label="Exported rules"
            value={exported.data ?? ''}
            multiline
            minRows={6}
            maxRows={14}
            slotProps={{
              htmlInput: {
                readOnly: true,
                spellCheck: false,
                style: { fontFamily: 'monospace', fontSize: 12 },
              },
            }}
          />
          <Typography variant="subtitle1" component="h3">
            Import
          </Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <RuleFilesInput
              formatLabel="Import format"
              filesLabel="Files to import"
              format={importFormat}
              onFormat={setImportFormat}
              files={files}
              onFiles={setFiles}
            />
          </Stack>
          <TextField
            label="Text to import"
            value={text}
            onChange={(e) => setText(e.target.value)}
            multiline
            minRows={4}
            maxRows={10}
            slotProps={{
              htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 } },
            }}
          />
          <Stack direction="row">
            <Button
              variant="contained"
              disabled={imported.isPending || (files.length === 0 && text.trim() === '')}
              onClick={() =>
                imported.mutate({
                  format: importFormat,
                  files:
                    files.length > 0
                      ? files
                      : [{ name: importFormat === 'json' ? 'pasted.json' : 'pasted text', text }],
                })
              }
            >
              Import
            </Button>
          </Stack>
          {imported.data && (
            <Alert
              severity={imported.data.ok ? 'success' : 'error'}
              role="status"
              aria-label="Import result"
            >
              {imported.data.ok
                ? `Imported ${imported.data.added.length + imported.data.replaced.length} rule(s): ${[
                    ...imported.data.added.map((n) => `${n} (added)`),
                    ...imported.data.replaced.map((n) => `${n} (replaced)`),
                  ].join(', ')}.`
                : `Nothing was imported. ${imported.data.messages.join(' ')}`}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
