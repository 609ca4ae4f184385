/**
 * Many writers into one store, on SQLite and on PostgreSQL: real child processes of
 * dist/cli/bin.js, each with its own connection. Eight `tcbscope ingest` processes into one new
 * store (which they also create and migrate together); eight ingests of one and the same build
 * (its unique identity leaves one build); four `tcbscope upload` to a `tcbscope serve` on the
 * store beside four ingests. Every build must be there and whole — its targets, and per target the
 * packages and units of the manifest file that went in — and the database's own integrity check
 * must say ok (SQLite's integrity_check, PostgreSQL's amcheck).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  readExpectedBuild,
  readStoredBuilds,
  runBin,
  writeBaseManifests,
} from '../support/store-writers.js';
import { builtFile, check } from '../support/test-needs.js';
import { createTestStore, storeCases, type TestStore } from '../support/test-stores.js';

const needs = check(builtFile(BIN, 'npm run build'));
const WRITERS = 8;
let dir: string;

beforeAll(async () => {
  if (needs.skip) return;
  dir = mkdtempSync(join(tmpdir(), 'tcbscope-writers-'));
  await writeBaseManifests(join(dir, 'base'));
  // One folder per writer: the folder names the job, so each is a build of its own.
  for (let i = 1; i <= WRITERS; i++)
    cpSync(join(dir, 'base'), join(dir, 'manifests', `job-${i}`), { recursive: true });
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const made: TestStore[] = [];
const servers: ChildProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    const exited = new Promise((done) => server.once('exit', done));
    server.kill('SIGTERM');
    await exited;
  }
  for (const store of made.splice(0)) await store.drop();
});

/** `tcbscope serve --db SPEC --port 0` as a child process; resolves to its URL. */
async function serve(spec: string): Promise<string> {
  const server = spawn(process.execPath, [BIN, 'serve', '--db', spec, '--port', '0'], { cwd: dir });
  servers.push(server);
  return new Promise<string>((done, fail) => {
    let out = '';
    server.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /at (http:\/\/\S+)\n/.exec(out);
      if (m) done(m[1] as string);
    });
    server.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
  });
}

const jobs = Array.from({ length: WRITERS }, (_, k) => `job-${k + 1}`);
const expected = () => jobs.map((job) => readExpectedBuild(join(dir, 'manifests', job), job));

describe.each(storeCases())('many writers on $name', ({ kind, available }) => {
  const skip = needs.skip || available.skip;
  const fresh = async (): Promise<string> => {
    const store = await createTestStore(kind);
    made.push(store);
    return store.spec;
  };

  it.skipIf(skip)(
    needs.title('eight tcbscope ingest into one new store: all succeed, every build whole, integrity ok'),
    async () => {
      const spec = await fresh();
      const runs = await Promise.all(
        jobs.map((job) => runBin(['ingest', join('manifests', job), '--db', spec], dir)),
      );
      for (const r of runs) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      }
      const stored = await readStoredBuilds(spec);
      expect(stored.integrity).toBe('ok');
      expect(stored.hashMismatches).toBe(0);
      expect(stored.builds).toEqual(expected());
      expect(Object.values(stored.buildsPerJob)).toEqual(Array(WRITERS).fill(1));
      expect(expected()[0]?.targets.map((t) => t.target)).toEqual(['hvt', 'spt', 'xen']);
    },
    120_000,
  );

  it.skipIf(skip)(
    needs.title('eight ingests of the same build at once store it once, and each names that one build'),
    async () => {
      const spec = await fresh();
      const runs = await Promise.all(
        jobs.map(() => runBin(['ingest', join('manifests', 'job-1'), '--db', spec, '--json'], dir)),
      );
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const ids = runs.map(
        (r) => (JSON.parse(r.stdout) as { builds: { buildId: number }[] }).builds[0]?.buildId,
      );
      expect(new Set(ids).size).toBe(1);
      const created = runs.map(
        (r) => (JSON.parse(r.stdout) as { builds: { created: boolean }[] }).builds[0]?.created,
      );
      expect(created.filter(Boolean)).toHaveLength(1);
      const stored = await readStoredBuilds(spec);
      expect(stored.integrity).toBe('ok');
      expect(stored.builds).toEqual([readExpectedBuild(join(dir, 'manifests', 'job-1'), 'job-1')]);
    },
    120_000,
  );

  it.skipIf(skip)(
    needs.title(
      'four tcbscope upload and four tcbscope ingest at once: all succeed, every build whole, integrity ok',
    ),
    async () => {
      const spec = await fresh();
      const token = await runBin(['token', 'create', 'ci', '--db', spec], dir);
      expect(token.code, token.stderr).toBe(0);
      const tokenFile = join(dir, `token-${kind}`);
      writeFileSync(tokenFile, token.stdout);
      const url = await serve(spec);
      const runs = await Promise.all(
        jobs.map((job, k) =>
          runBin(
            k % 2 === 0
              ? ['upload', join('manifests', job), '--server', url, '--token-file', tokenFile]
              : ['ingest', join('manifests', job), '--db', spec],
            dir,
          ),
        ),
      );
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const stored = await readStoredBuilds(spec);
      expect(stored.integrity).toBe('ok');
      expect(stored.hashMismatches).toBe(0);
      expect(stored.builds).toEqual(expected());
      for (const job of jobs) expect(stored.buildsPerJob[job]).toBe(1);
    },
    120_000,
  );
});
