import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import {
  Button,
  Chip,
  Menu,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { RunProfileName } from '../../engine/index.ts';
import type { ConnectorStatusDto, SyncOverviewDto } from '../../worker/api-sync.ts';
import { timeText } from './sync-api.ts';

const PROFILES: RunProfileName[] = [
  'Full Import',
  'Delta Import',
  'Full Synchronization',
  'Delta Synchronization',
  'Export',
];

function RunMenu({
  connector,
  disabled,
  onRun,
}: {
  connector: string;
  disabled: boolean;
  onRun: (connector: string, profile: RunProfileName) => void;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        aria-label={`Run ${connector}`}
        aria-haspopup="menu"
        disabled={disabled}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        Run
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {PROFILES.map((p) => (
          <MenuItem
            key={p}
            onClick={() => {
              setAnchor(null);
              onRun(connector, p);
            }}
          >
            {p}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

function Flags({ c }: { c: ConnectorStatusDto }) {
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {c.fullImportRequired && <Chip size="small" color="warning" label="Full Import required" />}
      {c.fullSyncRequired && (
        <Chip size="small" color="warning" label="Full Synchronization required" />
      )}
      {c.kind === 'AD' && (
        <Button
          size="small"
          component={RouterLink}
          to="/connectors"
          aria-label={`Configure ${c.name}`}
        >
          Configure
        </Button>
      )}
    </Stack>
  );
}

/** Connectors: state, last run, required full runs, the Run menu and Search Connector Space. */
export function ConnectorsTab({
  overview,
  busy,
  onRun,
  onSearch,
}: {
  overview: SyncOverviewDto;
  busy: boolean;
  onRun: (connector: string, profile: RunProfileName) => void;
  onSearch: (connector: string) => void;
}) {
  const t = overview.tenant;
  return (
    <Stack spacing={2}>
      <Table size="small" aria-label="Connectors">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Type</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Objects</TableCell>
            <TableCell>Last run</TableCell>
            <TableCell>Flags</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {overview.connectors.map((c) => (
            <TableRow key={c.name}>
              <TableCell>{c.name}</TableCell>
              <TableCell>{c.type}</TableCell>
              <TableCell>{c.state}</TableCell>
              <TableCell>
                {c.objects}
                {c.pendingImports > 0 ? ` · ${c.pendingImports} pending import` : ''}
                {c.pendingExports > 0 ? ` · ${c.pendingExports} pending export` : ''}
              </TableCell>
              <TableCell>
                {c.lastRun
                  ? `${c.lastRun.profile}: ${c.lastRun.status} (${timeText(c.lastRun.end)})`
                  : 'Never run'}
              </TableCell>
              <TableCell>
                <Flags c={c} />
              </TableCell>
              <TableCell>
                <Stack direction="row" spacing={1}>
                  <RunMenu connector={c.name} disabled={busy} onRun={onRun} />
                  <Button size="small" onClick={() => onSearch(c.name)}>
                    Search Connector Space
                  </Button>
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="body2" role="status" aria-label="Microsoft Entra ID tenant">
        Microsoft Entra ID tenant: {t.users} users, {t.contacts} contacts, {t.groups} groups,{' '}
        {t.devices} devices
      </Typography>
    </Stack>
  );
}
