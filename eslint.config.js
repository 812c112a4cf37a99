import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layersPlugin } from './scripts/eslint-layers.mjs';

// The model must be deterministic and free of UI: these globals and imports are off limits there.
const nondeterministic = [
  { name: 'setTimeout', message: 'The model has no timers: schedule a simulated event.' },
  { name: 'setInterval', message: 'The model has no timers: schedule a simulated event.' },
  { name: 'performance', message: 'The model has no clock: use state.nowUs.' },
];

export default tseslint.config(
  {
    ignores: [
      'dist',
      '.dist-*',
      'node_modules',
      'test-results',
      'playwright-report',
      'docs/public/demo',
      'docs/.vitepress/dist',
      'docs/.vitepress/cache',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/use*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // Which src/ folder may import which: the table is scripts/layers.mjs.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/imports': 'error' },
  },
  {
    files: ['src/model/**/*.ts'],
    ignores: ['src/model/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...nondeterministic],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG in the state.' },
        { object: 'Date', property: 'now', message: 'The model has no clock: use state.nowUs.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-*', 'zustand', 'xstate', 'd3-*', '../*/**', 'node:*'] },
      ],
    },
  },
);
