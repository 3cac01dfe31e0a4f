import { Fragment, useState } from 'react';
import {
  Alert,
  Button,
  Chip,
  IconButton,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import ExpandMore from '@mui/icons-material/ExpandMore';
import ExpandLess from '@mui/icons-material/ExpandLess';
import { useMutation } from '@tanstack/react-query';
import type { CompareStatus } from '../../engine/rules/rule-set-compare.ts';
import type { CompareResultDto, ReferenceDto } from '../../worker/api-rules.ts';
import { getEngine } from '../../worker/client.ts';
import { ImpactPanel } from './impact-panel.tsx';
import { RuleFilesInput, type RuleFileFormat } from './rule-files-input.tsx';

const STATUS_COLOR: Record<CompareStatus, 'success' | 'error' | 'warning' | 'default'> = {
  Added: 'success',
  Deleted: 'error',
  Modified: 'warning',
  Unchanged: 'default',
};

/**
 * The current rules against a reference (the out-of-box rules of this installation, or rule files),
 * rule by rule and field by field, and what replacing the current set by the reference would do.
 */
export function CompareTab() {
  const [kind, setKind] = useState<'defaults' | 'file'>('defaults');
  const [format, setFormat] = useState<RuleFileFormat>('powershell');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<{ name: string; text: string }[]>([]);
  const [showUnchanged, setShowUnchanged] = useState(false);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [reference, setReference] = useState<ReferenceDto | null>(null);
  const compare = useMutation({
    mutationFn: (r: ReferenceDto): Promise<CompareResultDto> => getEngine().rulesCompare(r),
  });
  const run = () => {
    const r: ReferenceDto =
      kind === 'defaults'
        ? { kind: 'defaults' }
        : {
            kind: 'file',
            request: {
              format,
              files: files.length > 0 ? files : [{ name: 'pasted text', text }],
            },
          };
    setReference(r);
    setOpen(new Set());
    compare.mutate(r);
  };
  const result = compare.data;
  const rows = result?.ok
    ? result.rows.filter((r) => showUnchanged || r.status !== 'Unchanged')
    : [];
  const counts = result?.ok
    ? (['Added', 'Deleted', 'Modified', 'Unchanged'] as const).map(
        (s) => `${result.rows.filter((r) => r.status === s).length} ${s.toLowerCase()}`,
      )
    : [];

  return (
    <Stack spacing={2} component="section" aria-label="Compare rule sets">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          select
          size="small"
          label="Compare with"
          value={kind}
          onChange={(e) => setKind(e.target.value as 'defaults' | 'file')}
          sx={{ minWidth: 300 }}
        >
          <MenuItem value="defaults">The out-of-box rules (defaults)</MenuItem>
          <MenuItem value="file">An imported file</MenuItem>
        </TextField>
        {kind === 'file' && (
          <>
            <RuleFilesInput
              formatLabel="File format"
              filesLabel="Files to compare"
              format={format}
              onFormat={setFormat}
              files={files}
              onFiles={setFiles}
            />
          </>
        )}
        <Button
          variant="contained"
          onClick={run}
          disabled={compare.isPending || (kind === 'file' && files.length === 0 && !text.trim())}
        >
          Compare
        </Button>
      </Stack>
      {kind === 'file' && files.length === 0 && (
        <TextField
          label="Rules to compare with"
          value={text}
          onChange={(e) => setText(e.target.value)}
          multiline
          minRows={3}
          maxRows={8}
          slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
        />
      )}
      {result && !result.ok && (
        <Alert severity="error">Nothing to compare. {result.messages.join(' ')}</Alert>
      )}
      {result?.ok && (
        <>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Typography variant="body2" role="status" aria-label="Compare summary">
              Current rules against {result.reference}: {counts.join(', ')}.
            </Typography>
            <Button size="small" onClick={() => setShowUnchanged((v) => !v)}>
              {showUnchanged ? 'Hide unchanged rules' : 'Show unchanged rules'}
            </Button>
          </Stack>
          <Table size="small" aria-label="Rule differences">
            <TableHead>
              <TableRow>
                <TableCell>Change</TableCell>
                <TableCell>Rule</TableCell>
                <TableCell>Connector</TableCell>
                <TableCell>Direction</TableCell>
                <TableCell align="right">Precedence (reference → current)</TableCell>
                <TableCell>Notes</TableCell>
                <TableCell>Fields</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r, i) => (
                <Fragment key={`${r.status}-${r.currentId ?? r.referenceId}`}>
                  <TableRow>
                    <TableCell>
                      <Chip size="small" label={r.status} color={STATUS_COLOR[r.status]} />
                    </TableCell>
                    <TableCell>{r.name}</TableCell>
                    <TableCell>{r.connector}</TableCell>
                    <TableCell>{r.direction}</TableCell>
                    <TableCell align="right">
                      {r.referencePrecedence ?? '—'} → {r.currentPrecedence ?? '—'}
                    </TableCell>
                    <TableCell>{r.note ?? ''}</TableCell>
                    <TableCell>
                      {r.differences.length > 0 && (
                        <IconButton
                          size="small"
                          aria-label={`${open.has(i) ? 'Hide' : 'Show'} the differences of ${r.name}`}
                          aria-expanded={open.has(i)}
                          onClick={() =>
                            setOpen((s) => {
                              const n = new Set(s);
                              if (n.has(i)) n.delete(i);
                              else n.add(i);
                              return n;
                            })
                          }
                        >
                          {open.has(i) ? <ExpandLess /> : <ExpandMore />}
                        </IconButton>
                      )}
                      {r.differences.length > 0 ? r.differences.length : ''}
                    </TableCell>
                  </TableRow>
                  {open.has(i) && (
                    <TableRow>
                      <TableCell colSpan={7} sx={{ pl: 6 }}>
                        <Table size="small" aria-label={`Differences of ${r.name}`}>
                          <TableHead>
                            <TableRow>
                              <TableCell>Section</TableCell>
                              <TableCell>Field</TableCell>
                              <TableCell>Reference</TableCell>
                              <TableCell>Current</TableCell>
                            </TableRow>
                          </TableHead>
                          <TableBody>
                            {r.differences.map((d, n) => (
                              <TableRow key={n}>
                                <TableCell>{d.section}</TableCell>
                                <TableCell>{d.field}</TableCell>
                                <TableCell>
                                  <code>{d.reference}</code>
                                </TableCell>
                                <TableCell>
                                  <code>{d.current}</code>
                                </TableCell>
                              </TableRow>
                            ))}
                          </TableBody>
                        </Table>
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              ))}
            </TableBody>
          </Table>
          {reference && (
            <ImpactPanel
              request={{ kind: 'reference', reference }}
              title="Impact of replacing the current rules with the reference"
            />
          )}
        </>
      )}
    </Stack>
  );
}
