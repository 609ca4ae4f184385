#!/usr/bin/env node
// Fetches the exact .deb files a shipped stack profile was measured from into .cache/debs/, so
// that the tests checking the profile against readelf run on a fresh clone (npm run test:setup
// calls this). Each file comes through apt (`apt-get download NAME=VERSION`, from the sources apt
// is configured with) and must match the SHA256 the profile records, or the script fails.
// Usage: node scripts/fetch-stack-debs.mjs PROFILE.json...
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(repo, '.cache/debs');
const say = (line) => process.stderr.write(`fetch-stack-debs: ${line}\n`);
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The debs a profile lists: pool file name, package, version, sha256. */
function profileDebs(file) {
  const m = JSON.parse(readFileSync(file, 'utf8'));
  const versions = new Map(m.dependencies.packages.map((p) => [p.name, p.version]));
  return m.provenance.inputs
    .filter((i) => i.role === 'deb')
    .map((i) => {
      const pool = basename(i.path);
      const name = pool.split('_')[0];
      return { pool, name, version: versions.get(name), sha256: i.sha256 };
    });
}

/** Downloads NAME=VERSION with apt into a scratch folder; the path of the .deb, or undefined. */
function download(deb, scratch) {
  const r = spawnSync('apt-get', ['download', '-q', `${deb.name}=${deb.version}`], {
    cwd: scratch,
    encoding: 'utf8',
  });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || '').trim().split('\n').pop() };
  const found = readdirSync(scratch).find((f) => f.startsWith(`${deb.name}_`) && f.endsWith('.deb'));
  return found ? { path: join(scratch, found) } : { error: 'apt-get download wrote no .deb' };
}

const profiles = process.argv.slice(2);
if (profiles.length === 0) {
  say('usage: node scripts/fetch-stack-debs.mjs PROFILE.json...');
  process.exit(2);
}
mkdirSync(cache, { recursive: true });
const wanted = new Map();
for (const p of profiles) for (const d of profileDebs(resolve(p))) wanted.set(d.pool, d);
let updated = false;
let fetched = 0;
const failed = [];
const scratch = mkdtempSync(join(tmpdir(), 'tcbscope-debs-'));
try {
  for (const deb of [...wanted.values()].sort((a, b) => (a.pool < b.pool ? -1 : 1))) {
    const target = join(cache, deb.pool);
    if (existsSync(target) && sha256(target) === deb.sha256) continue;
    let got = download(deb, scratch);
    // A fresh machine may have no apt lists yet: as root, update them once and try again.
    if (got.error && !updated && process.getuid?.() === 0) {
      say('apt-get download failed; running apt-get update');
      spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      updated = true;
      got = download(deb, scratch);
    }
    if (got.error) {
      failed.push(`${deb.name}=${deb.version}: ${got.error}`);
      continue;
    }
    const actual = sha256(got.path);
    if (actual !== deb.sha256) {
      rmSync(got.path);
      failed.push(`${deb.name}=${deb.version}: sha256 ${actual}, the profile records ${deb.sha256}`);
      continue;
    }
    renameSync(got.path, target);
    fetched++;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
say(
  `${wanted.size} .deb file(s) of ${profiles.length} profile(s): ${fetched} fetched, ${wanted.size - fetched - failed.length} already cached`,
);
if (failed.length > 0) {
  for (const f of failed) say(`failed: ${f}`);
  say('the profile pins versions apt no longer offers? run npm run stacks to measure the current ones');
  process.exit(1);
}
