import { useState } from 'react';
import {
  FormControlLabel,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useExchangeView } from './connectors-api.ts';
import { Pager, usePaging } from './paging.tsx';

/** What Exchange Online would make of each tenant object (docs/fidelity.md, "Exchange Online"). */
export function ExchangeView() {
  const [problemsOnly, setProblemsOnly] = useState(false);
  const paging = usePaging();
  const view = useExchangeView(problemsOnly, paging.offset, paging.rowsPerPage);
  return (
    <Stack spacing={2}>
      <FormControlLabel
        control={
          <Switch
            checked={problemsOnly}
            onChange={(e) => {
              setProblemsOnly(e.target.checked);
              paging.setPage(0);
            }}
          />
        }
        label="Only objects Exchange Online would reject or treat unexpectedly"
      />
      {view.data?.total === 0 && <Typography>No tenant objects to show.</Typography>}
      <Table size="small" aria-label="Exchange Online recipients">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Object type</TableCell>
            <TableCell>Source</TableCell>
            <TableCell>Exchange Online recipient type</TableCell>
            <TableCell>Why</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(view.data?.rows ?? []).map((r) => (
            <TableRow key={r.id}>
              <TableCell>{r.name}</TableCell>
              <TableCell>{r.objectType}</TableCell>
              <TableCell>{r.dirSyncEnabled ? 'Synced' : 'Cloud'}</TableCell>
              <TableCell>{r.recipientType}</TableCell>
              <TableCell>
                {r.reason}
                {r.warnings.map((w) => (
                  <Typography key={w} variant="body2" color="warning.main">
                    {w}
                  </Typography>
                ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pager paging={paging} total={view.data?.total ?? 0} />
    </Stack>
  );
}
