/** Two metaverse objects side by side; rows whose values differ are marked. */
import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useMvCompare } from './metaverse-api.ts';

function SideCell({ value, rule }: { value?: string; rule?: string }) {
  return (
    <TableCell sx={{ wordBreak: 'break-word' }}>
      {value ?? '(absent)'}
      {rule && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
          {rule}
        </Typography>
      )}
    </TableCell>
  );
}

function ListCell({ items }: { items: string[] }) {
  return (
    <TableCell>
      {items.map((x) => (
        <Typography key={x} variant="body2">
          {x}
        </Typography>
      ))}
    </TableCell>
  );
}

export function CompareDialog({ ids, onClose }: { ids: [string, string]; onClose: () => void }) {
  const compare = useMvCompare(ids);
  const c = compare.data;
  const name = (side: 'left' | 'right') =>
    c?.rows.find((r) => r.attribute === 'displayName')?.[side] ?? c?.[side].id ?? '';
  return (
    <Dialog open onClose={onClose} maxWidth="xl" fullWidth aria-labelledby="compare-title">
      <DialogTitle id="compare-title">Compare metaverse objects</DialogTitle>
      <DialogContent dividers>
        {!c ? (
          compare.isPending ? (
            <CircularProgress aria-label="Loading" />
          ) : (
            <Typography>One of the objects no longer exists.</Typography>
          )
        ) : (
          <Stack spacing={2}>
            <Typography variant="body2">
              {c.rows.filter((r) => !r.same).length} of {c.rows.length} attributes differ.
            </Typography>
            <Table size="small" aria-label="Comparison">
              <TableHead>
                <TableRow>
                  <TableCell>Attribute</TableCell>
                  <TableCell>
                    {name('left')} ({c.left.objectType}, {c.left.id})
                  </TableCell>
                  <TableCell>
                    {name('right')} ({c.right.objectType}, {c.right.id})
                  </TableCell>
                  <TableCell>Same</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                <TableRow>
                  <TableCell component="th" scope="row">
                    Connectors
                  </TableCell>
                  <ListCell items={c.left.connectors} />
                  <ListCell items={c.right.connectors} />
                  <TableCell />
                </TableRow>
                {c.rows.map((r) => (
                  <TableRow key={r.attribute} sx={r.same ? undefined : { bgcolor: 'action.hover' }}>
                    <TableCell component="th" scope="row">
                      {r.attribute}
                    </TableCell>
                    <SideCell value={r.left} rule={r.leftRule} />
                    <SideCell value={r.right} rule={r.rightRule} />
                    <TableCell>{r.same ? 'Same' : 'Different'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
