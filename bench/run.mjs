#!/usr/bin/env node
// Benchmarks `tcbscope inspect` on large real ELF files beside binutils on the same files, in the
// same run: wall time (median of RUNS) and peak RSS (GNU time's %M) of each command.
// Then runs bench/web-bench.mjs (the web report), with the same --write.
// Commands on one file run interleaved (one run of each, RUNS times), so that a busy machine slows a
// command and its peer alike; the ratios table divides each tcbscope figure by its peer's.
// Usage: npm run bench [-- --write] [-- --inspect-only]; npm run bench -- store [--write] for the stores
// (store-bench.mjs)   (--inspect-only skips the web benchmark;
// --write also replaces this script's table in bench/RESULTS.md,
// between <!-- inspect-bench:start --> and <!-- inspect-bench:end -->, keeping the rest of the file)
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeResultsSection } from './results-section.mjs';

// `npm run bench -- store [...]`: the two stores side by side (bench/store-bench.mjs) instead.
if (process.argv[2] === 'store') {
  const store = spawnSync(
    'node',
    [path.join(import.meta.dirname, 'store-bench.mjs'), ...process.argv.slice(3)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(store.status ?? 2);
}

const root = path.resolve(import.meta.dirname, '..');
const RUNS = 5;
const tcbscope = ['node', path.join(root, 'dist/cli/bin.js')];
const ocamlDir = path.join(root, 'fixtures/images/build/ocaml-https');
const jsDir = path.join(root, 'fixtures/js/build');
const llvm = '/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1';
const jsBench = path.join(root, 'bench/js-bench.mjs');
const floor = path.join(root, 'bench/floor.mjs');
/**
 * Each file with the commands measured on it: tcbscope first, then its peers. `ratios` pairs a
 * tcbscope command with the peer it is judged against (issue 20's goals).
 */
const files = [
  {
    label: 'libLLVM-14.so.1 (Debian libllvm14, stripped: .dynsym only)',
    file: llvm,
    ratios: [
      ['tcbscope inspect --json', 'nm -D -S', 'at most 1.0'],
      [
        'tcbscope inspect --json',
        'floor: Node start-up + SHA-256 of the file (node bench/floor.mjs sha256)',
        '—',
      ],
    ],
    commands: [
      ['tcbscope inspect --json', [...tcbscope, 'inspect', llvm, '--json']],
      ['nm -D -S', ['nm', '-D', '-S', llvm]],
      ['nm -D -S --size-sort', ['nm', '-D', '-S', '--size-sort', llvm]],
      ['size -A', ['size', '-A', llvm]],
      ['floor: Node start-up (node bench/floor.mjs start)', ['node', floor, 'start']],
      [
        'floor: Node start-up + SHA-256 of the file (node bench/floor.mjs sha256)',
        ['node', floor, 'sha256', llvm],
      ],
      ['sha256sum', ['sha256sum', llvm]],
    ],
  },
  {
    label: 'ocaml-https fixture (OCaml 4.13, DWARF, GNU ld map, dpkg lists)',
    file: path.join(ocamlDir, 'ocaml-https'),
    commands: [
      [
        'tcbscope inspect --map --meta --json',
        [
          ...tcbscope,
          'inspect',
          path.join(ocamlDir, 'ocaml-https'),
          '--map',
          path.join(ocamlDir, 'ocaml-https.map'),
          '--meta',
          '/var/lib/dpkg/info',
          '--json',
        ],
      ],
      [
        'tcbscope inspect --json (symbols and DWARF only)',
        [...tcbscope, 'inspect', path.join(ocamlDir, 'ocaml-https'), '--json'],
      ],
      ['nm -S --size-sort', ['nm', '-S', '--size-sort', path.join(ocamlDir, 'ocaml-https')]],
      ['size -A', ['size', '-A', path.join(ocamlDir, 'ocaml-https')]],
    ],
  },
  {
    label: 'big.js js_of_ocaml bundle with big.map (fixtures/js)',
    file: path.join(jsDir, 'big.js'),
    ratios: [
      [
        'tcbscope inspect --source-map --json (download sizes at brotli 5, gzip 6: the default)',
        'source-map library: SourceMapConsumer + eachMapping',
        'at most 2.0',
      ],
      ['tcbscope source-map attribution only', 'source-map library: SourceMapConsumer + eachMapping', '—'],
      [
        'tcbscope inspect --source-map --json (download sizes at brotli 5, gzip 6: the default)',
        'floor: Node start-up + the whole bundle at brotli 5 and gzip 6, once (node bench/floor.mjs compress)',
        '—',
      ],
    ],
    commands: [
      [
        'tcbscope inspect --source-map --json (download sizes at brotli 5, gzip 6: the default)',
        [
          ...tcbscope,
          'inspect',
          path.join(jsDir, 'big.js'),
          '--source-map',
          path.join(jsDir, 'big.map'),
          '--json',
        ],
      ],
      [
        'tcbscope inspect --source-map --brotli-quality 11 --gzip-level 9 --json',
        [
          ...tcbscope,
          'inspect',
          path.join(jsDir, 'big.js'),
          '--source-map',
          path.join(jsDir, 'big.map'),
          '--brotli-quality',
          '11',
          '--gzip-level',
          '9',
          '--json',
        ],
      ],
      [
        'tcbscope source-map attribution only',
        ['node', jsBench, '--task', 'tcbscope', path.join(jsDir, 'big.js'), path.join(jsDir, 'big.map')],
      ],
      [
        'source-map library: SourceMapConsumer + eachMapping',
        ['node', jsBench, '--task', 'library', path.join(jsDir, 'big.js'), path.join(jsDir, 'big.map')],
      ],
      [
        'floor: Node start-up + the whole bundle at brotli 5 and gzip 6, once (node bench/floor.mjs compress)',
        ['node', floor, 'compress', path.join(jsDir, 'big.js'), '5', '6'],
      ],
    ],
  },
];

if (!existsSync('/usr/bin/time'))
  fail('GNU time (/usr/bin/time, Debian package "time") is needed to read peak RSS');
if (!existsSync(tcbscope[1])) fail('run `npm run build` first');

/** One run of a command: wall time (s) and peak RSS (KiB). */
function runOnce(argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) fail(`${argv.join(' ')} exited with ${r.status}: ${r.stderr.slice(-500)}`);
  return { wall, rssKiB: Number(r.stderr.trim().split('\n').pop()) };
}

/**
 * Runs every command of a file RUNS times, interleaved; per command the median wall time (s) and
 * the largest peak RSS (KiB).
 */
function measureAll(commands) {
  const walls = commands.map(() => []);
  const rss = commands.map(() => 0);
  for (let i = 0; i < RUNS; i++) {
    commands.forEach(([, argv], c) => {
      const m = runOnce(argv);
      walls[c].push(m.wall);
      rss[c] = Math.max(rss[c], m.rssKiB);
    });
  }
  return commands.map((_, c) => {
    const sorted = walls[c].sort((a, b) => a - b);
    return { wall: sorted[Math.floor(RUNS / 2)], rssKiB: rss[c] };
  });
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const rows = [];
const ratios = [];
for (const f of files) {
  if (!existsSync(f.file)) {
    process.stderr.write(`bench: skipping ${f.file} (absent; install libllvm14 or run npm run fixtures)\n`);
    continue;
  }
  const size = statSync(f.file).size;
  process.stderr.write(`bench: ${f.label}, ${size} bytes\n`);
  const measured = measureAll(f.commands);
  f.commands.forEach(([name], c) => {
    const m = measured[c];
    rows.push({ file: f.label, size, name, ...m });
    process.stderr.write(`  ${name}: ${m.wall.toFixed(3)} s, ${(m.rssKiB / 1024).toFixed(0)} MiB\n`);
  });
  for (const [mine, peer, goal] of f.ratios ?? []) {
    const a = rows.find((r) => r.file === f.label && r.name === mine);
    const b = rows.find((r) => r.file === f.label && r.name === peer);
    if (a && b) ratios.push({ file: f.label, mine, peer, goal, a: a.wall, b: b.wall });
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '| file | size (bytes) | command | wall time (median of 5) | peak RSS | RSS / file size |',
  '|---|---:|---|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.file} | ${r.size.toLocaleString('en-US')} | \`${r.name}\` | ${r.wall.toFixed(3)} s | ${(r.rssKiB / 1024).toFixed(0)} MiB | ${((r.rssKiB * 1024) / r.size).toFixed(2)} |`,
  ),
];
const ratioLines = [
  '| file | tcbscope command | wall time | peer (same run) | peer wall time | tcbscope ÷ peer | goal |',
  '|---|---|---:|---|---:|---:|---|',
  ...ratios.map(
    (r) =>
      `| ${r.file} | \`${r.mine}\` | ${r.a.toFixed(3)} s | \`${r.peer}\` | ${r.b.toFixed(3)} s | ${(r.a / r.b).toFixed(2)} | ${r.goal} |`,
  ),
];
const report = `Measured by \`npm run bench -- --write\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${cpu}; the commands of one file run interleaved, ${RUNS} rounds; load average at the end ${os.loadavg()[0].toFixed(1)} (1 min).\n\n${lines.join('\n')}\n\n${ratioLines.join('\n')}\n`;
process.stdout.write(report);
const write = process.argv.includes('--write');
if (write) {
  writeResultsSection(path.join(root, 'bench/RESULTS.md'), 'inspect-bench', report, (text, section) => {
    if (text !== '')
      fail(
        'bench/RESULTS.md has no <!-- inspect-bench:start --> / <!-- inspect-bench:end --> markers: add them around the table to replace',
      );
    return `# Benchmark results\n\nEach figure comes from one run of the command below, with binutils measured on the same file in the same run. Peak RSS is GNU time's maximum resident set size; wall time is the median of five runs, including Node's start-up for tcbscope.\n\n${section}\n`;
  });
}

if (process.argv.includes('--inspect-only')) process.exit(0);
const web = spawnSync('node', [path.join(root, 'bench/web-bench.mjs'), ...(write ? ['--write'] : [])], {
  stdio: 'inherit',
});
process.exit(web.status ?? 2);
