#!/usr/bin/env node
// The `synclab` command line. The engine is TypeScript; tsx loads it without a build step.
import { register } from 'tsx/esm/api';
import { readFileSync } from 'node:fs';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p, 'utf8'),
});
process.exitCode = code;
