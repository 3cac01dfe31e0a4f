import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import type { ObjectTraceDto } from '../../engine/index.ts';
import type { CsObjectPropertiesDto } from '../../worker/api-sync.ts';
import { FlowPicture } from './flow-picture.tsx';
import { previewObject, useCsObject, valueText } from './sync-api.ts';
import { ChangesTable, TraceView } from './trace-view.tsx';

type TabName = 'import' | 'export' | 'lineage' | 'error' | 'flow';

function ImportTab({ cs }: { cs: CsObjectPropertiesDto }) {
  const changes = new Map((cs.pendingImport?.changes ?? []).map((c) => [c.attribute, c]));
  const names = [...new Set([...Object.keys(cs.attributes), ...changes.keys()])].sort();
  return (
    <Stack spacing={1}>
      <Typography variant="body2">
        Pending import: {cs.pendingImport ? cs.pendingImport.type : 'None'}
      </Typography>
      <Table size="small" aria-label="Import attributes">
        <TableHead>
          <TableRow>
            <TableCell>Attribute</TableCell>
            <TableCell>Old Value</TableCell>
            <TableCell>New Value</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {names.map((n) => {
            const c = changes.get(n);
            const old = c ? c.oldValue : cs.attributes[n];
            return (
              <TableRow key={n} selected={c !== undefined}>
                <TableCell>{n}</TableCell>
                <TableCell sx={{ wordBreak: 'break-all' }}>{valueText(old)}</TableCell>
                <TableCell sx={{ wordBreak: 'break-all' }}>
                  {c ? (c.kind === 'delete' ? '(deleted)' : valueText(c.newValue)) : ''}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Stack>
  );
}

function ExportTab({ cs }: { cs: CsObjectPropertiesDto }) {
  const pe = cs.pendingExport;
  if (!pe) return <Typography variant="body2">No pending export.</Typography>;
  return (
    <Stack spacing={1}>
      <Typography variant="body2">
        Pending export: {pe.type}
        {pe.dn !== cs.dn ? ` (rename to ${pe.dn})` : ''}
      </Typography>
      <ChangesTable changes={pe.changes} label="Pending export" />
    </Stack>
  );
}

function LineageTab({ cs }: { cs: CsObjectPropertiesDto }) {
  return (
    <Stack spacing={1}>
      <Typography variant="body2">
        Metaverse object:{' '}
        {cs.mvSummary
          ? `${cs.mvSummary.displayName ?? cs.mvSummary.id} (${cs.mvSummary.objectType}, ${cs.mvSummary.connectors} connectors) · ${cs.mvSummary.id}`
          : 'none (disconnector)'}
      </Typography>
      <Typography variant="body2">Connector state: {cs.state}</Typography>
      <Table size="small" aria-label="Sync rules applied">
        <TableHead>
          <TableRow>
            <TableCell>Sync rule</TableCell>
            <TableCell>Direction</TableCell>
            <TableCell>Action</TableCell>
            <TableCell>Link</TableCell>
            <TableCell>PasswordSync</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {cs.lineage.map((l, i) => (
            <TableRow key={`${l.ruleId}-${i}`}>
              <TableCell>{l.ruleName}</TableCell>
              <TableCell>{l.direction}</TableCell>
              <TableCell>{l.action}</TableCell>
              <TableCell>{l.link ?? ''}</TableCell>
              <TableCell>{l.passwordSync ? 'True' : 'False'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
}

function ErrorTab({ cs }: { cs: CsObjectPropertiesDto }) {
  const errors = [cs.syncError, cs.exportError].filter((e) => e !== undefined);
  if (errors.length === 0) return <Typography variant="body2">The object has no error.</Typography>;
  return (
    <Stack spacing={1}>
      {errors.map((e) => (
        <Alert key={e.type} severity="error">
          {e.type}: {e.message}
        </Alert>
      ))}
    </Stack>
  );
}

function PreviewPane({ csId }: { csId: string }) {
  const client = useQueryClient();
  const [mode, setMode] = useState<'full' | 'delta'>('full');
  const [result, setResult] = useState<{ trace: ObjectTraceDto | null; messages: string[] }>();
  const [committed, setCommitted] = useState(false);
  const go = async (commit: boolean) => {
    setResult(await previewObject(client, csId, mode, commit));
    setCommitted(commit);
  };
  return (
    <Stack spacing={1} role="region" aria-label="Preview">
      <RadioGroup
        row
        aria-label="Preview mode"
        value={mode}
        onChange={(e) => setMode(e.target.value as 'full' | 'delta')}
      >
        <FormControlLabel value="full" control={<Radio />} label="Full Synchronization" />
        <FormControlLabel value="delta" control={<Radio />} label="Delta Synchronization" />
      </RadioGroup>
      <Stack direction="row" spacing={1}>
        <Button variant="outlined" onClick={() => void go(false)}>
          Generate Preview
        </Button>
        <Button variant="outlined" color="warning" onClick={() => void go(true)}>
          Commit Preview
        </Button>
      </Stack>
      {result?.messages.map((m) => (
        <Alert key={m} severity="warning">
          {m}
        </Alert>
      ))}
      {result?.trace && (
        <>
          <Typography variant="body2" color="text.secondary">
            {committed
              ? 'Committed: the metaverse and the target connector spaces were updated.'
              : 'Generated in memory: nothing was changed.'}
          </Typography>
          <TraceView trace={result.trace} label="Preview result" />
        </>
      )}
    </Stack>
  );
}

/** Connector Space Object Properties, with Preview and the flow picture. */
export function CsObjectDialog({ csId, onClose }: { csId: string | null; onClose: () => void }) {
  const cs = useCsObject(csId);
  const [tab, setTab] = useState<TabName>('import');
  const [preview, setPreview] = useState(false);
  const data = cs.data;
  return (
    <Dialog open={csId !== null} onClose={onClose} maxWidth="xl" fullWidth>
      <DialogTitle>Connector Space Object Properties</DialogTitle>
      <DialogContent>
        {cs.error && <Alert severity="error">{String(cs.error)}</Alert>}
        {csId !== null && cs.data === null && (
          <Alert severity="info">The object no longer exists in the connector space.</Alert>
        )}
        {data && (
          <Stack spacing={1}>
            <Typography variant="body2">
              {data.connector} · {data.objectType} · {data.dn}
              {data.anchor ? ` · anchor ${data.anchor}` : ''}
            </Typography>
            <Tabs value={tab} onChange={(_, v: TabName) => setTab(v)} aria-label="Object tabs">
              <Tab value="import" label="Import" />
              <Tab value="export" label="Export" />
              <Tab value="lineage" label="Lineage" />
              <Tab value="error" label="Error" />
              <Tab value="flow" label="Flow picture" />
            </Tabs>
            <Box role="tabpanel" sx={{ minHeight: 200 }}>
              {tab === 'import' && <ImportTab cs={data} />}
              {tab === 'export' && <ExportTab cs={data} />}
              {tab === 'lineage' && <LineageTab cs={data} />}
              {tab === 'error' && <ErrorTab cs={data} />}
              {tab === 'flow' && <FlowPicture csId={data.id} />}
            </Box>
            {preview && <PreviewPane csId={data.id} />}
          </Stack>
        )}
      </DialogContent>
      <DialogActions sx={{ justifyContent: 'space-between' }}>
        <Button onClick={() => setPreview(true)} disabled={!data}>
          Preview
        </Button>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
