import { useState } from 'react';
import {
  FormControlLabel,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@mui/material';
import { useExchangeView } from './connectors-api.ts';

/** What Exchange Online would make of each tenant object (docs/fidelity.md, "Exchange Online"). */
export function ExchangeView() {
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(25);
  const view = useExchangeView(problemsOnly, page * rowsPerPage, rowsPerPage);
  return (
    <Stack spacing={2}>
      <FormControlLabel
        control={
          <Switch
            checked={problemsOnly}
            onChange={(e) => {
              setProblemsOnly(e.target.checked);
              setPage(0);
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
      <TablePagination
        component="div"
        count={view.data?.total ?? 0}
        page={page}
        onPageChange={(_, p) => setPage(p)}
        rowsPerPage={rowsPerPage}
        onRowsPerPageChange={(e) => {
          setRowsPerPage(Number(e.target.value));
          setPage(0);
        }}
      />
    </Stack>
  );
}
