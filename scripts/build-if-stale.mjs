// Runs `npm run build` only when dist/ is missing or older than a file it is built from, so that
// `npm ci && npm start` builds once (npm ci's prepare builds; start finds dist/ fresh) and a later
// `npm start` or `npm test` after an edit or a checkout still rebuilds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
/** What tsconfig.build.json and web/client/vite.config.ts read, and the configuration itself. */
const SOURCE_DIRS = ['analyzer', 'builder', 'cli', 'pipeline', 'reports', 'store', 'web', 'types'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'tsconfig.build.json'];
/** One output of each build step: tsc's CLI entry point, vite's page and the report file's client. */
const OUTPUTS = ['dist/cli/bin.js', 'dist/web/client/index.html', 'dist/web/report/report.js'];

/** Newest modification time under `path`, test files left out (the build excludes them). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.endsWith('.test.ts') ? 0 : stat.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

function staleReason() {
  const missing = OUTPUTS.find((o) => !existsSync(join(repo, o)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((o) => statSync(join(repo, o)).mtimeMs));
  const inputs = [...SOURCE_DIRS, ...SOURCE_FILES].filter((p) => existsSync(join(repo, p)));
  const changed = inputs.find((p) => newest(join(repo, p)) > built);
  return changed ? `${changed} changed since the last build` : undefined;
}

const reason = staleReason();
if (reason === undefined) {
  console.error('build: dist/ is up to date, not rebuilding');
} else {
  console.error(`build: ${reason}; running npm run build`);
  const run = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
