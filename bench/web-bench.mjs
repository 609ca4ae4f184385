#!/usr/bin/env node
// Benchmarks the web report on the bundled fixtures' real manifests, each figure beside a peer
// measured in the same run:
//   1. ingest: `tcbscope ingest` end to end (fresh database per run) and the store alone in-process,
//      beside a plain better-sqlite3 insert of the same JSON texts and JSON.parse of them;
//   2. the image page's JSON API under 50 concurrent clients (autocannon), beside a static file
//      served by the same server;
//   3. time until the largest fixture's image page is drawn in headless chromium, beside the jobs
//      overview page in the same browser.
// Results (Markdown) on stdout, progress on stderr.
// Usage: node bench/web-bench.mjs [--write]   (also run by `npm run bench`; --write replaces the
// section between <!-- web-bench:start --> and <!-- web-bench:end --> in bench/RESULTS.md)
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { writeBenchSection } from './results-section.mjs';
import { startServe } from './serve-process.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'dist/cli/bin.js');
const clientDir = path.join(root, 'dist/web/client');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = 5;
/** Copies of the manifest set ingested (and parsed, inserted) per in-process run. */
const COPIES = 20;
const CONNECTIONS = 50;
const DURATION_S = 10;
/** autocannon's per-request timeout (its default, 10 s, is less than slow requests here take under load). */
const TIMEOUT_S = 30;
const write = process.argv.includes('--write');

function log(message) {
  process.stderr.write(`web-bench: ${message}\n`);
}

/** Stops the benchmark: the `finally` below still stops the server and the browser and removes the temporary folder. */
class BenchFailure extends Error {}
function fail(message) {
  throw new BenchFailure(message);
}

if (!existsSync(bin) || !existsSync(path.join(clientDir, 'index.html'))) {
  log('run `npm run build` first');
  process.exit(2);
}
if (!existsSync(chromiumPath)) {
  log(`no browser at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(2);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (s) => `${fmt(s * 1000)} ms`;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tcbscope-web-bench-'));
let server;
let browser;
try {
  // The fixtures' manifests, as `npm start` makes them (the OCaml fixture is built for unix and js).
  const home = path.join(tmp, 'home');
  log(`making the fixtures' manifests in ${home} (fixtures/ingest-fixtures.sh)`);
  const made = spawnSync('bash', [path.join(root, 'fixtures/ingest-fixtures.sh'), home], {
    stdio: ['ignore', 2, 2],
  });
  if (made.status !== 0) fail(`fixtures/ingest-fixtures.sh exited with ${made.status}`);
  const manifestsDir = path.join(home, 'manifests');
  if (!existsSync(path.join(manifestsDir, 'ocaml-https/unix.json')))
    fail('no ocaml-https manifests: Debian OCaml and js_of_ocaml are needed (.ci/run lists the packages)');
  const jsonIn = (dir) =>
    readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => path.join(dir, n));
  const builds = ['ocaml-https', 'solo5-fixtures'].map((job) => ({
    job,
    files: jsonIn(path.join(manifestsDir, job)),
  }));
  const stackFiles = jsonIn(path.join(root, 'stacks/debian-12-amd64'));
  const files = [...builds.flatMap((b) => b.files), ...stackFiles];
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const setBytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  const setLabel = `${files.length} manifests (${builds.map((b) => `${b.files.length} ${b.job}`).join(', ')}, ${stackFiles.length} Debian stacks; ${fmt(setBytes / 1e6, 2)} MB of JSON)`;
  log(setLabel);

  // 1. Ingest.
  const ingestRows = [];
  const cliRow = (name, argv, count) => {
    const walls = [];
    let stdout = '';
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync('node', argv(i), { encoding: 'utf8', maxBuffer: 1 << 26 });
      walls.push(seconds(start));
      if (r.status !== 0) fail(`${argv(i).join(' ')} exited with ${r.status}: ${r.stderr.slice(-500)}`);
      stdout = r.stdout;
    }
    const wall = median(walls);
    ingestRows.push({ name, runs: `median of ${RUNS}`, wall, count, bytes: count === 0 ? 0 : setBytes });
    log(`  ${name}: ${wall.toFixed(3)} s`);
    return stdout;
  };
  const cliDb = (i) => path.join(tmp, `cli-${i}.db`);
  const ingested = JSON.parse(
    cliRow(
      '`tcbscope ingest manifests/ stacks/*.json --db FRESH.db --json`, end to end',
      (i) => [bin, 'ingest', manifestsDir, ...stackFiles, '--db', cliDb(i), '--json'],
      files.length,
    ),
  );
  cliRow('peer: `tcbscope version` (Node and CLI start-up only)', () => [bin, 'version'], 0);

  const { connectStore } = await import(path.join(root, 'dist/store/connect-store.js'));
  const { ingestBuild, ingestStack } = await import(path.join(root, 'dist/store/ingest-build.js'));
  const { readManifestFile } = await import(path.join(root, 'dist/pipeline/read-manifest-file.js'));
  const parsed = files.map((f, i) => ({ manifest: JSON.parse(texts[i]), source: f }));
  const imageSets = builds.map((b) => ({
    job: b.job,
    images: parsed.filter((p) => b.files.includes(p.source)),
  }));
  // A stack is stored once per content hash: each copy gets its own name, so that it is stored again.
  const stackCopies = Array.from({ length: COPIES }, (_, i) =>
    parsed
      .filter((p) => stackFiles.includes(p.source))
      .map((p) => ({
        ...p,
        manifest: {
          ...p.manifest,
          identity: { ...p.manifest.identity, name: `${p.manifest.identity.name}-${i}` },
        },
      })),
  );
  const inProcessRow = async (name, setup, body) => {
    const walls = [];
    for (let r = 0; r < RUNS; r++) {
      const state = await setup(r);
      const start = process.hrtime.bigint();
      await body(state);
      walls.push(seconds(start));
      await state?.close?.();
    }
    const wall = median(walls);
    ingestRows.push({
      name,
      runs: `median of ${RUNS}`,
      wall,
      count: COPIES * files.length,
      bytes: COPIES * setBytes,
    });
    log(`  ${name}: ${wall.toFixed(3)} s`);
  };
  const ingestedAt = new Date().toISOString();
  await inProcessRow(
    `in-process store: \`ingestBuild\` + \`ingestStack\` of ${COPIES} copies as distinct builds, one transaction, fresh database`,
    (r) => connectStore(path.join(tmp, `store-${r}.db`)),
    (db) =>
      db.transaction(async (tx) => {
        for (let i = 0; i < COPIES; i++) {
          for (const set of imageSets)
            await ingestBuild(tx, { job: `${set.job}-${i}`, images: set.images, ingestedAt });
          for (const s of stackCopies[i]) await ingestStack(tx, s.manifest, s.source, ingestedAt);
        }
      }),
  );
  await inProcessRow(
    `peer: better-sqlite3 insert of the same ${COPIES} × ${files.length} JSON texts into a one-table database, one transaction (WAL, as the store)`,
    (r) => {
      const db = new Database(path.join(tmp, `plain-${r}.db`));
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE manifests (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
      return db;
    },
    (db) => {
      const insert = db.prepare('INSERT INTO manifests (text) VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < COPIES; i++) for (const t of texts) insert.run(t);
      })();
    },
  );
  let sink = 0;
  await inProcessRow(
    `peer: \`JSON.parse\` of the same ${COPIES} × ${files.length} texts`,
    () => undefined,
    () => {
      for (let i = 0; i < COPIES; i++) for (const t of texts) sink += JSON.parse(t).version;
    },
  );
  await inProcessRow(
    `the CLI's reading of the files ${COPIES} × (read, \`JSON.parse\`, schema validation: \`readManifestFile\`)`,
    () => undefined,
    () => {
      for (let i = 0; i < COPIES; i++) for (const f of files) sink += readManifestFile(f, f).version;
    },
  );
  if (sink === 0) fail('nothing was parsed');

  // 2. The image page's JSON API under load, served from the database the last CLI run wrote.
  const unix = ingested.builds.find((b) => b.job === 'ocaml-https')?.images.find((i) => i.target === 'unix');
  if (!unix) fail('the ingest did not report the ocaml-https unix image');
  server = await startServe(bin, cliDb(RUNS - 1));
  log(`serving on ${server.url}`);
  const indexJs = readdirSync(path.join(clientDir, 'assets')).find((n) => /^index-.*\.js$/.test(n));
  const requests = [
    [`GET /api/images/${unix.id} (ocaml-https unix)`, `/api/images/${unix.id}`],
    [`GET /api/images/${unix.id}/tree`, `/api/images/${unix.id}/tree`],
    [`peer: GET /assets/${indexJs} (static file, same server)`, `/assets/${indexJs}`],
  ];
  const apiRows = [];
  for (const [name, urlPath] of requests) {
    const url = new URL(urlPath, server.url).href;
    const bytes = await getBytes(url);
    log(`  ${name}: autocannon, ${CONNECTIONS} connections, ${DURATION_S} s`);
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      timeout: TIMEOUT_S,
    });
    // Timeouts are figures (the table shows them); other errors and non-2xx answers mean a broken run.
    if (result.errors > result.timeouts || result.non2xx > 0)
      fail(
        `${url}: ${result.errors} errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx responses`,
      );
    apiRows.push({
      name,
      bytes,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      total: result.requests.total,
      timeouts: result.timeouts,
    });
    log(
      `    ${fmt(result.requests.average)} requests/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.timeouts} timeouts`,
    );
  }

  // 3. Time until pages are drawn, fresh page (and browser context, so a cold cache) each time.
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const pages = [
    {
      name: `/images/${unix.id} (ocaml-https unix)`,
      path: `/images/${unix.id}`,
      marks: ['#treemap g.cell', '#graph g.node'],
    },
    { name: 'peer: / (jobs overview)', path: '/', marks: ['#jobs'] },
  ];
  const drawTimes = new Map();
  for (let r = 0; r < RUNS; r++) {
    for (const p of pages) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const start = process.hrtime.bigint();
      await page.goto(new URL(p.path, server.url).href, { waitUntil: 'commit' });
      for (const mark of p.marks) {
        await page.waitForSelector(mark, { state: 'attached' });
        const key = `${p.name}\0${mark}`;
        drawTimes.set(key, [...(drawTimes.get(key) ?? []), seconds(start)]);
      }
      await page.close();
      if (errors.length > 0) fail(`${p.path}: page errors: ${errors.join('; ')}`);
    }
    log(`  browser run ${r + 1}/${RUNS} done`);
  }

  // The report.
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const command =
    process.env.npm_lifecycle_event === 'bench'
      ? '`npm run bench -- --write` (bench/run.mjs, then bench/web-bench.mjs)'
      : '`node bench/web-bench.mjs --write`';
  const rate = (row) => (row.count === 0 ? '—' : fmt(row.count / row.wall, 1));
  const mbps = (row) => (row.count === 0 ? '—' : fmt(row.bytes / 1e6 / row.wall, 1));
  const report = [
    `Measured by ${command} on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${cpu}, chromium at ${chromiumPath}.`,
    '',
    `**Ingest** of the bundled fixtures' ${setLabel}; MB = 10⁶ bytes of manifest JSON.`,
    '',
    '| what | runs | wall time | manifests/s | MB/s |',
    '|---|---|---:|---:|---:|',
    ...ingestRows.map((r) => `| ${r.name} | ${r.runs} | ${r.wall.toFixed(3)} s | ${rate(r)} | ${mbps(r)} |`),
    '',
    `**API under load**: autocannon (in the benchmark's process) with ${CONNECTIONS} connections for ${DURATION_S} s per request (timeout ${TIMEOUT_S} s), against \`tcbscope serve\` (its own process) on the database the last ingest run wrote. Latencies are of the answered requests.`,
    '',
    '| request | response bytes | requests/s (mean) | latency p50 | latency p99 | latency max | answered | timed out |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...apiRows.map(
      (r) =>
        `| ${r.name} | ${fmt(r.bytes)} | ${fmt(r.rps, r.rps < 100 ? 1 : 0)} | ${fmt(r.p50)} ms | ${fmt(r.p99)} ms | ${fmt(r.max)} ms | ${fmt(r.total)} | ${fmt(r.timeouts)} |`,
    ),
    '',
    `**Page drawn** in headless chromium (one browser; a fresh page and context each time, pages alternating), from \`page.goto\` until the selector is in the page; ${RUNS} loads each.`,
    '',
    '| page | until | median | fastest | slowest |',
    '|---|---|---:|---:|---:|',
    ...pages.flatMap((p) =>
      p.marks.map((mark) => {
        const times = drawTimes.get(`${p.name}\0${mark}`);
        return `| ${p.name} | \`${mark}\` present | ${ms(median(times))} | ${ms(Math.min(...times))} | ${ms(Math.max(...times))} |`;
      }),
    ),
    '',
  ].join('\n');
  process.stdout.write(report);
  if (write) {
    writeBenchSection(root, 'web-bench', 'Web report', report);
    log('wrote bench/RESULTS.md (section web-bench)');
  }
} catch (error) {
  log(error instanceof BenchFailure ? error.message : (error?.stack ?? String(error)));
  process.exitCode = 2;
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
}

/** GETs `url` once; fails unless the status is 200; returns the body's length in bytes. */
function getBytes(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url}: status ${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}
