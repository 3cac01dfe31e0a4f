import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyWorkspaceAction,
  openScenarioAction,
  type WorkspaceState,
} from '../io/workspace-apply.ts';
import { createEngine } from '../sync/scenario-runner.ts';
import { checkLessonStep, LESSON_SCREENS, LESSONS, lessonView, showMeActions } from './index.ts';

const ROOT = join(import.meta.dirname, '../../..');
const host = { load: createEngine };

function open(scenario: string): WorkspaceState {
  const text = readFileSync(join(ROOT, 'scenarios', `${scenario}.json`), 'utf8');
  const r = openScenarioAction({ kind: 'open-scenario', text, fileName: `${scenario}.json` }, host);
  if (!r.ok) throw new Error(r.messages.join('\n'));
  return r.state;
}

describe('the lesson catalogue', () => {
  it('has the eight lessons of the issue, the promotion lesson first', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(8);
    expect(LESSONS[0]?.id).toBe('galsync-promotion');
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
  });

  for (const lesson of LESSONS) {
    it(`${lesson.title}: every step has an explanation, an action in a screen, hints and a Show me`, () => {
      const view = lessonView(lesson);
      expect(view.steps.length).toBeGreaterThanOrEqual(2);
      for (const s of view.steps) {
        expect(s.explanation.length).toBeGreaterThan(20);
        expect(s.action.text.length).toBeGreaterThan(10);
        expect(Object.values(LESSON_SCREENS).map((x) => x.path)).toContain(s.action.path);
        expect(s.hints.length).toBeGreaterThan(0);
        expect(s.showMe.length).toBeGreaterThan(0);
      }
      expect(structuredClone(view)).toEqual(view);
    });
  }
});

describe('performing "Show me" for each step in order', () => {
  for (const lesson of LESSONS) {
    it(`${lesson.title}: each check fails before its step and passes after it`, async () => {
      let state = open(lesson.scenario);
      for (let i = 0; i < lesson.steps.length; i++) {
        const step = lesson.steps[i];
        const before = checkLessonStep(state.engine, lesson.id, i);
        expect(before.passed, `${step?.id} passes before its step`).toBe(false);
        const actions = showMeActions(state.engine, lesson.id, i) ?? [];
        expect(actions.length, `${step?.id} has actions`).toBeGreaterThan(0);
        for (const action of actions) {
          const r = await applyWorkspaceAction(state, action, host);
          if (!r.ok) throw new Error(`${step?.id}: ${r.messages.join('\n')}`);
          state = r.state;
        }
        const after = checkLessonStep(state.engine, lesson.id, i);
        expect(after, `${step?.id} after Show me`).toEqual(
          expect.objectContaining({ passed: true }),
        );
      }
    });
  }

  it('a check reads the state, however the learner got there (one initial cycle instead of run profiles)', async () => {
    const state = open('galsync-merger');
    const last = (LESSONS[0]?.steps.length ?? 0) - 1;
    expect(checkLessonStep(state.engine, 'galsync-promotion', last).passed).toBe(false);
    const r = await applyWorkspaceAction(state, { kind: 'run', step: { cycle: 'initial' } }, host);
    expect(r.ok).toBe(true);
    // Both forests in one cycle: Carl Berg is a user at once; no contact was ever exported.
    expect(checkLessonStep(state.engine, 'galsync-promotion', last).passed).toBe(true);
    expect(checkLessonStep(state.engine, 'galsync-promotion', 2).passed).toBe(false);
  });

  it('an unknown lesson or step never passes', () => {
    const state = open('galsync-merger');
    expect(checkLessonStep(state.engine, 'nope', 0).passed).toBe(false);
    expect(checkLessonStep(state.engine, 'galsync-promotion', 99).passed).toBe(false);
    expect(showMeActions(state.engine, 'nope', 0)).toBeUndefined();
  });
});
