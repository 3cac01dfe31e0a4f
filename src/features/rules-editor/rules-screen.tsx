import { Stack, Typography } from '@mui/material';
import { ExpressionWorkbench } from './expression-workbench.tsx';

/** The Synchronization Rules Editor. */
export function RulesScreen() {
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Synchronization Rules Editor
      </Typography>
      <ExpressionWorkbench />
    </Stack>
  );
}
