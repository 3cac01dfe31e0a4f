/**
 * Generating 100,000 objects in the Forests screen, as a user does it: the progress bar, the total
 * time until the new forest's counts show, and the main thread's long tasks (PerformanceObserver
 * 'longtask') from the click to the counts; then a reload, which replays the saved workspace. Figures go to test-results/perf/forests-generate.json
 * and the console; nothing is timed against a target (speed goals live in benchmarks). Not part of
 * `npm test`: see bench/README.md for the command.
 *
 * SYNCLAB_PERF_OBJECTS changes the size (default 100,000: 65 % users, 10 % groups, 25 % contacts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CONTACTS, fillGenerateDialog, GROUPS, OBJECTS, USERS } from './generated-forest.ts';

interface PageProbe {
  longTasks: { start: number; duration: number }[];
  /** performance.now() of each change of the progress bar's value, with the value. */
  progress: { t: number; value: number }[];
}

/** Runs in the page before the app. */
function installProbe() {
  const probe: PageProbe = { longTasks: [], progress: [] };
  (window as unknown as { __forestsPerf: PageProbe }).__forestsPerf = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      probe.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const watch = () =>
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as Element;
        if (el.getAttribute('aria-label') !== 'Generation progress') continue;
        probe.progress.push({
          t: performance.now(),
          value: Number(el.getAttribute('aria-valuenow') ?? 0),
        });
      }
    }).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  if (document.body) watch();
  else document.addEventListener('DOMContentLoaded', watch);
}

test('generate 100,000 objects: progress bar, total time and main-thread long tasks', async ({
  page,
}) => {
  test.skip(process.env.SYNCLAB_PERF !== '1', 'A perf spec: set SYNCLAB_PERF=1 (bench/README.md)');
  const { dialog, forest } = await fillGenerateDialog(page, installProbe);

  const clickedAt = await page.evaluate(() => performance.now());
  await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
  // The bar shows and moves while the worker generates.
  const bar = dialog.getByRole('progressbar', { name: 'Generation progress' });
  await expect(bar).toBeVisible();
  const texts: string[] = [];
  const status = dialog.getByRole('status');
  while ((await bar.count()) > 0) {
    const text = await status.textContent({ timeout: 1_000 }).catch(() => null);
    if (text && texts.at(-1) !== text) texts.push(text);
    await page.waitForTimeout(250);
  }
  await expect(page.getByRole('status', { name: 'Generated objects' })).toBeVisible({
    timeout: 10 * 60_000,
  });
  const doneAt = await page.evaluate(() => performance.now());
  // The new forest and its counts, as the user sees them.
  const card = page.getByRole('button', { name: `Forest ${forest}` });
  await card.click();
  await expect(card.getByText(`user: ${USERS.toLocaleString('en-US')}`)).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByRole('grid', { name: 'Objects' })).toBeVisible();
  const shownAt = await page.evaluate(() => performance.now());

  const probe = await page.evaluate(() =>
    structuredClone((window as unknown as { __forestsPerf: PageProbe }).__forestsPerf),
  );

  // A reload: the worker replays the saved action log (the scenario, then the generation).
  await page.reload();
  const again = page.getByRole('button', { name: `Forest ${forest}` });
  await again.click({ timeout: 5 * 60_000 });
  await expect(again.getByText(`user: ${USERS.toLocaleString('en-US')}`)).toBeVisible();
  const reload = await page.evaluate(() => ({
    seconds: performance.now() / 1000,
    longTasks: (window as unknown as { __forestsPerf: PageProbe }).__forestsPerf.longTasks,
  }));
  const progress = probe.progress.filter((p) => p.t >= clickedAt);
  const values = progress.map((p) => p.value);
  // The bar moved: several values between 0 and 100 reached the page (the worker reports every
  // 2,000 objects, so a small size may show only a few).
  if (OBJECTS >= 10_000) expect(values.filter((v) => v > 0 && v < 100).length).toBeGreaterThan(2);
  const round = (n: number) => Math.round(n);
  const tasks = probe.longTasks.filter((t) => t.start >= clickedAt && t.start <= shownAt);
  const durations = tasks.map((t) => t.duration).sort((a, b) => a - b);
  const lastProgress = progress.at(-1)?.t ?? clickedAt;
  const result = {
    objects: USERS + GROUPS + CONTACTS,
    forest,
    seconds: {
      toFirstProgress: round((progress[0]?.t ?? clickedAt) - clickedAt) / 1000,
      generating: round(lastProgress - clickedAt) / 1000,
      toDone: round(doneAt - clickedAt) / 1000,
      toCountsShown: round(shownAt - clickedAt) / 1000,
    },
    progressUpdates: progress.length,
    progressTexts: texts.length,
    firstTexts: texts.slice(0, 3),
    longTasks: {
      count: tasks.length,
      totalMs: round(durations.reduce((a, b) => a + b, 0)),
      maxMs: round(durations.at(-1) ?? 0),
      over100ms: durations.filter((d) => d > 100).length,
      list: tasks.map((t) => ({
        at: round((t.start - clickedAt) / 100) / 10,
        ms: round(t.duration),
      })),
    },
  };
  const reloadTasks = reload.longTasks.map((t) => t.duration);
  const withReload = {
    ...result,
    reload: {
      secondsToCountsShown: Math.round(reload.seconds * 10) / 10,
      longTasks: reloadTasks.length,
      longTaskMaxMs: round(Math.max(0, ...reloadTasks)),
      longTaskList: reload.longTasks.map((t) => ({
        at: round(t.start / 100) / 10,
        ms: round(t.duration),
      })),
    },
  };
  mkdirSync('test-results/perf', { recursive: true });
  writeFileSync('test-results/perf/forests-generate.json', JSON.stringify(withReload, null, 2));
  console.log(JSON.stringify(withReload, null, 2));
});
