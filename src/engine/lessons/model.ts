/**
 * Lessons: guided training on the built-in scenarios. A lesson is plain data plus pure functions
 * over the engine's state: each step says what to do and in which screen, offers hints and a
 * "Show me" (workspace actions the worker applies, so they are recorded like the learner's own
 * edits), and checks the engine's state, so the check passes however the learner got there.
 */
import type { WorkspaceAction } from '../io/workspace.ts';
import type { SyncEngine } from '../sync/engine.ts';

/** The screens a lesson sends the learner to. */
export type LessonScreen = 'sync' | 'metaverse' | 'rules' | 'forests' | 'lessons';

/** Navigation label and route of each screen (as src/app/screens.tsx lists them). */
export const LESSON_SCREENS: Record<LessonScreen, { label: string; path: string }> = {
  sync: { label: 'Sync', path: '/sync' },
  metaverse: { label: 'Metaverse', path: '/metaverse' },
  rules: { label: 'Rules', path: '/rules' },
  forests: { label: 'Forests', path: '/forests' },
  lessons: { label: 'Lessons', path: '/lessons' },
};

/** One thing the check looked at, and whether it is as the step wants it. */
export interface Observation {
  ok: boolean;
  text: string;
}

export interface CheckResult {
  passed: boolean;
  observations: Observation[];
}

/** What "Show me" does: workspace actions computed from the current state (ids, DNs, values). */
export interface ShowMe {
  text: string;
  actions: (engine: SyncEngine) => WorkspaceAction[];
}

export interface LessonStep {
  id: string;
  title: string;
  /** Short explanation: what happens and why. */
  explanation: string;
  /** What the learner does, and where. */
  action: { text: string; screen: LessonScreen };
  hints: string[];
  showMe: ShowMe;
  check: (engine: SyncEngine) => CheckResult;
}

export interface Lesson {
  id: string;
  title: string;
  goal: string;
  /** The built-in scenario the lesson starts from (its file name in scenarios/ without .json). */
  scenario: string;
  steps: LessonStep[];
  /** Shown when the last step passes. */
  summary: string;
}
