import { defineConfig } from 'vitest/config';

/** The beside-module tests: pure code and the store, on committed inputs only (no fixture build, no dist). */
const UNIT = ['builder', 'analyzer', 'reports', 'store', 'web/client'].map((dir) => `${dir}/**/*.test.ts`);
const BROWSER = '**/*.browser.test.ts';

// Three tiers, one `vitest run` for all of them (`npm test`), or one with `--project NAME`.
export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, exclude: ['node_modules/**', BROWSER] } },
      // Integration and truth tests: need the large fixtures (bash fixtures/build.sh --if-missing).
      {
        extends: true,
        test: { name: 'truth', include: ['test/**/*.test.ts'], exclude: ['node_modules/**', BROWSER] },
      },
      // Debian's chromium driven by playwright-core, on the built client and CLI (npm run build).
      {
        extends: true,
        test: { name: 'browser', include: [BROWSER], exclude: ['node_modules/**', 'dist/**'] },
      },
    ],
  },
});
