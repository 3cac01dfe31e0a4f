import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Link,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  Paper,
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
import type { StatisticRow } from '../../worker/api-sync.ts';
import { RUN_OBJECTS_PAGE, timeText, useRunDetail, useRunObjects, useRuns } from './sync-api.ts';

function ObjectsDialog({
  run,
  stat,
  partition,
  onClose,
  onOpenObject,
}: {
  run: number;
  stat: StatisticRow;
  /** The step's partition, when the run has one step per partition. */
  partition?: string;
  onClose: () => void;
  onOpenObject: (csId: string) => void;
}) {
  const [page, setPage] = useState(0);
  const objects = useRunObjects(run, stat.stat, page, partition);
  const total = objects.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / RUN_OBJECTS_PAGE));
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth>
      <DialogTitle>
        {stat.group}: {stat.label} ({stat.count}){partition ? ` · ${partition}` : ''}
      </DialogTitle>
      <DialogContent>
        <List dense aria-label={`${stat.label} objects`}>
          {objects.data?.rows.map((o) => (
            <ListItem key={o.csId} disablePadding>
              <ListItemButton disabled={!o.exists} onClick={() => onOpenObject(o.csId)}>
                <ListItemText
                  primary={o.dn ?? o.csId}
                  secondary={[
                    o.connector,
                    o.objectType,
                    o.exists ? '' : 'no longer in the connector space',
                  ]
                    .filter((x) => x)
                    .join(' · ')}
                />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
      </DialogContent>
      <DialogActions>
        <Typography variant="body2" sx={{ mr: 'auto', ml: 2 }}>
          Page {page + 1} of {pages}
        </Typography>
        <Button disabled={page === 0} onClick={() => setPage(page - 1)}>
          Previous page
        </Button>
        <Button disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          Next page
        </Button>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

function RunDetail({
  index,
  onOpenObject,
}: {
  index: number;
  onOpenObject: (csId: string) => void;
}) {
  const detail = useRunDetail(index);
  const [stat, setStat] = useState<StatisticRow | null>(null);
  const [stepNo, setStepNo] = useState(1);
  const d = detail.data;
  if (!d) return null;
  // One step per partition (an AD forest with several domains), as the product lists "Step #".
  const step = d.steps?.find((s) => s.step === stepNo) ?? d.steps?.[0];
  const statistics = step?.statistics ?? d.statistics;
  const groups = [...new Set(statistics.map((s) => s.group))];
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2 }}
      component="section"
      aria-label={`Run ${d.index}: ${d.connector} ${d.profile}`}
    >
      <Typography variant="h6" component="h2" gutterBottom>
        {d.connector}: {d.profile} · {d.status}
      </Typography>
      {d.message && <Alert severity="warning">{d.message}</Alert>}
      {d.steps && step && (
        <>
          <Tabs
            value={step.step}
            onChange={(_, v: number) => setStepNo(v)}
            aria-label="Steps"
            variant="scrollable"
          >
            {d.steps.map((s) => (
              <Tab key={s.step} value={s.step} label={`Step ${s.step}: ${s.partition}`} />
            ))}
          </Tabs>
          <Typography variant="body2" sx={{ my: 1 }}>
            Partition: {step.partition}
          </Typography>
        </>
      )}
      {d.unattributed && (
        <Alert severity="info" sx={{ mb: 1 }}>
          Not placed in a step:{' '}
          {d.unattributed.map((u) => `${u.label} ${u.count.toLocaleString()}`).join(', ')}. The run
          keeps the first 10,000 objects of each statistic, and a run replayed from a saved
          workspace cannot place objects deleted or disconnected since.
        </Alert>
      )}
      <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {groups.map((g) => (
          <Box key={g}>
            <Typography variant="subtitle2" component="h3">
              {g}
            </Typography>
            <Table size="small" aria-label={`${g} statistics`}>
              <TableBody>
                {statistics
                  .filter((s) => s.group === g)
                  .map((s) => (
                    <TableRow key={s.stat}>
                      <TableCell>{s.label}</TableCell>
                      <TableCell align="right">
                        {s.count > 0 ? (
                          <Link
                            component="button"
                            aria-label={`${s.label}: ${s.count}`}
                            onClick={() => setStat(s)}
                          >
                            {s.count}
                          </Link>
                        ) : (
                          '0'
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
              </TableBody>
            </Table>
          </Box>
        ))}
      </Stack>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        Synchronization Errors ({d.errors})
      </Typography>
      {d.errorDetails.length === 0 ? (
        <Typography variant="body2">No errors.</Typography>
      ) : (
        <Table size="small" aria-label="Synchronization errors">
          <TableHead>
            <TableRow>
              <TableCell>Object</TableCell>
              <TableCell>Error type</TableCell>
              <TableCell>Detail</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {d.errorDetails.map((e, i) => (
              <TableRow key={`${e.csId}-${i}`}>
                <TableCell>
                  <Link component="button" onClick={() => onOpenObject(e.csId)}>
                    {e.dn}
                  </Link>
                </TableCell>
                <TableCell>{e.type}</TableCell>
                <TableCell>
                  <Typography variant="body2">{e.message}</Typography>
                  <Typography variant="body2" color="text.secondary">
                    {e.detail}
                  </Typography>
                  {e.objects.length > 1 && (
                    <Typography variant="body2" component="div">
                      Objects involved:
                      <ul>
                        {e.objects.map((o) => (
                          <li key={o.csId}>
                            {o.dn ?? o.csId}
                            {o.connector ? ` (${o.connector})` : ''}
                          </li>
                        ))}
                      </ul>
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {stat && (
        <ObjectsDialog
          run={d.index}
          stat={stat}
          {...(step ? { partition: step.partition } : {})}
          onClose={() => setStat(null)}
          onOpenObject={onOpenObject}
        />
      )}
    </Paper>
  );
}

/** Operations: every run, newest first, and the statistics and errors of the selected one. */
export function OperationsTab({ onOpenObject }: { onOpenObject: (csId: string) => void }) {
  const runs = useRuns();
  const [selected, setSelected] = useState<number | null>(null);
  const list = [...(runs.data ?? [])].reverse();
  const current = list.some((r) => r.index === selected) ? selected : (list[0]?.index ?? null);
  if (list.length === 0) return <Typography>No run yet.</Typography>;
  return (
    <Stack spacing={2}>
      <Box sx={{ maxHeight: 320, overflow: 'auto' }}>
        <Table size="small" stickyHeader aria-label="Runs">
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              <TableCell>Connector</TableCell>
              <TableCell>Profile</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Start</TableCell>
              <TableCell>End</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.map((r) => (
              <TableRow
                key={r.index}
                hover
                selected={r.index === current}
                onClick={() => setSelected(r.index)}
                sx={{ cursor: 'pointer' }}
                aria-selected={r.index === current}
              >
                <TableCell>{r.index}</TableCell>
                <TableCell>{r.connector}</TableCell>
                <TableCell>{r.profile}</TableCell>
                <TableCell>{r.status}</TableCell>
                <TableCell>{timeText(r.start)}</TableCell>
                <TableCell>{timeText(r.end)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      {current !== null && <RunDetail key={current} index={current} onOpenObject={onOpenObject} />}
    </Stack>
  );
}
