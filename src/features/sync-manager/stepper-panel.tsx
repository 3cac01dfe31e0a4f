import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  List,
  ListItemButton,
  ListItemText,
  MenuItem,
  Paper,
  Slider,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import type { StepEventDto } from '../../engine/index.ts';
import type { StepperDto } from '../../worker/api-sync.ts';
import { rewindSync, setPlan, stepSync } from './sync-api.ts';
import { ExportStepView, ImportStepView, TraceView } from './trace-view.tsx';

/** The timeline shows every action and, inside the run being stepped, the last objects. */
const MAX_OBJECT_ENTRIES = 200;

/**
 * Stepping: the next run profile of a cycle, the next object of the current run, play and pause
 * at an adjustable speed, and rewind to any earlier step of the timeline.
 */
export function StepperPanel({ stepper, busy }: { stepper: StepperDto; busy: boolean }) {
  const client = useQueryClient();
  const [pending, setPending] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(2);
  const [last, setLast] = useState<StepEventDto | null>(null);
  const [messages, setMessages] = useState<string[]>([]);
  const [target, setTarget] = useState<string | null>(null);
  const playingRef = useRef(false);

  const step = async (which: 'profile' | 'object'): Promise<boolean> => {
    setPending(true);
    try {
      const r = await stepSync(client, which);
      setMessages(r.messages);
      if (r.event) setLast(r.event);
      else if (r.completed.length > 0) setLast(null);
      return !r.finished && r.messages.length === 0;
    } finally {
      setPending(false);
    }
  };

  useEffect(() => {
    playingRef.current = playing;
    if (!playing) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const more = await step('object');
      if (!more) setPlaying(false);
      else if (playingRef.current) timer = setTimeout(() => void tick(), 1000 / speed);
    };
    timer = setTimeout(() => void tick(), 0);
    return () => {
      if (timer) clearTimeout(timer);
    };
    // Restart the loop when the speed changes; step is stable enough for this purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing, speed]);

  const rewind = async () => {
    if (!target) return;
    setPlaying(false);
    setPending(true);
    try {
      const r = await rewindSync(client, target);
      setMessages(r.messages);
      setLast(null);
      setTarget(null);
    } finally {
      setPending(false);
    }
  };

  const next = stepper.profiles[stepper.position];
  const disabled = busy || pending;
  const actions = stepper.timeline.filter((t) => t.kind === 'action');
  const objects = stepper.timeline.filter((t) => t.kind === 'object').slice(-MAX_OBJECT_ENTRIES);
  const shown = last?.kind === 'object' ? last : undefined;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="stepping-title">
      <Typography id="stepping-title" variant="h6" component="h2" gutterBottom>
        Step through a cycle
      </Typography>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField
          select
          size="small"
          label="Cycle"
          value={stepper.plan}
          disabled={disabled || playing}
          onChange={(e) => void setPlan(client, e.target.value as 'initial' | 'delta')}
          sx={{ minWidth: 140 }}
        >
          <MenuItem value="initial">Initial</MenuItem>
          <MenuItem value="delta">Delta</MenuItem>
        </TextField>
        <Button
          variant="outlined"
          disabled={disabled || playing}
          onClick={() => void step('profile')}
        >
          Step
        </Button>
        <Button
          variant="outlined"
          disabled={disabled || playing}
          onClick={() => void step('object')}
        >
          Step object
        </Button>
        <Button variant="outlined" disabled={busy || playing} onClick={() => setPlaying(true)}>
          Play
        </Button>
        <Button variant="outlined" disabled={!playing} onClick={() => setPlaying(false)}>
          Pause
        </Button>
        <Box sx={{ width: 180 }}>
          <Typography variant="caption" id="speed-label">
            Speed: {speed} objects per second
          </Typography>
          <Slider
            aria-labelledby="speed-label"
            min={0.5}
            max={20}
            step={0.5}
            value={speed}
            onChange={(_, v) => setSpeed(v as number)}
            size="small"
          />
        </Box>
      </Stack>
      <Typography variant="body2" sx={{ mt: 1 }} role="status" aria-label="Stepping position">
        {stepper.active
          ? `In ${stepper.active.connector}: ${stepper.active.profile} · ${stepper.active.objects} of ${stepper.active.total} objects`
          : next
            ? `Next: ${next.connector}: ${next.profile} (${stepper.position + 1} of ${stepper.profiles.length})`
            : 'The cycle is complete. Choose a cycle to start again.'}
      </Typography>
      {messages.map((m) => (
        <Alert key={m} severity="info" sx={{ mt: 1 }}>
          {m}
        </Alert>
      ))}
      <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ mt: 1 }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography variant="subtitle2" component="h3">
            Timeline
          </Typography>
          <List
            dense
            aria-label="Timeline"
            sx={{ maxHeight: 260, overflow: 'auto', border: 1, borderColor: 'divider' }}
          >
            {[...actions, ...objects].map((t) => (
              <ListItemButton
                key={t.id}
                selected={t.id === target}
                onClick={() => setTarget(t.id)}
                sx={{ pl: t.kind === 'object' ? 4 : 2 }}
              >
                <ListItemText primary={t.text} />
              </ListItemButton>
            ))}
          </List>
          <Button
            sx={{ mt: 1 }}
            variant="outlined"
            disabled={disabled || !target}
            onClick={() => void rewind()}
          >
            Rewind
          </Button>
          <Typography variant="caption" sx={{ ml: 1 }}>
            Goes back to just before the chosen step.
          </Typography>
        </Box>
        <Box sx={{ flex: 2, minWidth: 0 }}>
          {shown?.trace ? (
            <TraceView trace={shown.trace} label="Last object" />
          ) : shown?.importTrace ? (
            <ImportStepView trace={shown.importTrace} label="Last object" />
          ) : shown?.exportTrace ? (
            <ExportStepView trace={shown.exportTrace} label="Last object" />
          ) : (
            <Typography variant="body2" color="text.secondary">
              Step object shows here what happened to each object: in an import, the change it
              stages; in a synchronization, rules in scope, join or projection, attribute flows and
              provisioning; in an export, what was sent and the answer.
            </Typography>
          )}
        </Box>
      </Stack>
    </Paper>
  );
}
