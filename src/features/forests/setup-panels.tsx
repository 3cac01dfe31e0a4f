/** Installation choices, the built-in scenario library and the change log. */
import { useState } from 'react';
import {
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  FormControl,
  FormControlLabel,
  FormLabel,
  List,
  ListItem,
  ListItemText,
  Paper,
  Radio,
  RadioGroup,
  Stack,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { getEngine } from '../../worker/client.ts';
import { afterChange, applyWorkspaceAction } from '../../lib/workspace.ts';
import type { Installation } from '../../engine/io/scenario.ts';
import { useFeedback } from './feedback.tsx';
import { useChangeLog, useInstallation, useLibrary } from './forests-api.ts';

const MATCHING: [Installation['userMatching'], string][] = [
  ['none', 'Users are represented only once across all directories'],
  ['mail', 'Mail attribute'],
  [
    'objectSidToMsExchMasterAccountSid',
    'ObjectSID and msExchangeMasterAccountSID / msRTCSIP-OriginatorSID',
  ],
  ['sAMAccountNameAndMailNickname', 'sAMAccountName and MailNickName'],
];

function InstallationForm({ current }: { current: Installation }) {
  const client = useQueryClient();
  const { report } = useFeedback();
  const [anchor, setAnchor] = useState(current.sourceAnchor);
  const [matching, setMatching] = useState(current.userMatching);
  const changed = anchor !== current.sourceAnchor || matching !== current.userMatching;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="install-title">
      <Typography id="install-title" variant="h6" component="h2" gutterBottom>
        Installation choices
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        The wizard’s “Uniquely identifying your users” page. Changing a choice generates the
        out-of-box rules again; the message says what that means for objects already synced.
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={4}>
        <FormControl>
          <FormLabel id="anchor-label">sourceAnchor</FormLabel>
          <RadioGroup
            aria-labelledby="anchor-label"
            value={anchor}
            onChange={(e) => setAnchor(e.target.value as typeof anchor)}
          >
            <FormControlLabel
              value="mS-DS-ConsistencyGuid"
              control={<Radio />}
              label="mS-DS-ConsistencyGuid (recommended)"
            />
            <FormControlLabel value="objectGUID" control={<Radio />} label="objectGUID" />
          </RadioGroup>
        </FormControl>
        <FormControl>
          <FormLabel id="matching-label">Users are identified across directories by</FormLabel>
          <RadioGroup
            aria-labelledby="matching-label"
            value={matching}
            onChange={(e) => setMatching(e.target.value as typeof matching)}
          >
            {MATCHING.map(([v, label]) => (
              <FormControlLabel key={v} value={v} control={<Radio />} label={label} />
            ))}
          </RadioGroup>
        </FormControl>
      </Stack>
      <Button
        variant="contained"
        disabled={!changed}
        sx={{ mt: 1 }}
        onClick={async () =>
          report(
            await applyWorkspaceAction(client, {
              kind: 'installation',
              sourceAnchor: anchor,
              userMatching: matching,
            }),
            'Installation choices changed',
            'The installation choices were not changed',
          )
        }
      >
        Apply installation choices
      </Button>
    </Paper>
  );
}

export function InstallationPanel() {
  const installation = useInstallation();
  if (!installation.data) return <Typography>Loading…</Typography>;
  const d = installation.data;
  return <InstallationForm key={`${d.sourceAnchor}|${d.userMatching}`} current={d} />;
}

export function LibraryPanel() {
  const library = useLibrary();
  const client = useQueryClient();
  const { report } = useFeedback();
  return (
    <Stack spacing={2} component="section" aria-label="Scenario library">
      {(library.data ?? []).map((b) => (
        <Card key={b.id} variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2">
              {b.name}
            </Typography>
            <Typography variant="body2" sx={{ mt: 1 }}>
              {b.description}
            </Typography>
            {b.teaches && (
              <Typography variant="body2" sx={{ mt: 1 }}>
                <strong>What it teaches:</strong> {b.teaches}
              </Typography>
            )}
          </CardContent>
          <CardActions>
            <Button
              aria-label={`Open ${b.name}`}
              onClick={async () => {
                const r = await getEngine().openBuiltIn(b.id);
                if (r.ok) await afterChange(client);
                report(r.ok ? { ok: true } : r, `Opened ${b.name}`, 'The scenario was not opened');
              }}
            >
              Open
            </Button>
          </CardActions>
        </Card>
      ))}
    </Stack>
  );
}

export function ChangeLogPanel() {
  const log = useChangeLog();
  const entries = log.data?.entries ?? [];
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="log-title">
      <Typography id="log-title" variant="h6" component="h2">
        Change log
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Everything done in this workspace, oldest first. Undone changes are greyed out; Redo applies
        them again, a new change drops them.
      </Typography>
      <List dense aria-label="Changes">
        {entries.map((e) => (
          <ListItem key={e.index} sx={{ opacity: e.applied ? 1 : 0.5 }}>
            <ListItemText
              primary={
                <Box component="span" sx={{ textDecoration: e.applied ? 'none' : 'line-through' }}>
                  {e.index + 1}. {e.text}
                </Box>
              }
              secondary={e.applied ? undefined : 'undone'}
            />
          </ListItem>
        ))}
      </List>
    </Paper>
  );
}
