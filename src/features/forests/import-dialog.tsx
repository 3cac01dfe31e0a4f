/**
 * "Import LDIF" / "Import CSV": a file into a chosen forest (or a new one). The worker checks the
 * whole file first; any error leaves the workspace as it was and names its line and column.
 */
import { useRef, useState } from 'react';
import { Button, DialogContentText, Stack, Typography } from '@mui/material';
import { FormDialog } from './form-dialog.tsx';
import { useQueryClient } from '@tanstack/react-query';
import { applyWorkspaceAction } from '../../lib/workspace.ts';
import { useFeedback } from './feedback.tsx';
import { readFileText } from './files.ts';
import {
  ForestTargetFields,
  NEW_FOREST,
  netbiosOf,
  targetFields,
  type ForestTarget,
} from './forest-target.tsx';
import { useForests } from './forests-api.ts';
import { WorkProgress } from './progress-actions.tsx';

export type ImportFormat = 'ldif' | 'csv';

/** The DNS domain of the first DN in an LDIF or CSV file, to propose a new forest's name. */
function firstDomain(text: string): string | undefined {
  const m = /DC=[^,"\r\n]+(?:,\s*DC=[^,"\r\n]+)*/i.exec(text);
  return m?.[0]
    .split(',')
    .map((p) => p.trim().slice(3))
    .join('.')
    .toLowerCase();
}

export function ImportDialog({ format, onClose }: { format: ImportFormat; onClose: () => void }) {
  const client = useQueryClient();
  const forests = useForests();
  const { report, show } = useFeedback();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [target, setTarget] = useState<ForestTarget>({
    forest: forests.data?.[0]?.name ?? NEW_FOREST,
    newName: '',
    newNetbios: '',
  });
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const label = format === 'ldif' ? 'LDIF' : 'CSV';

  const choose = async (f: File) => {
    const r = await readFileText(f);
    if (!r.ok) {
      onClose();
      show({
        severity: 'error',
        title: `The ${label} file was not imported; nothing changed`,
        lines: [r.message],
      });
      return;
    }
    setFile({ name: f.name, text: r.text });
    const domain = firstDomain(r.text);
    const known = forests.data?.find((x) => x.domains.some((d) => d.name === domain));
    if (known) setTarget((t) => ({ ...t, forest: known.name }));
    else if (domain)
      setTarget({ forest: NEW_FOREST, newName: domain, newNetbios: netbiosOf(domain) });
  };

  const start = async () => {
    if (!file) return;
    setProgress({ done: 0, total: 0 });
    const r = await applyWorkspaceAction(
      client,
      { kind: 'import', format, fileName: file.name, text: file.text, ...targetFields(target) },
      (done, total) => setProgress({ done, total }),
    );
    setProgress(null);
    onClose();
    report(r, `Imported ${file.name}`, `${file.name} was not imported; nothing changed`);
  };

  return (
    <FormDialog
      id="import-title"
      title={`Import ${label}`}
      onClose={onClose}
      onSubmit={() => void start()}
      submitLabel="Import"
      cancelLabel="Close"
      busy={!!progress}
      submitDisabled={!file}
    >
      <DialogContentText>
        {format === 'ldif'
          ? 'An LDIF file as ldifde -f writes it (RFC 2849: base64 values, folded lines, changetype: add).'
          : 'A CSV file as csvde -f or Get-ADUser | Export-Csv writes it (multi-valued values joined with ;).'}{' '}
        The whole file is checked first: an error imports nothing.
      </DialogContentText>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button variant="outlined" onClick={() => input.current?.click()} disabled={!!progress}>
          Choose file
        </Button>
        <Typography>{file?.name ?? 'No file chosen'}</Typography>
        <input
          ref={input}
          type="file"
          hidden
          aria-label={`${label} file`}
          accept={format === 'ldif' ? '.ldf,.ldif,.txt' : '.csv,.txt'}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void choose(f);
          }}
        />
      </Stack>
      <ForestTargetFields value={target} onChange={setTarget} />
      {progress && <WorkProgress label="Import progress" {...progress} />}
    </FormDialog>
  );
}
