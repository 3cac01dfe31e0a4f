import { useState } from 'react';
import { Alert, Box, Stack, Tab, Tabs, Typography } from '@mui/material';
import { useWorkspace } from '../../lib/workspace.ts';
import { ExpressionWorkbench } from './expression-workbench.tsx';
import { RuleList } from './rule-list.tsx';
import { PrecedenceTab } from './precedence-tab.tsx';
import { CompareTab } from './compare-tab.tsx';

/** The Synchronization Rules Editor. */
export function RulesScreen() {
  const [tab, setTab] = useState(0);
  const workspace = useWorkspace();
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Synchronization Rules Editor
      </Typography>
      {workspace.data && (
        <Typography variant="body2" color="text.secondary">
          Workspace: {workspace.data.name}
        </Typography>
      )}
      {workspace.error && <Alert severity="error">{String(workspace.error)}</Alert>}
      <Tabs value={tab} onChange={(_, v: number) => setTab(v)} aria-label="Rules editor views">
        <Tab label="Rules" />
        <Tab label="Expression workbench" />
        <Tab label="Precedence" />
        <Tab label="Compare" />
      </Tabs>
      <Box role="tabpanel">
        {tab === 0 && workspace.data && <RuleList />}
        {tab === 1 && <ExpressionWorkbench />}
        {tab === 2 && workspace.data && <PrecedenceTab />}
        {tab === 3 && workspace.data && <CompareTab />}
      </Box>
    </Stack>
  );
}
