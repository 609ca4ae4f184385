#!/usr/bin/env node
// Benchmarks the two stores side by side in one run: the same images ingested into a SQLite file
// and into a PostgreSQL database, then the same uploads and the same API load against
// `tcbscope serve` on each.
//   1. ingest: IMAGES images, made from real fixture manifests (`tcbscope inspect` of the committed
//      Solo5 images for hvt, spt and xen, and of the OCaml fixture program for unix) with changed
//      names and package versions so that every build is distinct; one transaction per build, as
//      uploads from CI arrive; in-process through the store's own code;
//   2. upload: UPLOADS more builds through POST /api/builds, 8 clients at once;
//   3. the API under 50 concurrent clients (autocannon): the jobs list, an image, its treemap and a
//      compare of two builds of the OCaml program; server memory (VmRSS) before and after.
// PostgreSQL is a throw-away server of Debian's binaries (scripts/start-test-postgres.sh) with its
// durable defaults (fsync on, as SQLite's WAL commits are in the same run), or the one
// TCBSCOPE_BENCH_POSTGRES names (a database is created there and dropped afterwards).
// Usage: npm run bench -- store [--write] [--images N] [--duration S]
//   (--write replaces the section between <!-- store-bench:start --> and <!-- store-bench:end -->
//   in bench/RESULTS.md)
/* global fetch, structuredClone */
import autocannon from 'autocannon';
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { writeBenchSection } from './results-section.mjs';
import { startServe } from './serve-process.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'dist/cli/bin.js');
const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const IMAGES = option('--images', 10_000);
const DURATION_S = option('--duration', 10);
/** Builds of the OCaml program among the images: the image, treemap and compare requests read them. */
const OCAML_BUILDS = 10;
const UPLOADS = 300;
const UPLOAD_CLIENTS = 8;
const CONNECTIONS = 50;
const TIMEOUT_S = 30;
/** Jobs the Solo5 builds are spread over (the jobs list shows each with its newest 30 builds). */
const JOBS = 100;
const write = process.argv.includes('--write');

const log = (message) => process.stderr.write(`store-bench: ${message}\n`);
class BenchFailure extends Error {}
const fail = (message) => {
  throw new BenchFailure(message);
};
const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

if (!existsSync(bin)) {
  log('run `npm run build` first');
  process.exit(2);
}
const solo5 = path.join(root, 'fixtures/images/solo5');
const ocaml = path.join(root, 'fixtures/images/build/ocaml-https');
if (!existsSync(path.join(ocaml, 'ocaml-https'))) {
  log('no fixtures/images/build/ocaml-https (run `npm run fixtures`)');
  process.exit(2);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tcbscope-store-bench-'));
let postgres;
let server;
try {
  // The real manifests every image is made from.
  const inspect = (out, args) => {
    const r = spawnSync('node', [bin, 'inspect', ...args, '--out', out], { encoding: 'utf8' });
    if (r.status !== 0) fail(`tcbscope inspect ${args[0]}: ${r.stderr.slice(-500)}`);
    return JSON.parse(readFileSync(out, 'utf8'));
  };
  const solo5Set = [
    ['hvt', 'solo5-hvt'],
    ['spt', 'solo5-spt-aarch64'],
    ['xen', 'solo5-xen'],
  ].map(([target, name]) =>
    inspect(path.join(tmp, `${target}.json`), [
      path.join(solo5, name),
      '--map',
      path.join(solo5, `${name}.map`),
    ]),
  );
  const unix = inspect(path.join(tmp, 'unix.json'), [
    path.join(ocaml, 'ocaml-https'),
    '--map',
    path.join(ocaml, 'ocaml-https.map'),
    '--meta',
    '/var/lib/dpkg/info',
  ]);
  const bytesOf = (m) => Buffer.byteLength(JSON.stringify(m));
  log(
    `base manifests: ${solo5Set.map((m) => `${m.identity.target} ${fmt(bytesOf(m))} B`).join(', ')}, unix ${fmt(bytesOf(unix))} B`,
  );

  /** A copy of a real manifest as build `i` of a later version would have it: new name, new versions. */
  const variant = (manifest, i) => {
    const copy = structuredClone(manifest);
    copy.identity.name = `${manifest.identity.name}-${i}`;
    const pkg = copy.attribution.packages.find((p) => p.version);
    if (pkg) pkg.version = `${pkg.version}+bench${i}`;
    return copy;
  };
  const solo5Builds = Math.ceil((IMAGES - OCAML_BUILDS) / solo5Set.length);
  const plan = [
    ...Array.from({ length: solo5Builds }, (_, i) => ({
      job: `solo5-${i % JOBS}`,
      images: solo5Set.map((m) => ({ manifest: variant(m, i), source: `${m.identity.target}.json` })),
    })),
    ...Array.from({ length: OCAML_BUILDS }, (_, i) => ({
      job: 'ocaml-https',
      images: [{ manifest: variant(unix, i), source: 'unix.json' }],
    })),
  ];
  const imageCount = plan.reduce((n, b) => n + b.images.length, 0);
  const jsonBytes = plan.reduce((n, b) => n + b.images.reduce((m, i) => m + bytesOf(i.manifest), 0), 0);
  log(`${plan.length} builds, ${imageCount} images, ${fmt(jsonBytes / 1e6, 1)} MB of manifest JSON`);

  // The PostgreSQL database.
  let admin = process.env.TCBSCOPE_BENCH_POSTGRES;
  let pgVersion = 'server of TCBSCOPE_BENCH_POSTGRES';
  if (!admin) {
    // Its own folder under the system's temporary one: the postgres user (as root) must reach it.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tcbscope-bench-postgres-'));
    const started = spawnSync('bash', [path.join(root, 'scripts/start-test-postgres.sh'), dir], {
      encoding: 'utf8',
      env: { ...process.env, TCBSCOPE_PG_DURABLE: '1' },
    });
    if (started.status !== 0) fail(`scripts/start-test-postgres.sh: ${started.stderr}`);
    postgres = dir;
    admin = started.stdout.trim();
    pgVersion = /PostgreSQL (\S+)/.exec(started.stderr)?.[1] ?? '?';
    pgVersion = `PostgreSQL ${pgVersion} (Debian's, default settings: fsync on)`;
  }
  const dbName = `tcbscope_bench_${randomBytes(4).toString('hex')}`;
  const adminQuery = async (sql) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await adminQuery(`CREATE DATABASE ${dbName}`);
  const pgUrl = new URL(admin);
  pgUrl.pathname = `/${dbName}`;
  const stores = [
    { name: 'SQLite', spec: path.join(tmp, 'bench.db'), peer: 'better-sqlite3, WAL, synchronous FULL' },
    { name: 'PostgreSQL', spec: pgUrl.href, peer: pgVersion },
  ];

  const { connectStore } = await import(path.join(root, 'dist/store/connect-store.js'));
  const { ingestBuild } = await import(path.join(root, 'dist/store/ingest-build.js'));
  const { createToken } = await import(path.join(root, 'dist/store/tokens.js'));
  const at = new Date().toISOString();
  const results = [];
  for (const store of stores) {
    log(`${store.name}: ingesting ${plan.length} builds`);
    const db = await connectStore(store.spec);
    const ocamlImages = [];
    let start = process.hrtime.bigint();
    for (const [k, build] of plan.entries()) {
      const r = await ingestBuild(db, { ...build, ingestedAt: at });
      if (build.job === 'ocaml-https') ocamlImages.push(r.images[0].id);
      if (k % 1000 === 999) log(`  ${k + 1} builds`);
    }
    const ingestS = seconds(start);
    const token = await createToken(db, 'bench', 'write', at);
    await db.close();
    log(`  ${fmt(imageCount / ingestS)} images/s`);

    server = await startServe(bin, store.spec);
    const rssBefore = readRss(server.pid);
    // Uploads: new builds of the Solo5 set, 8 clients posting at once.
    const bodies = Array.from({ length: UPLOADS }, (_, i) =>
      JSON.stringify({
        job: `upload-${i % 10}`,
        manifests: solo5Set.map((m) => variant(m, `u${i}`)),
      }),
    );
    let next = 0;
    start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: UPLOAD_CLIENTS }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const res = await fetch(new URL('/api/builds', server.url), {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body,
          });
          if (res.status !== 201) fail(`upload: status ${res.status} ${await res.text()}`);
        }
      }),
    );
    const uploadS = seconds(start);
    log(`  uploads: ${fmt(UPLOADS / uploadS, 1)} builds/s`);

    const [base, head] = [ocamlImages[0], ocamlImages[ocamlImages.length - 1]];
    const requests = [
      ['GET /api/jobs', '/api/jobs'],
      [`GET /api/images/${head} (ocaml-https unix)`, `/api/images/${head}`],
      [`GET /api/images/${head}/tree`, `/api/images/${head}/tree`],
      [`GET /api/compare?base=${base}&head=${head}`, `/api/compare?base=${base}&head=${head}`],
    ];
    const api = [];
    for (const [name, urlPath] of requests) {
      const url = new URL(urlPath, server.url).href;
      const first = await fetch(url);
      const bytes = (await first.arrayBuffer()).byteLength;
      if (first.status !== 200) fail(`${url}: status ${first.status}`);
      log(`  ${name}: autocannon, ${CONNECTIONS} connections, ${DURATION_S} s`);
      const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, timeout: TIMEOUT_S });
      if (r.errors > r.timeouts || r.non2xx > 0)
        fail(`${url}: ${r.errors} errors (${r.timeouts} timeouts), ${r.non2xx} non-2xx`);
      api.push({
        name,
        bytes,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        timeouts: r.timeouts,
      });
      log(`    ${fmt(r.requests.average)} requests/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
    }
    const rssAfter = readRss(server.pid);
    await server.stop();
    server = undefined;
    results.push({ store, ingestS, uploadS, api, rssBefore, rssAfter });
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const mib = (kib) => `${fmt(kib / 1024)} MiB`;
  const report = [
    `Measured by \`npm run bench -- store --write\` (bench/store-bench.mjs) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${cpu}; both stores in the same run, on the same disk.`,
    '',
    `**Data**: ${fmt(imageCount)} images in ${fmt(plan.length)} builds (${fmt(jsonBytes / 1e6, 1)} MB of manifest JSON): ${fmt(solo5Builds)} builds of the committed Solo5 images' manifests (hvt, spt, xen; ${fmt(bytesOf(solo5Set[0]))}–${fmt(Math.max(...solo5Set.map(bytesOf)))} B each) over ${JOBS} jobs, and ${OCAML_BUILDS} builds of the OCaml fixture program for unix (${fmt(bytesOf(unix) / 1e6, 2)} MB each), every copy with its own name and package version. Stores: ${stores.map((s) => `${s.name} (${s.peer})`).join('; ')}.`,
    '',
    '| store | ingest (in-process, one transaction per build) | images/s | upload of ' +
      `${UPLOADS} builds (POST /api/builds, ${UPLOAD_CLIENTS} clients) | builds/s | server RSS before load | after |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.store.name} | ${r.ingestS.toFixed(1)} s | ${fmt(imageCount / r.ingestS)} | ${r.uploadS.toFixed(1)} s | ${fmt(UPLOADS / r.uploadS, 1)} | ${mib(r.rssBefore)} | ${mib(r.rssAfter)} |`,
    ),
    '',
    `**API under load**: autocannon with ${CONNECTIONS} connections for ${DURATION_S} s per request (timeout ${TIMEOUT_S} s) against \`tcbscope serve\` (its own process) on each store after the ingest and uploads.`,
    '',
    '| request | response bytes | ' +
      results.map((r) => `${r.store.name} req/s | p50 | p99`).join(' | ') +
      ' |',
    '|---|---:|' + results.map(() => '---:|---:|---:').join('|') + '|',
    ...results[0].api.map(
      (row, i) =>
        `| ${row.name} | ${fmt(row.bytes)} | ` +
        results
          .map((r) => {
            const a = r.api[i];
            return `${fmt(a.rps)} | ${fmt(a.p50)} ms | ${fmt(a.p99)} ms${a.timeouts ? ` (${a.timeouts} timed out)` : ''}`;
          })
          .join(' | ') +
        ' |',
    ),
    '',
  ].join('\n');
  process.stdout.write(report);
  if (write) {
    writeBenchSection(root, 'store-bench', 'Stores', report);
    log('wrote bench/RESULTS.md (section store-bench)');
  }
  await adminQuery(`DROP DATABASE ${dbName} WITH (FORCE)`);
} catch (error) {
  log(error instanceof BenchFailure ? error.message : (error?.stack ?? String(error)));
  process.exitCode = 2;
} finally {
  await server?.stop();
  if (postgres) spawnSync('bash', [path.join(root, 'scripts/start-test-postgres.sh'), '--stop', postgres]);
  rmSync(tmp, { recursive: true, force: true });
}

/** Resident memory of a process in KiB (/proc/PID/status VmRSS). */
function readRss(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}
