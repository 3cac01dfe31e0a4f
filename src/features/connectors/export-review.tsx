import { useState } from 'react';
import {
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
import { useExportReview } from './connectors-api.ts';
import { Pager, usePaging } from './paging.tsx';

/** Pending exports as CSExportAnalyzer shows them: OMODT per object, AMODT per attribute. */
export function ExportReview({
  connectors,
}: {
  connectors: { connector: string; count: number }[];
}) {
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const connector =
    picked && connectors.some((c) => c.connector === picked) ? picked : connectors[0]?.connector;
  const paging = usePaging();
  const review = useExportReview(connector, paging.offset, paging.rowsPerPage);
  if (!connector)
    return (
      <Typography>
        No pending exports: every connector space is in step with its directory.
      </Typography>
    );
  return (
    <Stack spacing={2}>
      <TextField
        select
        size="small"
        label="Connector"
        value={connector}
        onChange={(e) => {
          setPicked(e.target.value);
          paging.setPage(0);
        }}
        sx={{ maxWidth: 420 }}
      >
        {connectors.map((c) => (
          <MenuItem key={c.connector} value={c.connector}>
            {c.connector} ({c.count} pending exports)
          </MenuItem>
        ))}
      </TextField>
      <Table size="small" aria-label="Pending exports">
        <TableHead>
          <TableRow>
            <TableCell>DN</TableCell>
            <TableCell>Object type</TableCell>
            <TableCell>OMODT</TableCell>
            <TableCell>Attribute changes (AMODT)</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(review.data?.rows ?? []).map((r) => (
            <TableRow key={r.dn + r.omodt}>
              <TableCell sx={{ wordBreak: 'break-all' }}>{r.dn}</TableCell>
              <TableCell>{r.objectType}</TableCell>
              <TableCell>{r.omodt}</TableCell>
              <TableCell>
                {r.attributes.length === 0
                  ? '—'
                  : r.attributes.map((a) => (
                      <div key={a.attribute}>
                        {a.attribute} ({a.amodt}){a.oldValue ? `: ${a.oldValue}` : ''}
                        {a.newValue ? ` → ${a.newValue}` : ''}
                      </div>
                    ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Pager paging={paging} total={review.data?.total ?? 0} />
    </Stack>
  );
}
