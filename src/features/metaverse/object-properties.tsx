/**
 * Metaverse Object Properties: the Attributes tab (value, contributing connector and rule,
 * precedence, the step that last changed it, and every competing contribution with why it lost),
 * the Connectors tab (each joined connector-space object with the rule that linked it) and the
 * History tab; "Why not in Entra ID?" answers in plain words.
 */
import { useState } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  CircularProgress,
  Dialog,
  FormControlLabel,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  Stack,
  Switch,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import type { Explanation, MvHistory, MvReport } from '../../worker/api-metaverse.ts';
import {
  useCsObject,
  useMvHistory,
  useMvObject,
  whyNotInEntra,
  whyNotJoined,
} from './metaverse-api.ts';

/** An explanation: the answer, then the deciding clause and what lies behind it. */
export function ExplanationView({
  title,
  explanation,
}: {
  title: string;
  explanation: Explanation;
}) {
  return (
    <Alert
      severity={explanation.fine ? 'success' : 'info'}
      role="region"
      aria-label={title}
      sx={{ '& .MuiAlert-message': { width: '100%' } }}
    >
      <AlertTitle>{explanation.summary}</AlertTitle>
      {explanation.details.length > 0 && (
        <List dense disablePadding aria-label="Reasons">
          {explanation.details.map((d, i) => (
            <ListItem
              key={i}
              disableGutters
              sx={{ display: 'list-item', ml: 2, listStyle: 'disc' }}
            >
              {d}
            </ListItem>
          ))}
        </List>
      )}
      {!explanation.fine && explanation.rules.some((r) => !r.inScope) && (
        <Typography variant="body2" sx={{ mt: 1 }} component="div">
          Rules out of scope:{' '}
          {explanation.rules
            .filter((r) => !r.inScope)
            .map((r) => `${r.ruleName} (${r.precedence})`)
            .join('; ')}
        </Typography>
      )}
    </Alert>
  );
}

function AttributesTab({ report }: { report: MvReport }) {
  const [all, setAll] = useState(false);
  // Attributes no rule gives a value, where every contribution was NULL, are noise unless asked for.
  const shown = all
    ? report.attributes
    : report.attributes.filter(
        (a) => a.value !== undefined || a.competing.some((c) => !c.reason.startsWith('NULL')),
      );
  return (
    <Stack spacing={1}>
      <FormControlLabel
        control={<Switch checked={all} onChange={(e) => setAll(e.target.checked)} />}
        label="Show attributes that every rule left NULL"
      />
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label="Attributes" stickyHeader>
          <TableHead>
            <TableRow>
              <TableCell>Attribute</TableCell>
              <TableCell>Value</TableCell>
              <TableCell>Connector</TableCell>
              <TableCell>Sync rule</TableCell>
              <TableCell>Precedence</TableCell>
              <TableCell>Last changed</TableCell>
              <TableCell>Competing contributions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((a) => (
              <TableRow key={a.name} hover>
                <TableCell component="th" scope="row">
                  {a.name}
                </TableCell>
                <TableCell sx={{ wordBreak: 'break-word', minWidth: 160, maxWidth: 320 }}>
                  {a.display}
                </TableCell>
                <TableCell>
                  {a.contributors
                    ? a.contributors.map((c) => c.connector).join(', ')
                    : (a.connector ?? '')}
                </TableCell>
                <TableCell>
                  {a.contributors
                    ? a.contributors.map((c) => c.ruleName).join(', ')
                    : (a.ruleName ?? '')}
                </TableCell>
                <TableCell>{a.precedence ?? ''}</TableCell>
                <TableCell>{a.lastChanged?.label ?? ''}</TableCell>
                <TableCell sx={{ minWidth: 360 }}>
                  {a.competing.map((c, i) => (
                    <Typography key={i} variant="body2">
                      {c.ruleName} ({c.connector}, {c.precedence}): {c.value} — {c.reason}
                    </Typography>
                  ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Stack>
  );
}

function ConnectorsTab({ report, onOpen }: { report: MvReport; onOpen: (csId: string) => void }) {
  return (
    <Table size="small" aria-label="Connectors">
      <TableHead>
        <TableRow>
          <TableCell>Connector</TableCell>
          <TableCell>Distinguished name</TableCell>
          <TableCell>Object type</TableCell>
          <TableCell>Linked by</TableCell>
          <TableCell>How</TableCell>
          <TableCell>State</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {report.connectors.map((c) => (
          <TableRow key={c.csId}>
            <TableCell>{c.connector}</TableCell>
            <TableCell sx={{ wordBreak: 'break-word' }}>{c.dn}</TableCell>
            <TableCell>{c.objectType}</TableCell>
            <TableCell>{c.ruleName ?? ''}</TableCell>
            <TableCell>{[c.direction, c.action, c.link].filter(Boolean).join(' · ')}</TableCell>
            <TableCell>
              {[
                c.state,
                c.pendingExport && `pending export ${c.pendingExport}`,
                c.exportError,
                c.syncError,
              ]
                .filter(Boolean)
                .join('; ')}
            </TableCell>
            <TableCell>
              <Button
                size="small"
                onClick={() => onOpen(c.csId)}
                aria-label={`Properties of ${c.connector} ${c.dn}`}
              >
                Properties
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function HistoryTab({ history }: { history: MvHistory }) {
  return (
    <Stack spacing={2}>
      {history.events.length > 0 && (
        <List dense aria-label="Object events">
          {history.events.map((ev, i) => (
            <ListItem key={i} disableGutters>
              {ev.label}: {ev.text}
            </ListItem>
          ))}
        </List>
      )}
      <Table size="small" aria-label="History">
        <TableHead>
          <TableRow>
            <TableCell>Attribute</TableCell>
            <TableCell>Values across the timeline</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {history.attributes.map((a) => (
            <TableRow key={a.name}>
              <TableCell component="th" scope="row">
                {a.name}
              </TableCell>
              <TableCell>
                {a.changes.map((c, i) => (
                  <Typography key={i} variant="body2">
                    {c.label}: {c.value ?? '(removed)'}
                  </Typography>
                ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {history.attributes.length === 0 && (
        <Typography color="text.secondary">
          The timeline has no recorded change for this object.
        </Typography>
      )}
    </Stack>
  );
}

/** Connector Space Object Properties, reduced to what the Metaverse browser needs. */
export function CsObjectDialog({ csId, onClose }: { csId: string; onClose: () => void }) {
  const cs = useCsObject(csId);
  const why = useMutation({ mutationFn: whyNotJoined });
  const d = cs.data;
  const title = 'Connector space object properties';
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="cs-dialog-title">
      <DialogTitle id="cs-dialog-title">{title}</DialogTitle>
      <DialogContent>
        {!d ? (
          cs.isPending ? (
            <CircularProgress aria-label="Loading" />
          ) : (
            <Typography>Not found.</Typography>
          )
        ) : (
          <Stack spacing={2}>
            <Typography>
              {d.connector}: {d.dn} ({d.objectType}, {d.state})
            </Typography>
            <Box>
              <Button variant="outlined" onClick={() => why.mutate(d.id)}>
                Why is this connector-space object not joined?
              </Button>
            </Box>
            {why.data && (
              <ExplanationView
                title="Why is this connector-space object not joined?"
                explanation={why.data}
              />
            )}
            <Table size="small" aria-label="Connector space attributes">
              <TableBody>
                {Object.entries(d.attributes).map(([k, v]) => (
                  <TableRow key={k}>
                    <TableCell component="th" scope="row">
                      {k}
                    </TableCell>
                    <TableCell sx={{ wordBreak: 'break-word' }}>{JSON.stringify(v)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {d.lineage.length > 0 && (
              <Typography variant="body2">
                Lineage:{' '}
                {d.lineage.map((l) => `${l.ruleName} (${l.direction} ${l.action})`).join('; ')}
              </Typography>
            )}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

export function ObjectProperties({ id, onClose }: { id: string; onClose: () => void }) {
  const [tab, setTab] = useState(0);
  const [cs, setCs] = useState<string | null>(null);
  const report = useMvObject(id);
  const history = useMvHistory(tab === 2 ? id : null);
  const why = useMutation({ mutationFn: whyNotInEntra });
  const r = report.data;
  const name = r?.attributes.find((a) => a.name === 'displayName')?.display ?? id;
  return (
    <Dialog open onClose={onClose} maxWidth="xl" fullWidth aria-labelledby="mv-dialog-title">
      <DialogTitle id="mv-dialog-title">Metaverse object properties: {name}</DialogTitle>
      <DialogContent dividers>
        {!r ? (
          report.isPending ? (
            <CircularProgress aria-label="Loading" />
          ) : (
            <Typography>This metaverse object no longer exists.</Typography>
          )
        ) : (
          <Stack spacing={2}>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <Typography variant="body2" color="text.secondary">
                {r.objectType} · {r.id}
              </Typography>
              <Button variant="outlined" onClick={() => why.mutate(id)} disabled={why.isPending}>
                Why not in Entra ID?
              </Button>
            </Stack>
            {why.data && <ExplanationView title="Why not in Entra ID?" explanation={why.data} />}
            <Tabs value={tab} onChange={(_, v: number) => setTab(v)} aria-label="Object properties">
              <Tab label="Attributes" id="mv-tab-0" aria-controls="mv-panel-0" />
              <Tab label="Connectors" id="mv-tab-1" aria-controls="mv-panel-1" />
              <Tab label="History" id="mv-tab-2" aria-controls="mv-panel-2" />
            </Tabs>
            <Box role="tabpanel" id={`mv-panel-${tab}`} aria-labelledby={`mv-tab-${tab}`}>
              {tab === 0 && <AttributesTab report={r} />}
              {tab === 1 && <ConnectorsTab report={r} onOpen={setCs} />}
              {tab === 2 &&
                (history.data ? (
                  <HistoryTab history={history.data} />
                ) : (
                  <CircularProgress aria-label="Loading" />
                ))}
            </Box>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
      {cs && <CsObjectDialog csId={cs} onClose={() => setCs(null)} />}
    </Dialog>
  );
}
