/**
 * "Verify import order": runs the open workspace once per order of its forests in the worker and
 * shows whether the end result is the same, and what differs under which orders.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  LinearProgress,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import type { OrderReport } from '../../worker/api-lessons.ts';
import { cancelVerifyImportOrder, verifyImportOrder } from './lessons-api.ts';

const SHOWN = 50;

const orderText = (order: string[]) => order.join(' → ');

function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function Report({ report }: { report: OrderReport }) {
  const ran = `${report.orders.length} of ${report.possibleOrders} order(s) of ${report.forests.join(', ')}${
    report.strategy === 'sampled' ? ` (seeded sample, seed ${report.seed ?? 1})` : ''
  }`;
  return (
    <Stack spacing={1}>
      <Alert severity={report.orderMatters ? 'warning' : 'success'} role="status">
        {report.orderMatters
          ? `The import order matters: ${report.outcomes.length} different end results from ${ran}.`
          : `The import order does not matter: every one of ${ran} ends the same.`}
      </Alert>
      {report.outcomes.some((o) => o.failure) && (
        <Alert severity="error">
          {report.outcomes
            .filter((o) => o.failure)
            .map((o) => `${o.orders.map(orderText).join('; ')}: ${o.failure}`)
            .join('\n')}
        </Alert>
      )}
      {report.orderMatters && (
        <Typography variant="body2">
          End results:{' '}
          {report.outcomes
            .map(
              (o, i) =>
                `${i + 1}. ${o.orders.map(orderText).join('; ')} (${o.metaverseObjects} metaverse, ${o.tenantObjects} Entra ID objects)`,
            )
            .join(' · ')}
        </Typography>
      )}
      {report.differences.length > 0 && (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Differences" sx={{ tableLayout: 'fixed', minWidth: 560 }}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: '35%' }}>Object</TableCell>
                <TableCell sx={{ width: '18%' }}>Attribute</TableCell>
                <TableCell>Value, and the orders that end with it</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {report.differences.slice(0, SHOWN).map((d) => (
                <TableRow key={`${d.object}|${d.attribute}`}>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {d.label} ({d.side === 'tenant' ? 'Entra ID' : 'metaverse'})
                    </Typography>
                    <Typography variant="caption" color="text.secondary">
                      {d.object}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{d.attribute}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>
                    {d.values.map((v) => (
                      <Box key={valueText(v.value)}>
                        <code>{valueText(v.value)}</code>: {v.orders.map(orderText).join('; ')}
                      </Box>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {report.differences.length + report.omittedDifferences > SHOWN && (
        <Typography variant="body2" color="text.secondary">
          {report.differences.length + report.omittedDifferences - SHOWN} more difference(s) not
          shown; `npx synclab verify-order` prints them all.
        </Typography>
      )}
    </Stack>
  );
}

export function OrderVerifier() {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const verify = useMutation({
    mutationFn: () => verifyImportOrder((done, total) => setProgress({ done, total })),
    onSettled: () => setProgress(null),
  });
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="verify-order">
      <Stack spacing={1}>
        <Typography id="verify-order" variant="h6" component="h2">
          Import order
        </Typography>
        <Typography variant="body2">
          The seed document says the end result must not depend on the order in which forests are
          imported. This runs the open workspace (its forests, tenant, rules and installation as
          they are now) from an initial cycle and one delta cycle, once per order of its forests,
          and compares the metaverse and Entra ID.
        </Typography>
        <Stack direction="row" spacing={1}>
          <Button variant="outlined" onClick={() => verify.mutate()} disabled={verify.isPending}>
            Verify import order
          </Button>
          {verify.isPending && (
            <Button onClick={() => void cancelVerifyImportOrder()}>Cancel verification</Button>
          )}
        </Stack>
        {verify.isPending && (
          <LinearProgress
            aria-label="Verification progress"
            variant={progress && progress.total > 0 ? 'determinate' : 'indeterminate'}
            value={progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0}
          />
        )}
        {verify.error && <Alert severity="error">{String(verify.error)}</Alert>}
        {verify.data && !verify.data.ok && <Alert severity="info">{verify.data.message}</Alert>}
        {verify.data?.ok && <Report report={verify.data.report} />}
      </Stack>
    </Paper>
  );
}
