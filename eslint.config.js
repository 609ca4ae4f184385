import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node built-ins the pure core must not touch: I/O lives in cli/, store/ and web/server/.
const ioModules = ['fs', 'fs/promises', 'child_process', 'process', 'os', 'net', 'http', 'https', 'path', 'url', 'worker_threads', 'zlib', 'crypto'].flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**/build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['builder/**/*.ts', 'analyzer/**/*.ts', 'reports/**/*.ts'],
    ignores: ['**/*.test.ts', 'builder/io/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ioModules.map((name) => ({ name, message: 'The core is pure: do I/O in cli/.' })) }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The core is pure.' }, { name: 'console', message: 'Return diagnostics instead of logging.' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Pass "now" in.' }, { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Output must be deterministic.' }],
    },
  },
  {
    files: ['**/*.mjs', 'bench/**', 'fixtures/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] } },
);
