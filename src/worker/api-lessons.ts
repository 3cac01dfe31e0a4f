/**
 * Lessons in the worker: the catalogue as plain data, the check of a step against the open
 * workspace, "Show me" (the step's workspace actions, applied through the action log so they are
 * saved, undone and replayed like the learner's own edits), and the order-independence verifier
 * run on a copy of the open workspace.
 */
import type { CheckResult, LessonView } from '../engine/lessons/index.ts';
import { checkLessonStep, LESSONS, lessonView, showMeActions } from '../engine/lessons/index.ts';
import { snapshotScenario } from '../engine/io/workspace-apply.ts';
import { verifyOrderAsync, type OrderReport } from '../engine/sync/verify-order.ts';
import { applyAction, workspaceState, type ActionResultDto } from './api-workspace.ts';

export type { CheckResult, LessonView, OrderReport };

export interface ShowMeResultDto {
  result: ActionResultDto;
  /** The step's check after the actions. */
  check: CheckResult;
}

export type VerifyOrderProgress = (done: number, total: number, order: string[]) => void;

export type VerifyOrderResultDto =
  { ok: true; report: OrderReport } | { ok: false; message: string; cancelled?: boolean };

const NOT_OPEN: CheckResult = {
  passed: false,
  observations: [{ ok: false, text: 'No workspace is open.' }],
};

let verifying: { cancelled: boolean } | undefined;

/** Lessons: catalogue, checks, Show me, and the import-order verifier. */
export interface LessonsApi {
  lessons(): LessonView[];
  /** Checks one step of a lesson against the open workspace. */
  checkLessonStep(lessonId: string, step: number): CheckResult;
  /** Performs a step's "Show me"; stops at the first action that fails (nothing of it stays). */
  showMeLessonStep(lessonId: string, step: number): Promise<ShowMeResultDto>;
  /**
   * Runs the open workspace (its forests, tenant, rules and installation as they are now) from an
   * initial cycle, once per order of its forests; `onProgress` must be a `Comlink.proxy`.
   */
  verifyImportOrder(
    options?: { samples?: number; seed?: number },
    onProgress?: VerifyOrderProgress,
  ): Promise<VerifyOrderResultDto>;
  cancelVerifyImportOrder(): void;
}

export const lessonsApi: LessonsApi = {
  lessons: () => LESSONS.map(lessonView),
  checkLessonStep(lessonId, step) {
    const state = workspaceState();
    return state ? checkLessonStep(state.engine, lessonId, step) : NOT_OPEN;
  },
  async showMeLessonStep(lessonId, step) {
    const state = workspaceState();
    if (!state)
      return { result: { ok: false, messages: ['No workspace is open.'] }, check: NOT_OPEN };
    const actions = showMeActions(state.engine, lessonId, step);
    if (!actions) {
      return {
        result: { ok: false, messages: [`There is no step ${step + 1} in lesson ${lessonId}.`] },
        check: NOT_OPEN,
      };
    }
    let result: ActionResultDto = { ok: false, messages: ['Nothing to do.'] };
    for (const action of actions) {
      result = await applyAction(action);
      if (!result.ok) break;
    }
    return { result, check: lessonsApi.checkLessonStep(lessonId, step) };
  },
  async verifyImportOrder(options = {}, onProgress) {
    const state = workspaceState();
    if (!state) return { ok: false, message: 'No workspace is open.' };
    const scenario = snapshotScenario(state);
    const flag = { cancelled: false };
    verifying = flag;
    try {
      const report = await verifyOrderAsync(scenario, {
        ...options,
        steps: [{ cycle: 'initial' }],
        pause: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
        isCancelled: () => flag.cancelled,
        ...(onProgress ? { onProgress } : {}),
      });
      return report ? { ok: true, report } : { ok: false, message: 'Cancelled.', cancelled: true };
    } finally {
      if (verifying === flag) verifying = undefined;
    }
  },
  cancelVerifyImportOrder() {
    if (verifying) verifying.cancelled = true;
  },
};
