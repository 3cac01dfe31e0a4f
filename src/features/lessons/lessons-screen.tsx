/**
 * The Lessons screen: guided training on the built-in scenarios, and the import-order verifier.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  List,
  ListItemButton,
  ListItemText,
  Paper,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Typography,
} from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useWorkspace } from '../../lib/workspace.ts';
import type { LessonView } from '../../worker/api-lessons.ts';
import { LessonStep } from './lesson-step.tsx';
import { resetLesson, startLesson, useLessons, useProgress } from './lessons-api.ts';
import { OrderVerifier } from './order-report.tsx';

function LessonPanel({ lesson, step }: { lesson: LessonView; step: number | null }) {
  const client = useQueryClient();
  const start = useMutation({ mutationFn: () => startLesson(client, lesson) });
  const reset = useMutation({ mutationFn: () => resetLesson(client, lesson) });
  const problem = [start.data, reset.data].find((r) => r && !r.ok);
  const active = step !== null;
  const done = active && step >= lesson.steps.length;

  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="lesson-title">
      <Stack spacing={2}>
        <Box>
          <Typography id="lesson-title" variant="h5" component="h2">
            {lesson.title}
          </Typography>
          <Typography color="text.secondary">{lesson.goal}</Typography>
        </Box>
        <Stepper activeStep={active ? step : -1} alternativeLabel aria-label="Lesson steps">
          {lesson.steps.map((s) => (
            <Step key={s.id}>
              <StepLabel>{s.title}</StepLabel>
            </Step>
          ))}
        </Stepper>
        <Stack direction="row" spacing={1}>
          <Button
            variant={active ? 'outlined' : 'contained'}
            onClick={() => start.mutate()}
            disabled={start.isPending}
          >
            Start lesson
          </Button>
          {active && (
            <Button onClick={() => reset.mutate()} disabled={reset.isPending}>
              Reset lesson
            </Button>
          )}
        </Stack>
        {!active && (
          <Typography variant="body2" color="text.secondary">
            Start lesson opens the scenario in a new workspace named after the lesson; your other
            workspaces stay as they are (Forests screen).
          </Typography>
        )}
        {problem && !problem.ok && <Alert severity="error">{problem.messages.join('\n')}</Alert>}
        {done && (
          <Alert severity="success" role="status">
            <strong>Lesson complete.</strong> {lesson.summary}
          </Alert>
        )}
        {active && !done && <LessonStep key={step} lesson={lesson} index={step} />}
      </Stack>
    </Paper>
  );
}

export function LessonsScreen() {
  const workspace = useWorkspace();
  const lessons = useLessons();
  const progress = useProgress(workspace.isSuccess);
  const [selected, setSelected] = useState<string | null>(null);
  const list = lessons.data ?? [];
  const currentId = selected ?? progress.data?.lessonId ?? list[0]?.id;
  const lesson = list.find((l) => l.id === currentId);
  const step =
    progress.data && lesson && progress.data.lessonId === lesson.id ? progress.data.step : null;

  return (
    <Stack spacing={2}>
      <Box>
        <Typography variant="h4" component="h1">
          Lessons
        </Typography>
        <Typography color="text.secondary">
          Guided training on the built-in scenarios: do each step in the Sync, Forests, Metaverse
          and Rules screens (or press Show me); the check reads the engine&apos;s state.
        </Typography>
      </Box>
      {lessons.error && <Alert severity="error">{String(lessons.error)}</Alert>}
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Paper variant="outlined" sx={{ width: { xs: '100%', md: 320 }, flexShrink: 0 }}>
          <List aria-label="Lesson list" dense>
            {list.map((l, i) => (
              <ListItemButton
                key={l.id}
                selected={l.id === currentId}
                onClick={() => setSelected(l.id)}
              >
                <ListItemText
                  primary={`${i + 1}. ${l.title}`}
                  secondary={
                    progress.data?.lessonId === l.id ? 'In progress in this workspace' : undefined
                  }
                />
              </ListItemButton>
            ))}
          </List>
        </Paper>
        <Stack spacing={2} sx={{ flex: 1, minWidth: 0 }}>
          {lesson && <LessonPanel lesson={lesson} step={step} />}
          <OrderVerifier />
        </Stack>
      </Stack>
    </Stack>
  );
}
