import { describe, expect, it } from 'vitest';
import { lessonsApi } from './api-lessons.ts';
import { workspaceApi } from './api-workspace.ts';

describe('lessons API (without a worker)', () => {
  it('lists the lessons as plain data', () => {
    const lessons = lessonsApi.lessons();
    expect(lessons.length).toBeGreaterThanOrEqual(8);
    expect(structuredClone(lessons)).toEqual(lessons);
    expect(lessons[0]?.steps[0]?.action.path).toBe('/sync');
  });

  it('Show me goes through the action log, and the check follows', async () => {
    expect(workspaceApi.startWorkspace('galsync-merger').ok).toBe(true);
    const before = workspaceApi.changeLog().entries.length;
    expect(lessonsApi.checkLessonStep('galsync-promotion', 0).passed).toBe(false);
    const r = await lessonsApi.showMeLessonStep('galsync-promotion', 0);
    expect(r.result.ok).toBe(true);
    expect(r.check.passed).toBe(true);
    expect(workspaceApi.changeLog().entries.length).toBe(before + 1);
    // Undo takes the import back: the check fails again.
    expect((await workspaceApi.undo()).ok).toBe(true);
    expect(lessonsApi.checkLessonStep('galsync-promotion', 0).passed).toBe(false);
  });

  it('an unknown step changes nothing', async () => {
    expect(workspaceApi.startWorkspace('galsync-merger').ok).toBe(true);
    const r = await lessonsApi.showMeLessonStep('galsync-promotion', 42);
    expect(r.result.ok).toBe(false);
    expect(workspaceApi.changeLog().entries.length).toBe(1);
  });

  it('verifies the import order of the open workspace, with progress', async () => {
    expect(workspaceApi.startWorkspace('user-matching-pitfall').ok).toBe(true);
    const seen: number[] = [];
    const r = await lessonsApi.verifyImportOrder({}, (done) => seen.push(done));
    expect(r.ok && r.report.orderMatters).toBe(true);
    expect(seen).toEqual([0, 1, 2]);
    expect(workspaceApi.startWorkspace('galsync-merger').ok).toBe(true);
    const g = await lessonsApi.verifyImportOrder();
    expect(g.ok && g.report.orderMatters).toBe(false);
  });

  it('a verification can be cancelled', async () => {
    expect(workspaceApi.startWorkspace('galsync-merger').ok).toBe(true);
    const running = lessonsApi.verifyImportOrder();
    lessonsApi.cancelVerifyImportOrder();
    const r = await running;
    expect(r).toEqual({ ok: false, message: 'Cancelled.', cancelled: true });
  });
});
