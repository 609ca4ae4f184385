/**
 * Many writers into one SQLite database: eight `tcbscope ingest` processes at once (real child
 * processes of dist/cli/bin.js, each with its own connection) into one fresh database, which they
 * also create and migrate together. Every build must be there and whole — its targets, and per
 * target the packages and units of the manifest file that went in — and SQLite's own
 * integrity check must say ok.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  readExpectedBuild,
  readStoredBuilds,
  runBin,
  writeBaseManifests,
} from '../support/store-writers.js';
import { builtFile, check } from '../support/test-needs.js';

const needs = check(builtFile(BIN, 'npm run build'));
const WRITERS = 8;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tcbscope-writers-'));
  await writeBaseManifests(join(dir, 'base'));
  // One folder per writer: the folder names the job, so each is a build of its own.
  for (let i = 1; i <= WRITERS; i++)
    cpSync(join(dir, 'base'), join(dir, 'manifests', `job-${i}`), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(needs.skip)(needs.title('eight tcbscope ingest processes into one new database'), () => {
  it('all succeed, every build is whole, and the integrity check is ok', async () => {
    const db = join(dir, 'store', 'tcbscope.db');
    const runs = await Promise.all(
      Array.from({ length: WRITERS }, (_, k) =>
        runBin(['ingest', join('manifests', `job-${k + 1}`), '--db', db], dir),
      ),
    );
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const stored = readStoredBuilds(db);
    expect(stored.integrity).toBe('ok');
    expect(stored.hashMismatches).toBe(0);
    const expected = Array.from({ length: WRITERS }, (_, k) =>
      readExpectedBuild(join(dir, 'manifests', `job-${k + 1}`), `job-${k + 1}`),
    ).sort((a, b) => (a.job < b.job ? -1 : 1));
    expect(stored.builds).toEqual(expected);
    expect(Object.values(stored.buildsPerJob)).toEqual(Array(WRITERS).fill(1));
    expect(expected[0]?.targets.map((t) => t.target)).toEqual(['hvt', 'spt', 'xen']);
  }, 120_000);
});
