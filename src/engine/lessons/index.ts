/**
 * The lesson catalogue and what the worker needs of it: plain-data views of the lessons, the check
 * of a step and the actions of its "Show me".
 *
 * @example
 * const lesson = lessonById('galsync-promotion');
 * checkLessonStep(engine, 'galsync-promotion', 0).passed // false before the import
 */
import type { WorkspaceAction } from '../io/workspace.ts';
import type { SyncEngine } from '../sync/engine.ts';
import { accountResource } from './account-resource.ts';
import { deletionThreshold } from './deletion-threshold.ts';
import { duplicateAttributes } from './duplicate-attributes.ts';
import { existingTenant } from './existing-tenant.ts';
import { galsyncPromotion } from './galsync-promotion.ts';
import { mailEnabledGroups } from './mail-enabled-groups.ts';
import { sourceAnchorChange } from './source-anchor.ts';
import { userMatchingPitfall } from './user-matching-pitfall.ts';
import { LESSON_SCREENS, type CheckResult, type Lesson, type LessonScreen } from './model.ts';

export type { CheckResult, Lesson, LessonScreen, LessonStep, Observation } from './model.ts';
export { LESSON_SCREENS } from './model.ts';

/** Every lesson, the headline one first. */
export const LESSONS: readonly Lesson[] = [
  galsyncPromotion,
  accountResource,
  existingTenant,
  sourceAnchorChange,
  duplicateAttributes,
  deletionThreshold,
  mailEnabledGroups,
  userMatchingPitfall,
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

export interface LessonStepView {
  id: string;
  title: string;
  explanation: string;
  action: { text: string; screen: LessonScreen; screenLabel: string; path: string };
  hints: string[];
  showMe: string;
}

export interface LessonView {
  id: string;
  title: string;
  goal: string;
  scenario: string;
  summary: string;
  steps: LessonStepView[];
}

/**
 * A lesson as plain data (no functions), for the worker boundary.
 *
 * @example
 * lessonView(LESSONS[0]).steps[0].action.path // '/sync'
 */
export function lessonView(l: Lesson): LessonView {
  return {
    id: l.id,
    title: l.title,
    goal: l.goal,
    scenario: l.scenario,
    summary: l.summary,
    steps: l.steps.map((s) => ({
      id: s.id,
      title: s.title,
      explanation: s.explanation,
      action: {
        text: s.action.text,
        screen: s.action.screen,
        screenLabel: LESSON_SCREENS[s.action.screen].label,
        path: LESSON_SCREENS[s.action.screen].path,
      },
      hints: [...s.hints],
      showMe: s.showMe.text,
    })),
  };
}

function stepOf(lessonId: string, index: number) {
  const lesson = lessonById(lessonId);
  return lesson?.steps[index];
}

/**
 * Checks one step against the engine's state; an unknown lesson or step does not pass.
 *
 * @example
 * checkLessonStep(engine, 'galsync-promotion', 4) // { passed: true, observations: [...] }
 */
export function checkLessonStep(engine: SyncEngine, lessonId: string, index: number): CheckResult {
  const step = stepOf(lessonId, index);
  if (!step)
    return { passed: false, observations: [{ ok: false, text: 'There is no such step.' }] };
  return step.check(engine);
}

/**
 * The workspace actions "Show me" performs for a step, computed from the current state.
 *
 * @example
 * showMeActions(engine, 'galsync-promotion', 0) // [{ kind: 'run', step: { run: 'Full Import', connector: 'contoso.com' } }]
 */
export function showMeActions(
  engine: SyncEngine,
  lessonId: string,
  index: number,
): WorkspaceAction[] | undefined {
  return stepOf(lessonId, index)?.showMe.actions(engine);
}
