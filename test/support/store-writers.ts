/**
 * Helpers for the many-writers tests: real `tcbscope` child processes of the compiled CLI, and a
 * check of what one store holds against the manifest files that went in, read by a connection of
 * our own (better-sqlite3 or pg) and node:crypto (never by the store's code).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { main } from '../../cli/main.js';
import { SOLO5_DIR, SOLO5_IMAGES, withRawDb } from './solo5-build.js';
import { rawAll } from './test-stores.js';

/** The compiled CLI the child processes run (`npm run build` writes it). */
export const BIN = resolve(import.meta.dirname, '../../dist/cli/bin.js');

/** What one child process did. */
export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli/bin.js ARGS` as a separate process (its own SQLite connection and locks). */
export function runBin(args: string[], cwd: string, env: Record<string, string> = {}): Promise<ChildRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** One build as its folder of per-target manifest files holds it. */
export interface ExpectedBuild {
  job: string;
  targets: { target: string; packages: number; units: number }[];
}

/** The build a folder `<job>/<target>.json` holds, read as plain JSON. */
export function readExpectedBuild(folder: string, job: string): ExpectedBuild {
  const targets = readdirSync(folder)
    .filter((n) => n.endsWith('.json'))
    .map((n) => JSON.parse(readFileSync(join(folder, n), 'utf8')) as Manifest)
    .map((m) => ({
      target: m.identity.target,
      packages: m.attribution.packages.length,
      units: m.attribution.units.length,
    }))
    .sort((a, b) => (a.target < b.target ? -1 : 1));
  return { job, targets };
}

/** What a store (a SQLite file or a postgres:// URL) holds per job: its builds, each with its images' package and unit counts. */
export async function readStoredBuilds(spec: string): Promise<{
  builds: ExpectedBuild[];
  buildsPerJob: Record<string, number>;
  hashMismatches: number;
  integrity: string;
}> {
  const rows = await rawAll<{
    job: string;
    buildId: number;
    target: string | null;
    manifest: string | null;
    hash: string | null;
    packages: number;
  }>(
    spec,
    `SELECT j.name AS job, b.id AS "buildId", i.id AS "imageId", i.target, i.manifest, i.manifest_sha256 AS hash,
       (SELECT count(*) FROM image_packages p WHERE p.image_id = i.id) AS packages
     FROM builds b JOIN jobs j ON j.id = b.job_id LEFT JOIN images i ON i.build_id = b.id
     ORDER BY j.name, b.id, i.target`,
  );
  {
    const byBuild = new Map<number, ExpectedBuild>();
    const buildsPerJob: Record<string, number> = {};
    let hashMismatches = 0;
    for (const row of rows) {
      let build = byBuild.get(row.buildId);
      if (!build) {
        byBuild.set(row.buildId, (build = { job: row.job, targets: [] }));
        buildsPerJob[row.job] = (buildsPerJob[row.job] ?? 0) + 1;
      }
      if (row.target === null || row.manifest === null) continue;
      if (createHash('sha256').update(row.manifest).digest('hex') !== row.hash) hashMismatches++;
      const manifest = JSON.parse(row.manifest) as Manifest;
      build.targets.push({
        target: row.target,
        packages: row.packages,
        units: manifest.attribution.units.length,
      });
    }
    return {
      builds: [...byBuild.values()],
      buildsPerJob,
      hashMismatches,
      integrity: await checkIntegrity(spec),
    };
  }
}

/**
 * The database's own verdict on its files: SQLite's `PRAGMA integrity_check`, or on PostgreSQL
 * amcheck's `bt_index_check` over every index of the store's tables (with their heap, so a row its
 * index misses is found too). `ok` when clean, else what was found.
 */
export async function checkIntegrity(spec: string): Promise<string> {
  if (!/^postgres(ql)?:/.test(spec))
    return withRawDb(spec, (db) => db.pragma('integrity_check', { simple: true }) as string);
  await rawAll(spec, 'CREATE EXTENSION IF NOT EXISTS amcheck');
  const indexes = await rawAll<{ name: string }>(
    spec,
    `SELECT c.relname AS name FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() ORDER BY c.relname`,
  );
  if (indexes.length === 0) return 'no indexes';
  try {
    for (const { name } of indexes) await rawAll(spec, 'SELECT bt_index_check(?::regclass, true)', [name]);
  } catch (error) {
    return (error as Error).message;
  }
  return 'ok';
}

/** Writes the Solo5 fixtures' manifests (hvt, spt, xen) into `folder` with `tcbscope inspect` through main(io). */
export async function writeBaseManifests(folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  for (const { target, name } of SOLO5_IMAGES) {
    const image = join(SOLO5_DIR, name);
    let stderr = '';
    const code = await main({
      argv: ['inspect', image, '--map', `${image}.map`, '--out', join(folder, `${target}.json`)],
      env: {},
      cwd: folder,
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
    });
    if (code !== 0) throw new Error(`tcbscope inspect ${name} failed: ${stderr}`);
  }
}
