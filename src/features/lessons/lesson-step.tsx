/**
 * The current step of a lesson: explanation, what to do (with a link to the screen), hints,
 * "Show me", the automatic check, "Next".
 */
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import {
  Alert,
  Box,
  Button,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Paper,
  Stack,
  Typography,
} from '@mui/material';
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import RadioButtonUncheckedOutlined from '@mui/icons-material/RadioButtonUncheckedOutlined';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LessonView } from '../../worker/api-lessons.ts';
import { saveProgress, showMe, useStepCheck } from './lessons-api.ts';

export function LessonStep({ lesson, index }: { lesson: LessonView; index: number }) {
  const client = useQueryClient();
  const step = lesson.steps[index];
  const [hints, setHints] = useState(0);
  const check = useStepCheck(lesson.id, index, step !== undefined);
  const show = useMutation({ mutationFn: () => showMe(client, lesson.id, index) });
  const next = useMutation({
    mutationFn: () => saveProgress(client, { lessonId: lesson.id, step: index + 1 }),
  });
  if (!step) return null;
  const passed = check.data?.passed === true;
  const failed = show.data && !show.data.result.ok ? show.data.result.messages : [];

  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="lesson-step-title">
      <Stack spacing={2}>
        <Typography id="lesson-step-title" variant="h6" component="h3">
          Step {index + 1} of {lesson.steps.length}: {step.title}
        </Typography>
        <Typography>{step.explanation}</Typography>

        <Box component="section" aria-label="What to do">
          <Typography variant="subtitle2" component="h4">
            What to do
          </Typography>
          <Typography sx={{ mb: 1 }}>{step.action.text}</Typography>
          <Button component={RouterLink} to={step.action.path} variant="outlined" size="small">
            Open the {step.action.screenLabel} screen
          </Button>
        </Box>

        {hints > 0 && (
          <Box component="section" aria-label="Hints">
            <List dense disablePadding>
              {step.hints.slice(0, hints).map((h, i) => (
                <ListItem key={h} disableGutters>
                  <ListItemText primary={`Hint ${i + 1}: ${h}`} />
                </ListItem>
              ))}
            </List>
          </Box>
        )}

        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
          <Button
            onClick={() => setHints((n) => n + 1)}
            disabled={hints >= step.hints.length}
            variant="text"
          >
            Hint
          </Button>
          <Button
            onClick={() => show.mutate()}
            disabled={show.isPending || passed}
            variant="outlined"
            aria-describedby="lesson-show-me"
          >
            Show me
          </Button>
          <Button
            onClick={() => {
              setHints(0);
              next.mutate();
            }}
            disabled={!passed || next.isPending}
            variant="contained"
          >
            Next
          </Button>
        </Stack>
        <Typography id="lesson-show-me" variant="body2" color="text.secondary">
          Show me: {step.showMe}
        </Typography>
        {show.isPending && <Typography role="status">Performing the step…</Typography>}
        {failed.length > 0 && (
          <Alert severity="error">
            {failed.map((m) => (
              <div key={m}>{m}</div>
            ))}
          </Alert>
        )}

        <Box component="section" aria-labelledby="lesson-check-title">
          <Typography id="lesson-check-title" variant="subtitle2" component="h4">
            Check
          </Typography>
          <Typography role="status" aria-label="Step check">
            {check.isPending
              ? 'Checking…'
              : passed
                ? 'Done: the check passes. Press Next.'
                : 'Not yet: the check does not pass.'}
          </Typography>
          <List dense aria-label="Observations">
            {(check.data?.observations ?? []).map((o) => (
              <ListItem key={o.text} disableGutters>
                <ListItemIcon sx={{ minWidth: 32 }}>
                  {o.ok ? (
                    <CheckCircleOutlined color="success" titleAccess="as wanted" />
                  ) : (
                    <RadioButtonUncheckedOutlined titleAccess="not yet" />
                  )}
                </ListItemIcon>
                <ListItemText primary={o.text} />
              </ListItem>
            ))}
          </List>
        </Box>
      </Stack>
    </Paper>
  );
}
