import { Button, MenuItem, TextField, Typography } from '@mui/material';
import type { RuleImportRequestDto } from '../../worker/api-rules.ts';

export type RuleFileFormat = RuleImportRequestDto['format'];

/**
 * The format of rule files (PowerShell, JSON, server-configuration XML) and a file chooser; the
 * chosen files' names are shown, or a hint to paste the text instead.
 */
export function RuleFilesInput({
  formatLabel,
  filesLabel,
  format,
  onFormat,
  files,
  onFiles,
}: {
  formatLabel: string;
  /** The file input's accessible name. */
  filesLabel: string;
  format: RuleFileFormat;
  onFormat: (f: RuleFileFormat) => void;
  files: { name: string; text: string }[];
  onFiles: (files: { name: string; text: string }[]) => void;
}) {
  return (
    <>
      <TextField
        select
        size="small"
        label={formatLabel}
        value={format}
        onChange={(e) => onFormat(e.target.value as RuleFileFormat)}
        sx={{ minWidth: 260 }}
      >
        <MenuItem value="powershell">PowerShell script</MenuItem>
        <MenuItem value="json">JSON</MenuItem>
        <MenuItem value="xml">Server configuration XML</MenuItem>
      </TextField>
      <Button component="label">
        Choose files
        <input
          hidden
          type="file"
          multiple
          aria-label={filesLabel}
          onChange={async (e) => {
            const list = [...(e.target.files ?? [])];
            onFiles(
              await Promise.all(list.map(async (f) => ({ name: f.name, text: await f.text() }))),
            );
          }}
        />
      </Button>
      <Typography variant="body2">
        {files.length > 0 ? files.map((f) => f.name).join(', ') : 'or paste the text below'}
      </Typography>
    </>
  );
}
