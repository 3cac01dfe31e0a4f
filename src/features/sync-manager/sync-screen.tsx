import { useState, useSyncExternalStore } from 'react';
import {
  Alert,
  Box,
  Button,
  LinearProgress,
  Paper,
  Stack,
  Tab,
  Tabs,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import type { RunProfileName } from '../../engine/index.ts';
import type { RunStep, SyncProgressDto } from '../../worker/api-sync.ts';
import { useWorkspace } from '../../lib/workspace.ts';
import { ConnectorsTab } from './connectors-tab.tsx';
import { CsObjectDialog } from './cs-object-dialog.tsx';
import { OperationsTab } from './operations-tab.tsx';
import { SearchDialog } from './search-dialog.tsx';
import { StepperPanel } from './stepper-panel.tsx';
import { cancelSync, runSync, useOverview } from './sync-api.ts';

/**
 * The running cycle's latest progress, kept outside React state: a progress event re-renders only
 * the progress bar (not the connectors, the stepper and the tabs), at most once per frame.
 */
class ProgressStore {
  private value: SyncProgressDto | null = null;
  private frame: number | undefined;
  private readonly listeners = new Set<() => void>();
  get = (): SyncProgressDto | null => this.value;
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  set(value: SyncProgressDto | null): void {
    this.value = value;
    if (value === null) {
      if (this.frame !== undefined) cancelAnimationFrame(this.frame);
      this.frame = undefined;
      this.notify();
    } else this.frame ??= requestAnimationFrame(this.notify);
  }
  private notify = (): void => {
    this.frame = undefined;
    for (const l of this.listeners) l();
  };
}

function RunProgress({ store, onCancel }: { store: ProgressStore; onCancel: () => void }) {
  const progress = useSyncExternalStore(store.subscribe, store.get);
  return progress && <ProgressBar progress={progress} onCancel={onCancel} />;
}

function ProgressBar({ progress, onCancel }: { progress: SyncProgressDto; onCancel: () => void }) {
  const value = progress.total > 0 ? Math.min(100, (100 * progress.done) / progress.total) : 0;
  const label = `${progress.connector}: ${progress.profile} (${progress.step} of ${progress.steps}) · ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} objects`;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="body2">{label}</Typography>
          <LinearProgress
            variant={progress.total > 0 ? 'determinate' : 'indeterminate'}
            value={value}
            aria-label="Run progress"
          />
        </Box>
        <Button color="warning" variant="outlined" onClick={onCancel}>
          Cancel
        </Button>
      </Stack>
    </Paper>
  );
}

/**
 * The Synchronization Service Manager: connectors and run profiles, cycles in the scheduler's
 * order, operations history, stepping with rewind, Search Connector Space, object properties with
 * Preview and the flow picture.
 */
export function SyncScreen() {
  const client = useQueryClient();
  const workspace = useWorkspace();
  const overview = useOverview(workspace.data !== undefined);
  const [tab, setTab] = useState<'connectors' | 'operations'>('connectors');
  const [progress] = useState(() => new ProgressStore());
  const [busy, setBusy] = useState(false);
  const [messages, setMessages] = useState<{ severity: 'info' | 'error'; text: string }[]>([]);
  const [searchFor, setSearchFor] = useState<string | null>(null);
  const [csId, setCsId] = useState<string | null>(null);

  const run = async (step: RunStep) => {
    setBusy(true);
    setMessages([]);
    try {
      const r = await runSync(client, step, (p) => progress.set(p));
      const notes: { severity: 'info' | 'error'; text: string }[] = r.messages.map((text) => ({
        severity: 'error',
        text,
      }));
      if (r.cancelled) notes.push({ severity: 'info', text: 'The run was cancelled.' });
      setMessages(notes);
    } catch (e) {
      setMessages([{ severity: 'error', text: String(e) }]);
    } finally {
      setBusy(false);
      progress.set(null);
    }
  };
  const runProfile = (connector: string, profile: RunProfileName) =>
    void run({ run: profile, connector });

  const data = overview.data;
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Synchronization Service Manager
      </Typography>
      {workspace.data && (
        <Typography variant="body2" color="text.secondary">
          {workspace.data.name}
        </Typography>
      )}
      {overview.error && <Alert severity="error">{String(overview.error)}</Alert>}
      <Stack direction="row" spacing={1}>
        <Button
          variant="contained"
          disabled={busy || !data}
          onClick={() => void run({ cycle: 'initial' })}
        >
          Run initial cycle
        </Button>
        <Button
          variant="contained"
          disabled={busy || !data}
          onClick={() => void run({ cycle: 'delta' })}
        >
          Run delta cycle
        </Button>
      </Stack>
      <RunProgress store={progress} onCancel={() => void cancelSync()} />
      {messages.map((m) => (
        <Alert key={m.text} severity={m.severity}>
          {m.text}
        </Alert>
      ))}
      {data && <StepperPanel stepper={data.stepper} busy={busy} />}
      <Tabs value={tab} onChange={(_, v: 'connectors' | 'operations') => setTab(v)}>
        <Tab value="connectors" label="Connectors" />
        <Tab value="operations" label="Operations" />
      </Tabs>
      <Box role="tabpanel" aria-label={tab === 'connectors' ? 'Connectors' : 'Operations'}>
        {tab === 'connectors' && data && (
          <ConnectorsTab
            overview={data}
            busy={busy}
            onRun={runProfile}
            onSearch={(c) => setSearchFor(c)}
          />
        )}
        {tab === 'operations' && <OperationsTab onOpenObject={setCsId} />}
      </Box>
      {data && searchFor !== null && (
        <SearchDialog
          open
          connectors={data.connectors.map((c) => c.name)}
          initialConnector={searchFor}
          onClose={() => setSearchFor(null)}
          onOpenObject={setCsId}
        />
      )}
      <CsObjectDialog key={csId ?? ''} csId={csId} onClose={() => setCsId(null)} />
    </Stack>
  );
}
