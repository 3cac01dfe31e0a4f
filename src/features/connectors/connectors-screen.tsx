import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { ConfigurationPanel } from './configuration-panel.tsx';
import { runCycle, setStagingMode, useConnectorsOverview } from './connectors-api.ts';
import { ExchangeView } from './exchange-view.tsx';
import { ExportReview } from './export-review.tsx';

/**
 * Connector configuration (issue 11): OU, group, attribute and object-type filters with the
 * predicted deletes of a change, staging mode with the pending-export review, and the Exchange
 * Online view of the tenant.
 */
export function ConnectorsScreen() {
  const client = useQueryClient();
  const overview = useConnectorsOverview();
  const [tab, setTab] = useState(0);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [messages, setMessages] = useState<{ ok: boolean; text: string }[]>([]);
  const o = overview.data;
  const ad = o?.connectors ?? [];
  const current = ad.find((c) => c.connector === picked) ?? ad[0];

  const act = async (
    f: () => Promise<{ ok: true; notes: string[] } | { ok: false; messages: string[] }>,
  ) => {
    setBusy(true);
    try {
      const r = await f();
      setMessages(
        r.ok
          ? r.notes.map((text) => ({ ok: true, text }))
          : r.messages.map((text) => ({ ok: false, text })),
      );
    } finally {
      setBusy(false);
    }
  };

  const pendingTotal = (o?.pendingExports ?? []).reduce((n, p) => n + p.count, 0);
  const last = o?.lastAadExport;
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h1">
        Connectors
      </Typography>
      {overview.isPending && <Typography>Loading the connectors…</Typography>}
      {o && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <FormControlLabel
            control={
              <Switch
                checked={o.stagingMode}
                disabled={busy}
                onChange={(e) => void act(() => setStagingMode(client, e.target.checked))}
              />
            }
            label="Staging mode"
          />
          {o.stagingMode && pendingTotal > 0 && (
            <Button
              variant="outlined"
              disabled={busy}
              onClick={() => void act(() => setStagingMode(client, false, true))}
            >
              Leave staging mode and export
            </Button>
          )}
          <Button
            variant="outlined"
            disabled={busy}
            onClick={() => void act(() => runCycle(client, 'initial'))}
          >
            Run initial cycle
          </Button>
          <Button
            variant="outlined"
            disabled={busy}
            onClick={() => void act(() => runCycle(client, 'delta'))}
          >
            Run delta cycle
          </Button>
          <Typography variant="body2" color="text.secondary">
            {pendingTotal} pending exports · deletion threshold{' '}
            {o.deletionThreshold === null ? 'disabled' : o.deletionThreshold}
          </Typography>
        </Stack>
      )}
      {o?.stagingMode && (
        <Alert severity="info">
          Staging mode: cycles import and synchronize but do not export. Review what would be
          exported under Pending exports.
        </Alert>
      )}
      {last && (
        <Alert
          severity={last.status === 'success' ? 'success' : 'error'}
          aria-label="Last export to Entra ID"
        >
          Last export to Entra ID ({last.connector}): {last.status}
          {last.message ? `. ${last.message}` : ''}
        </Alert>
      )}
      {messages.map((m) => (
        <Alert key={m.text} severity={m.ok ? 'info' : 'error'} onClose={() => setMessages([])}>
          {m.text}
        </Alert>
      ))}
      <Tabs value={tab} onChange={(_, v: number) => setTab(v)} aria-label="Connector views">
        <Tab label="Configuration" />
        <Tab label={`Pending exports (${pendingTotal})`} />
        <Tab label="Exchange Online" />
      </Tabs>
      <Box role="tabpanel">
        {tab === 0 && o && ad.length === 0 && (
          <Typography>This workspace has no Active Directory connector.</Typography>
        )}
        {tab === 0 && o && current && (
          <Stack spacing={2}>
            {ad.length > 1 && (
              <TextField
                select
                size="small"
                label="AD connector"
                value={current.connector}
                onChange={(e) => setPicked(e.target.value)}
                sx={{ maxWidth: 360 }}
              >
                {ad.map((c) => (
                  <MenuItem key={c.connector} value={c.connector}>
                    {c.connector}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <ConfigurationPanel
              key={current.connector + JSON.stringify(current.configuration)}
              config={current}
              threshold={o.deletionThreshold}
            />
          </Stack>
        )}
        {tab === 1 && o && <ExportReview connectors={o.pendingExports} />}
        {tab === 2 && <ExchangeView />}
      </Box>
    </Stack>
  );
}
