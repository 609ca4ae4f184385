#!/usr/bin/env node
// Fuzzes every parser of the built code (dist/) with mutated real fixtures.
//   node scripts/fuzz.mjs --seed S --count N [--workers W] [--timeout-ms T] [--memory-mb M] [--rss-limit-mb R]
//     [--only a,b] [--json] [--no-save] [--write] [--regressions DIR] [--data DIR]
// --write puts the figures in bench/RESULTS.md (its "Fuzzing" section).
// Results on stdout (a table, or one JSON document with --json); progress on stderr. Every failing
// input (crash, hang, oom) is saved under test/fuzz/regressions/. Exit 0 when nothing failed, 1 when
// something did, 2 on a usage error.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { writeResultsSection } from '../bench/results-section.mjs';
import { minimizeFailure } from './fuzz/minimize-input.mjs';
import { formatFuzzSection } from './fuzz/results-markdown.mjs';
import { saveRegression } from './fuzz/regressions.mjs';
import { OUTCOMES, runFuzz } from './fuzz/run-fuzz.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function usage(message) {
  process.stderr.write(
    `fuzz: ${message}\nusage: node scripts/fuzz.mjs --seed S --count N [--workers W] [--timeout-ms T] [--memory-mb M] [--rss-limit-mb R] [--only a,b] [--json] [--no-save] [--write]\n`,
  );
  process.exit(2);
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seed: { type: 'string' },
        count: { type: 'string', default: '1000' },
        workers: { type: 'string', default: '2' },
        'timeout-ms': { type: 'string', default: '5000' },
        'memory-mb': { type: 'string', default: '256' },
        'rss-limit-mb': { type: 'string' },
        only: { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-save': { type: 'boolean', default: false },
        write: { type: 'boolean', default: false },
        regressions: { type: 'string', default: join(root, 'test/fuzz/regressions') },
        data: { type: 'string', default: resolve(root, '../shared/data') },
      },
      strict: true,
    }));
  } catch (error) {
    usage(error.message);
  }
  const int = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min)
      usage(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(values[name])}`);
    return n;
  };
  if (values.seed === undefined) usage('--seed is required');
  const dist = pathToFileURL(join(root, 'dist') + '/');
  if (!existsSync(join(root, 'dist/builder/elf/read-elf.js')))
    usage('dist/ is not built: run `npm run build` first');
  return {
    root,
    dist,
    data: values.data,
    seed: int('seed', 0) >>> 0,
    count: int('count', 1),
    workers: int('workers', 1),
    timeoutMs: int('timeout-ms', 100),
    memoryMb: int('memory-mb', 32),
    // The whole process's resident memory bound (buffers are outside the V8 heap limit).
    rssLimitMb: values['rss-limit-mb'] === undefined ? undefined : int('rss-limit-mb', 64),
    only: values.only?.split(','),
    json: values.json,
    save: !values['no-save'],
    write: values.write,
    regressions: values.regressions,
  };
}

function formatTable(summary) {
  const rows = Object.entries(summary.counts).sort(([a], [b]) => (a < b ? -1 : 1));
  const totals = Object.fromEntries(OUTCOMES.map((o) => [o, rows.reduce((n, [, c]) => n + c[o], 0)]));
  const line = (name, c) =>
    `${name.padEnd(14)}${OUTCOMES.map((o) => String(c[o]).padStart(10)).join('')}${String(OUTCOMES.reduce((n, o) => n + c[o], 0)).padStart(10)}`;
  const out = [
    `seed ${summary.seed}, ${summary.count} inputs, ${summary.seconds.toFixed(1)} s`,
    `${'target'.padEnd(14)}${[...OUTCOMES, 'total'].map((o) => o.padStart(10)).join('')}`,
  ];
  for (const [name, c] of rows) out.push(line(name, c));
  out.push(line('all', totals));
  if (summary.skipped.length > 0) out.push(`skipped (no seed files here): ${summary.skipped.join(', ')}`);
  for (const f of summary.failures)
    out.push(
      `FAIL ${f.signature} ×${f.count}: input ${f.index} (${f.result.error})${f.saved ? ` saved as ${f.saved}` : ''}`,
    );
  return out.join('\n') + '\n';
}

const options = readOptions();
let last = 0;
const summary = await runFuzz({
  ...options,
  progress: (done, total) => {
    const now = Date.now();
    if (now - last > 5000 || done === total) {
      last = now;
      process.stderr.write(`fuzz: ${done}/${total}\n`);
    }
  },
});
if (options.save) {
  for (const [i, f] of summary.failures.entries()) {
    process.stderr.write(`fuzz: shrinking ${f.signature} (${f.size} bytes)\n`);
    const small = await minimizeFailure(f, options);
    summary.failures[i] = { ...small, saved: saveRegression(options.regressions, small, options.seed) };
  }
}
const failures = summary.failures.map(({ input, result, ...f }) => ({
  ...f,
  target: input.target,
  seed: input.seed,
  error: result.error,
  stack: result.stack,
}));
if (options.write) {
  const args = process.argv.slice(2).filter((a) => a !== '--write');
  const body = formatFuzzSection(summary, {
    command: ['node scripts/fuzz.mjs', ...args].join(' '),
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpu: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    workers: options.workers,
  });
  writeResultsSection(
    join(root, 'bench/RESULTS.md'),
    'fuzz',
    body,
    (text, marked) => `${text.trimEnd()}\n\n## Fuzzing\n\n${marked}\n`,
  );
}
process.stdout.write(
  options.json ? JSON.stringify({ ...summary, failures }, null, 2) + '\n' : formatTable(summary),
);
process.exit(summary.failures.length > 0 ? 1 : 0);
