#!/usr/bin/env node
/**
 * Runs a benchmark the way the engine ships: bundled by esbuild (as Vite bundles it for the worker),
 * not through tsx, whose keepNames transform wraps every closure the engine creates in a
 * `__name(...)` call and costs ~20 % of the sync time. Usage: node scripts/bench.mjs bench/run.ts [args]
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { basename, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/bench.mjs bench/<file>.ts [args]');
  process.exit(2);
}
const outfile = resolve(
  'node_modules/.cache/synclab-bench',
  basename(entry).replace(/\.ts$/, '.mjs'),
);
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  outfile,
  logLevel: 'warning',
});
const run = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    `--max-old-space-size=${process.env.BENCH_HEAP_MB ?? 4096}`,
    '--enable-source-maps',
    outfile,
    ...args,
  ],
  { stdio: 'inherit' },
);
process.exit(run.status ?? 1);
