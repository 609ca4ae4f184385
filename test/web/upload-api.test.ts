/**
 * Uploads to a real `tcbscope serve` (a child process of dist/cli/bin.js on port 0): what is
 * accepted, every refusal's status and JSON body, that a refused upload stores nothing, and eight
 * writers at once (four `tcbscope upload`, four `tcbscope ingest`) into the server's one store; on
 * SQLite and on PostgreSQL. Archives are packed by tar-stream and node:zlib, stored rows read by our
 * own connection.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  readExpectedBuild,
  readStoredBuilds,
  runBin,
  writeBaseManifests,
} from '../support/store-writers.js';
import { builtFile, check, checkTools, skipUnless } from '../support/test-needs.js';
import { runCli } from '../cli/run-cli.js';
import { countStoreRows, createTestStore, storeCases, type TestStore } from '../support/test-stores.js';

const needs = check(builtFile(BIN, 'npm run build'));
let dir: string;
let db: string;
let server: ChildProcess | undefined;
let url: string;
let limitBytes: number;
const tokens: Record<'write' | 'read' | 'revoked', string> = { write: '', read: '', revoked: '' };
const TARGETS = ['hvt', 'spt', 'xen'];
const manifestText = (target: string) => readFileSync(join(dir, 'base', `${target}.json`), 'utf8');
const manifests = () => TARGETS.map((t) => JSON.parse(manifestText(t)) as unknown);

async function tokenCreate(name: string, extra: string[] = []): Promise<string> {
  const r = await runCli(['token', 'create', name, '--db', db, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim();
}

/** A .tar.gz of `files` (path → text), packed by tar-stream and gzipped by node:zlib. */
async function tarGz(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (c: unknown) => chunks.push(c as Buffer));
  const ended = new Promise<void>((done) => archive.on('end', () => done()));
  for (const [name, text] of Object.entries(files)) archive.entry({ name }, text);
  archive.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

async function post(body: string | Buffer, type: string, token?: string, query = '') {
  const headers: Record<string, string> = { 'content-type': type };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const payload = typeof body === 'string' ? body : new Uint8Array(body);
  const response = await fetch(`${url}api/builds${query}`, { method: 'POST', headers, body: payload });
  return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
}

const postJson = (doc: unknown, token: string | undefined) =>
  post(JSON.stringify(doc), 'application/json', token);

describe.each(storeCases())('uploads to a server on $name', ({ kind, available }) => {
  if (available.skip) {
    it.skip(available.reason, () => undefined);
    return;
  }
  let store: TestStore | undefined;
  beforeAll(async () => {
    if (needs.skip) return;
    dir = mkdtempSync(join(tmpdir(), 'tcbscope-upload-'));
    store = await createTestStore(kind);
    db = store.spec;
    await writeBaseManifests(join(dir, 'base'));
    tokens.write = await tokenCreate('ci');
    tokens.read = await tokenCreate('viewer', ['--read-only']);
    tokens.revoked = await tokenCreate('old');
    expect((await runCli(['token', 'revoke', 'old', '--db', db])).code).toBe(0);
    writeFileSync(join(dir, 'token'), `${tokens.write}\n`);
    // Twice one build's JSON: an upload fits, a body padded past it does not.
    limitBytes = 2 * Buffer.byteLength(JSON.stringify({ job: 'x', manifests: manifests() }));
    server = spawn(
      process.execPath,
      [BIN, 'serve', '--db', db, '--port', '0', '--upload-limit', String(limitBytes)],
      {
        cwd: dir,
      },
    );
    url = await new Promise<string>((done, fail) => {
      let out = '';
      server?.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /at (http:\/\/\S+)\n/.exec(out);
        if (m) done(m[1] as string);
      });
      server?.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
    });
  }, 60_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((done) => server?.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
    await store?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.skipIf(needs.skip)(needs.title('POST /api/builds'), () => {
    it('stores an upload by `tcbscope upload` whole, and again it is already stored', async () => {
      cpSync(join(dir, 'base'), join(dir, 'manifests', 'cli-job'), { recursive: true });
      const args = ['upload', join('manifests', 'cli-job'), '--server', url, '--token-file', 'token'];
      const first = await runBin(args, dir);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^build \d+ of cli-job \(new\): hvt, spt, xen\n/);
      const again = await runBin(args, dir);
      expect(again.stdout).toMatch(/^build \d+ of cli-job \(already stored\): hvt, spt, xen\n/);
      const stored = await readStoredBuilds(db);
      expect(stored.builds.filter((b) => b.job === 'cli-job')).toEqual([
        readExpectedBuild(join(dir, 'manifests', 'cli-job'), 'cli-job'),
      ]);
    }, 60_000);

    it('stores a .tar.gz of a manifests folder, its job named by the folder', async () => {
      const files = Object.fromEntries(TARGETS.map((t) => [`tar-job/${t}.json`, manifestText(t)]));
      const r = await post(await tarGz(files), 'application/gzip', tokens.write);
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ job: 'tar-job', created: true });
      expect((await readStoredBuilds(db)).builds.filter((b) => b.job === 'tar-job')).toEqual([
        readExpectedBuild(join(dir, 'base'), 'tar-job'),
      ]);
    });

    it('stores an archive packed by `tar czf` (GNU tar), with ?job= and ?label=', async (ctx) => {
      skipUnless(ctx, checkTools('tar'));
      cpSync(join(dir, 'base'), join(dir, 'gnu', 'folder-name'), { recursive: true });
      execFileSync('tar', ['czf', join(dir, 'gnu.tar.gz'), '-C', join(dir, 'gnu'), 'folder-name']);
      const r = await post(
        readFileSync(join(dir, 'gnu.tar.gz')),
        'application/x-gzip',
        tokens.write,
        '?job=gnu-job&label=r7',
      );
      expect(r.status).toBe(201);
      const stored = await readStoredBuilds(db);
      expect(stored.builds.filter((b) => b.job === 'gnu-job')).toEqual([
        readExpectedBuild(join(dir, 'base'), 'gnu-job'),
      ]);
    });

    it.each([
      ['no token', undefined, 401, 'TOKEN_MISSING'],
      ['a revoked token', 'revoked', 401, 'TOKEN_INVALID'],
      ['a made-up token', 'tcbs_0123456789abcdef_' + 'A'.repeat(43), 401, 'TOKEN_INVALID'],
      ['a read-only token', 'read', 403, 'TOKEN_READ_ONLY'],
    ] as const)(
      'refuses an upload with %s (status and code follow), nothing stored',
      async (_what, token, status, code) => {
        const before = await countStoreRows(db);
        const presented = token === 'revoked' || token === 'read' ? tokens[token] : token;
        const r = await postJson({ job: 'refused', manifests: manifests() }, presented);
        expect(r.status).toBe(status);
        expect(r.body.error?.code).toBe(code);
        expect(await countStoreRows(db)).toEqual(before);
      },
    );

    it('refuses a body over the limit with 413 and a wrong content type with 415', async () => {
      const before = await countStoreRows(db);
      const big = await post('x'.repeat(limitBytes + 1), 'application/json', tokens.write);
      expect(big.status).toBe(413);
      expect(big.body.error?.code).toBe('UPLOAD_TOO_LARGE');
      const text = await post(
        JSON.stringify({ job: 'j', manifests: manifests() }),
        'text/plain',
        tokens.write,
      );
      expect(text.status).toBe(415);
      expect(text.body.error?.code).toBe('UNSUPPORTED_TYPE');
      expect(await countStoreRows(db)).toEqual(before);
    });

    it('refuses with 400 an invalid manifest, repeated targets and a truncated archive; nothing stored', async () => {
      const before = await countStoreRows(db);
      const [hvt, spt, xen] = manifests() as { identity: { fileSize: unknown } }[];
      const bad = structuredClone(xen) as { identity: { fileSize: unknown } };
      bad.identity.fileSize = 'large';
      const invalid = await postJson({ job: 'bad', manifests: [hvt, spt, bad] }, tokens.write);
      expect(invalid.status).toBe(400);
      expect(invalid.body.error?.code).toBe('MANIFEST_BAD');
      const repeated = await postJson({ job: 'bad', manifests: [hvt, spt, hvt] }, tokens.write);
      expect(repeated.status).toBe(400);
      expect(repeated.body.error?.code).toBe('STORE_CONFLICT');
      const whole = await tarGz(Object.fromEntries(TARGETS.map((t) => [`bad/${t}.json`, manifestText(t)])));
      for (const cut of [
        whole.subarray(0, Math.floor(whole.length / 2)),
        whole.subarray(0, whole.length - 9),
      ]) {
        const truncated = await post(cut, 'application/gzip', tokens.write);
        expect(truncated.status).toBe(400);
        expect(truncated.body.error?.code).toBe('UPLOAD_ARCHIVE_BAD');
      }
      expect(await countStoreRows(db)).toEqual(before);
    });
  });

  describe.skipIf(needs.skip)(needs.title('tcbscope upload on bad input'), () => {
    it('a missing token file is one line and exit 2, before anything is sent', async () => {
      const r = await runCli(['upload', 'base', '--server', url, '--token-file', 'no-such-token'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('no-such-token: cannot read the token file');
      expect(r.stderr).toContain('[TOKEN_FILE]');
    });

    it("a refused upload (a revoked token) is one line with the server's status and code, exit 2", async () => {
      writeFileSync(join(dir, 'revoked.token'), `${tokens.revoked}\n`);
      const before = await countStoreRows(db);
      const r = await runCli(
        ['upload', 'base', '--job', 'never', '--server', url, '--token-file', 'revoked.token'],
        dir,
      );
      expect(r.code).toBe(2);
      expect(
        r.stderr.split('\n').filter((l) => l.startsWith('tcbscope: ') && !l.includes('uploading')),
      ).toHaveLength(1);
      expect(r.stderr).toContain('HTTP 401 TOKEN_INVALID');
      expect(r.stderr).toContain('[UPLOAD_REFUSED]');
      expect(await countStoreRows(db)).toEqual(before);
    });
  });

  describe.skipIf(needs.skip)(needs.title('eight writers: four uploads and four ingests at once'), () => {
    it('all succeed, every build is whole, and the integrity check is ok', async () => {
      const jobs = Array.from({ length: 8 }, (_, k) => `mixed-${k + 1}`);
      for (const job of jobs) cpSync(join(dir, 'base'), join(dir, 'manifests', job), { recursive: true });
      const runs = await Promise.all(
        jobs.map((job, k) =>
          runBin(
            k % 2 === 0
              ? ['upload', join('manifests', job), '--server', url, '--token-file', 'token']
              : ['ingest', join('manifests', job), '--db', db],
            dir,
          ),
        ),
      );
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const stored = await readStoredBuilds(db);
      expect(stored.integrity).toBe('ok');
      expect(stored.hashMismatches).toBe(0);
      expect(stored.builds.filter((b) => b.job.startsWith('mixed-'))).toEqual(
        jobs.map((job) => readExpectedBuild(join(dir, 'manifests', job), job)),
      );
      for (const job of jobs) expect(stored.buildsPerJob[job]).toBe(1);
    }, 120_000);
  });
});
