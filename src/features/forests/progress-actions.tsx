/** A determinate progress bar with a Cancel button, for imports and generated forests. */
import { Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { getEngine } from '../../worker/client.ts';

export function WorkProgress({
  label,
  done,
  total,
}: {
  label: string;
  done: number;
  total: number;
}) {
  const pct = total > 0 ? Math.min(100, (done / total) * 100) : 0;
  return (
    <Stack spacing={1}>
      <LinearProgress variant="determinate" value={pct} aria-label={label} />
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography variant="body2" role="status">
          {done.toLocaleString('en-US')} of {total.toLocaleString('en-US')} objects
        </Typography>
        <Box>
          <Button color="warning" onClick={() => void getEngine().cancelWork()}>
            Cancel
          </Button>
        </Box>
      </Stack>
    </Stack>
  );
}
