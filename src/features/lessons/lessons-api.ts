/**
 * The Lessons screen's calls to the engine worker, and the learner's progress. Progress is kept
 * with the workspace: in SyncLab's IndexedDB (src/lib/db.ts), under the id of the open workspace,
 * so it survives a reload and follows the workspace it belongs to.
 */
import * as Comlink from 'comlink';
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { currentWorkspaceId, db } from '../../lib/db.ts';
import { afterChange, createWorkspace } from '../../lib/workspace.ts';
import { getEngine } from '../../worker/client.ts';
import type {
  LessonView,
  ShowMeResultDto,
  VerifyOrderProgress,
  VerifyOrderResultDto,
} from '../../worker/api-lessons.ts';

export const lessonKeys = {
  catalogue: ['lessons', 'catalogue'] as const,
  // Below ['workspace']: every run or edit (in any screen) refreshes them.
  progress: ['workspace', 'lessons', 'progress'] as const,
  check: (lessonId: string, step: number) =>
    ['workspace', 'lessons', 'check', lessonId, step] as const,
};

/** Where the learner is: a lesson and its current step (`step === steps.length` when done). */
export interface LessonProgress {
  lessonId: string;
  step: number;
}

const progressKey = (workspaceId: string) => `lessonProgress:${workspaceId}`;

export async function fetchProgress(): Promise<LessonProgress | null> {
  const id = await currentWorkspaceId();
  if (!id) return null;
  const stored = await db.settings.get(progressKey(id));
  if (!stored) return null;
  try {
    const p = JSON.parse(stored.value) as Partial<LessonProgress>;
    return typeof p.lessonId === 'string' && typeof p.step === 'number'
      ? { lessonId: p.lessonId, step: p.step }
      : null;
  } catch {
    return null;
  }
}

export async function saveProgress(client: QueryClient, progress: LessonProgress | null) {
  const id = await currentWorkspaceId();
  if (!id) return;
  if (progress) await db.settings.put({ key: progressKey(id), value: JSON.stringify(progress) });
  else await db.settings.delete(progressKey(id));
  await client.invalidateQueries({ queryKey: lessonKeys.progress });
}

export const catalogueOptions = queryOptions({
  queryKey: lessonKeys.catalogue,
  queryFn: (): Promise<LessonView[]> => getEngine().lessons(),
  staleTime: Infinity,
});

export function useLessons() {
  return useQuery(catalogueOptions);
}

export function useProgress(enabled: boolean) {
  return useQuery({ queryKey: lessonKeys.progress, queryFn: fetchProgress, enabled });
}

export function useStepCheck(lessonId: string, step: number, enabled: boolean) {
  return useQuery({
    queryKey: lessonKeys.check(lessonId, step),
    queryFn: () => getEngine().checkLessonStep(lessonId, step),
    enabled,
  });
}

/** Opens the lesson's scenario in a new workspace named after the lesson, at step 1. */
export async function startLesson(client: QueryClient, lesson: LessonView) {
  const r = await createWorkspace(client, `Lesson: ${lesson.title}`, lesson.scenario);
  if (r.ok) await saveProgress(client, { lessonId: lesson.id, step: 0 });
  return r;
}

/** Starts the open workspace over on the lesson's scenario (a new action log), at step 1. */
export async function resetLesson(client: QueryClient, lesson: LessonView) {
  const r = await getEngine().startWorkspace(lesson.scenario);
  if (!r.ok) return r;
  await afterChange(client);
  await saveProgress(client, { lessonId: lesson.id, step: 0 });
  return r;
}

/** Performs a step's "Show me" in the worker, then saves and refreshes every screen. */
export async function showMe(
  client: QueryClient,
  lessonId: string,
  step: number,
): Promise<ShowMeResultDto> {
  try {
    return await getEngine().showMeLessonStep(lessonId, step);
  } finally {
    await afterChange(client);
  }
}

/** Runs the verifier in the worker on the open workspace. */
export function verifyImportOrder(onProgress: VerifyOrderProgress): Promise<VerifyOrderResultDto> {
  return getEngine().verifyImportOrder({}, Comlink.proxy(onProgress));
}

export function cancelVerifyImportOrder(): Promise<void> {
  return getEngine().cancelVerifyImportOrder();
}
