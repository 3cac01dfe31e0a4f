/**
 * "Forests": the directories a sync starts from. The AD forests and their objects, the Entra ID
 * tenant, the installation choices, the scenario library and the workspace's change log; above
 * them the workspace itself (named workspaces, undo / redo, files in and out).
 */
import { Tab, Tabs, Typography, Box, Alert } from '@mui/material';
import { useSearchParams } from 'react-router';
import { lastRestoreProblem, useWorkspace } from '../../lib/workspace.ts';
import { FeedbackProvider } from './feedback.tsx';
import { ForestBrowser } from './forest-browser.tsx';
import { ChangeLogPanel, InstallationPanel, LibraryPanel } from './setup-panels.tsx';
import { TenantPanel } from './tenant-panel.tsx';
import { WorkspaceBar } from './workspace-bar.tsx';

const TABS = [
  ['forests', 'AD forests'],
  ['tenant', 'Entra ID tenant'],
  ['installation', 'Installation'],
  ['library', 'Scenario library'],
  ['log', 'Change log'],
] as const;

type TabId = (typeof TABS)[number][0];

export function ForestsScreen() {
  const workspace = useWorkspace();
  const [params, setParams] = useSearchParams();
  const tab = (TABS.find(([id]) => id === params.get('tab'))?.[0] ?? 'forests') as TabId;
  const problem = lastRestoreProblem();
  return (
    <FeedbackProvider>
      <Typography variant="h4" component="h1" gutterBottom>
        Forests
      </Typography>
      {problem.length > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {problem.join(' ')}
        </Alert>
      )}
      <WorkspaceBar />
      {workspace.data && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Scenario: {workspace.data.name}
        </Typography>
      )}
      {workspace.isError && <Alert severity="error">{String(workspace.error)}</Alert>}
      <Tabs
        value={tab}
        onChange={(_, v: TabId) => {
          const p = new URLSearchParams(params);
          p.set('tab', v);
          setParams(p, { replace: true });
        }}
        sx={{ mb: 2 }}
        variant="scrollable"
      >
        {TABS.map(([id, label]) => (
          <Tab key={id} value={id} label={label} />
        ))}
      </Tabs>
      <Box>
        {tab === 'forests' && <ForestBrowser />}
        {tab === 'tenant' && <TenantPanel />}
        {tab === 'installation' && <InstallationPanel />}
        {tab === 'library' && <LibraryPanel />}
        {tab === 'log' && <ChangeLogPanel />}
      </Box>
    </FeedbackProvider>
  );
}
