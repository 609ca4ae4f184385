import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node built-ins the pure core must not touch: I/O lives in pipeline/io/, cli/, store/ and web/server/.
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

// The file system and child processes: only the I/O edges (pipeline/io/, store/, web/server/) use them;
// commands and the pipeline's workflows reach them through pipeline/io/ adapters.
const fileSystem = ['fs', 'fs/promises', 'child_process']
  .flatMap((m) => [m, `node:${m}`])
  .map((name) => ({ name, message: 'Use an adapter in pipeline/io/ (the I/O edge), or add one there.' }));

// Commands are loaded by cli/command-registry.ts alone: anything else that needs their work calls pipeline/.
const commandModules = {
  group: ['**/commands/*', '**/cli/commands/*'],
  message: 'Only cli/command-registry.ts imports commands; call pipeline/ (or reports/, analyzer/) instead.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**/build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // DESIGN: only store/ talks to SQLite; the rest names an open database by store's StoreDb type
    // (tests may open a database directly, to check it independently of the store's code).
    files: ['**/*.ts'],
    ignores: ['store/**', 'test/**', '**/*.test.ts', 'cli/command-registry.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [sqliteOutsideStore], patterns: [commandModules] }],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts', 'store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [commandModules] }] },
  },
  {
    files: ['pipeline/**/*.ts', 'cli/**/*.ts'],
    ignores: ['pipeline/io/**', '**/*.test.ts', 'cli/command-registry.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [...fileSystem, sqliteOutsideStore], patterns: [commandModules] },
      ],
    },
  },
  {
    files: ['builder/**/*.ts', 'analyzer/**/*.ts', 'reports/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      // Repeats the SQLite rule: a later block's rule replaces an earlier one's for the same files.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...ioModules.map((name) => ({ name, message: 'The core is pure: do I/O in pipeline/io/.' })),
            sqliteOutsideStore,
          ],
          patterns: [commandModules],
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
