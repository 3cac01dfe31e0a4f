import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

const UI_PACKAGES = [
  'react',
  'react-dom',
  'react-dom/*',
  'react-router',
  '@mui/*',
  '@emotion/*',
  'zustand',
  'zustand/*',
  '@tanstack/*',
  '@uiw/*',
  '@codemirror/*',
  '@xyflow/*',
  'comlink',
  'dexie',
];

// Every folder under src/features is a feature: a new one is covered without editing this file.
const FEATURES = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

export default tseslint.config(
  {
    ignores: ['dist', 'node_modules', 'coverage', 'test-results', 'playwright-report'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.tsx', 'src/app/**', 'src/features/**', 'src/state/**', 'src/lib/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // The engine is pure: it imports nothing from the UI side, the worker or the UI libraries.
  {
    files: ['src/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: UI_PACKAGES,
              message: 'src/engine is pure TypeScript: no UI or worker libraries.',
            },
            {
              group: [
                '**/worker/**',
                '**/app/**',
                '**/features/**',
                '**/state/**',
                '**/lib/**',
                '**/cli/**',
              ],
              message: 'src/engine imports nothing from the worker, CLI or UI folders.',
            },
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process'],
              message: 'src/engine runs in a Web Worker: no Node APIs.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Worker', message: 'Only src/worker/client.ts creates a Worker.' },
        { name: 'window', message: 'src/engine has no DOM.' },
        { name: 'document', message: 'src/engine has no DOM.' },
      ],
    },
  },
  // Engine tests may read fixture files with Node's fs.
  {
    files: ['src/engine/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // Features do not import each other; app/ composes them.
  ...FEATURES.map((feature) => ({
    files: [`src/features/${feature}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Import specifiers are matched as written (`../sync-manager/x.tsx`), not resolved.
              group: FEATURES.filter((f) => f !== feature).flatMap((f) => [
                `**/${f}`,
                `**/${f}/**`,
              ]),
              message: 'Features do not import each other; compose them in src/app.',
            },
          ],
        },
      ],
    },
  })),
  // Only src/worker/client.ts creates a Worker.
  {
    files: ['src/**'],
    ignores: ['src/worker/client.ts', 'src/engine/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Worker']",
          message: 'Only src/worker/client.ts creates a Worker.',
        },
        {
          selector: "NewExpression[callee.name='SharedWorker']",
          message: 'Only src/worker/client.ts creates a Worker.',
        },
      ],
    },
  },
);
