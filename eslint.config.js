import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node built-ins the pure core must not touch: I/O lives in cli/, store/ and web/server/.
const ioModules = [
  'fs',
  'fs/promises',
  'child_process',
  'process',
  'os',
  'net',
  'http',
  'https',
  'path',
  'url',
  'worker_threads',
  'zlib',
  'crypto',
].flatMap((m) => [m, `node:${m}`]);

const sqliteOutsideStore = { name: 'better-sqlite3', message: 'Only store/ imports the SQLite driver.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**/build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // DESIGN: only store/ talks to SQLite; the rest names an open database by store's StoreDb type
    // (tests may open a database directly, to check it independently of the store's code).
    files: ['**/*.ts'],
    ignores: ['store/**', 'test/**', '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [sqliteOutsideStore] }] },
  },
  {
    files: ['builder/**/*.ts', 'analyzer/**/*.ts', 'reports/**/*.ts'],
    ignores: ['**/*.test.ts', 'builder/io/**'],
    rules: {
      // Repeats the SQLite rule: a later block's rule replaces an earlier one's for the same files.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...ioModules.map((name) => ({ name, message: 'The core is pure: do I/O in cli/.' })),
            sqliteOutsideStore,
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The core is pure.' },
        { name: 'console', message: 'Return diagnostics instead of logging.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Pass "now" in.' },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Output must be deterministic.',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', 'bench/**', 'fixtures/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] } },
);
