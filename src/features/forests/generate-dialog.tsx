/**
 * "Generate objects": a seeded synthetic forest of users (with managers), nested groups and
 * contacts, some of them GALSync copies of other forests' users. The worker generates in chunks:
 * the progress bar moves, Cancel stops it and nothing of it stays.
 */
import { useState } from 'react';
import { FormDialog } from './form-dialog.tsx';
import { DialogContentText, Slider, Stack, TextField, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { applyWorkspaceAction } from '../../lib/workspace.ts';
import { useFeedback } from './feedback.tsx';
import {
  ForestTargetFields,
  NEW_FOREST,
  targetFields,
  type ForestTarget,
} from './forest-target.tsx';
import { useForests } from './forests-api.ts';
import { WorkProgress } from './progress-actions.tsx';

const CANDIDATES: [string, string][] = [
  ['fabrikam.com', 'FABRIKAM'],
  ['tailspintoys.com', 'TAILSPIN'],
  ['wingtiptoys.com', 'WINGTIP'],
  ['northwindtraders.com', 'NORTHWIND'],
  ['adventure-works.com', 'ADVWORKS'],
  ['litwareinc.com', 'LITWARE'],
];

function NumberField(props: { label: string; value: number; onChange: (n: number) => void }) {
  return (
    <TextField
      label={props.label}
      type="number"
      value={props.value}
      slotProps={{ htmlInput: { min: 0, max: 1000000 } }}
      onChange={(e) => props.onChange(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
    />
  );
}

export function GenerateDialog({ onClose }: { onClose: () => void }) {
  const client = useQueryClient();
  const forests = useForests();
  const { report } = useFeedback();
  const taken = new Set((forests.data ?? []).map((f) => f.name));
  const [free] = CANDIDATES.filter(([n]) => !taken.has(n));
  const [target, setTarget] = useState<ForestTarget>({
    forest: NEW_FOREST,
    newName: free?.[0] ?? 'example.com',
    newNetbios: free?.[1] ?? 'EXAMPLE',
  });
  const [seed, setSeed] = useState(1);
  const [users, setUsers] = useState(1000);
  const [groups, setGroups] = useState(100);
  const [contacts, setContacts] = useState(200);
  const [share, setShare] = useState(30);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  const start = async () => {
    setProgress({ done: 0, total: users + groups + contacts });
    const r = await applyWorkspaceAction(
      client,
      {
        kind: 'generate',
        ...targetFields(target),
        seed,
        users,
        groups,
        contacts,
        duplicateShare: share / 100,
      },
      (done, total) => setProgress({ done, total }),
    );
    setProgress(null);
    onClose();
    report(r, 'Generated objects', 'Nothing was generated');
  };

  return (
    <FormDialog
      id="generate-title"
      title="Generate objects"
      onClose={onClose}
      onSubmit={() => void start()}
      submitLabel="Generate"
      cancelLabel="Close"
      busy={!!progress}
    >
      <DialogContentText>
        The same seed always gives the same objects. Contacts can be GALSync copies of other
        forests’ users (same mail and names): the cross-forest duplicates a mail join or a soft
        match meets.
      </DialogContentText>
      <ForestTargetFields value={target} onChange={setTarget} />
      <Stack direction="row" spacing={2}>
        <NumberField label="Seed" value={seed} onChange={setSeed} />
        <NumberField label="Users" value={users} onChange={setUsers} />
      </Stack>
      <Stack direction="row" spacing={2}>
        <NumberField label="Groups" value={groups} onChange={setGroups} />
        <NumberField label="Contacts" value={contacts} onChange={setContacts} />
      </Stack>
      <Typography id="share-label">Cross-forest duplicates: {share} % of contacts</Typography>
      <Slider
        aria-labelledby="share-label"
        value={share}
        min={0}
        max={100}
        step={5}
        onChange={(_, v) => setShare(v as number)}
      />
      {progress && <WorkProgress label="Generation progress" {...progress} />}
    </FormDialog>
  );
}
