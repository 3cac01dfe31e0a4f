/**
 * Performance specs (`*.perf.ts`): long, measuring, never part of `npm test` (the main config only
 * picks up `*.spec.ts`). Run with `npx vite build && npx playwright test -c e2e/perf/playwright.config.ts`
 * (see bench/README.md).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.perf.ts',
  outputDir: `${root}test-results/perf`,
  timeout: 30 * 60_000,
  retries: 0,
  reporter: 'list',
  webServer:
    base.webServer && !Array.isArray(base.webServer)
      ? { ...base.webServer, cwd: root }
      : base.webServer,
});
