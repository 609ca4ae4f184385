/**
 * Inputs and outputs that are not what a command expects — folders, FIFOs, devices, files past the
 * size limit, output paths that cannot be written, a reader that closes the pipe early — end in
 * one line naming the path, exit 2, and no partial file; never a hang or a stack trace.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtFile, builtFixture, check, checkTools } from '../support/test-needs.js';
import { runCli } from './run-cli.js';

const REPO = resolve(import.meta.dirname, '../..');
const greet = join(REPO, 'fixtures/images/greet/greet');
const bin = join(REPO, 'dist/cli/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'tcbscope-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = check(builtFixture(greet));
const fifoTools = checkTools('mkfifo');

function expectOneLine(r: { code: number; stdout: string; stderr: string }, path: string, code: string) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`${path}: `);
  expect(lines[0]).toContain(`[${code}]`);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('inputs that are not regular files', () => {
  it('a folder is named as a folder, for every command that reads a file', async () => {
    // (diff, gate and ingest take folders of manifests on purpose, so they are not asked here.)
    for (const args of [
      ['inspect', dir],
      ['sbom', dir],
    ]) {
      const r = await runCli(args);
      expectOneLine(r, dir, 'INPUT_NOT_FILE');
      expect(r.stderr).toContain('is a folder');
    }
  });

  it('a character device (/dev/zero) is refused without being read', async () => {
    // /dev/zero never ends: reading it whole grew ingest to gigabytes before this check.
    expect(statSync('/dev/zero').isCharacterDevice()).toBe(true);
    for (const args of [
      ['inspect', '/dev/zero'],
      ['ingest', '/dev/zero', '--db', join(dir, 'z.db')],
    ]) {
      const r = await runCli(args);
      expectOneLine(r, '/dev/zero', 'INPUT_NOT_FILE');
      expect(r.stderr).toContain('character device');
    }
    expect(existsSync(join(dir, 'z.db'))).toBe(false);
  });

  it.skipIf(fifoTools.skip)(
    fifoTools.title('a FIFO is refused at once instead of blocking on open'),
    async () => {
      const fifo = join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      expect(statSync(fifo).isFIFO()).toBe(true);
      for (const args of [
        ['inspect', fifo],
        ['inspect', greet, '--map', fifo],
        ['sbom', fifo],
      ]) {
        const r = await runCli(args);
        expectOneLine(r, fifo, 'INPUT_NOT_FILE');
        expect(r.stderr).toContain('FIFO');
      }
    },
  );
});

describe('inputs over the size limit', () => {
  it('a file read whole that is over --max-input-size names the limit and the flag', async () => {
    const manifest = join(dir, 'm.json');
    writeFileSync(manifest, JSON.stringify({ padding: 'x'.repeat(4096) }));
    const size = statSync(manifest).size;
    const r = await runCli(['--max-input-size', '2K', 'diff', manifest, manifest]);
    expectOneLine(r, manifest, 'INPUT_TOO_LARGE');
    expect(r.stderr).toContain(`is ${(size / 1024).toPrecision(3).replace(/\.?0+$/, '')} KiB`);
    expect(r.stderr).toContain('over the limit of 2 KiB');
    expect(r.stderr).toContain('--max-input-size');
  });

  it('a sparse file of 2 GiB or more read whole is refused clearly, whatever the limit', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, '{}');
    execFileSync('truncate', ['-s', '2200M', big]); // sparse: no disk used
    const r = await runCli(['--max-input-size', '3G', 'diff', big, big]);
    expectOneLine(r, big, 'INPUT_TOO_LARGE');
    expect(r.stderr).toContain('under 2 GiB');
    rmSync(big);
  });

  it.each([['--max-input-size', 'lots'], ['--max-input-size=0'], ['--max-input-size']])(
    'a bad %s is a usage error',
    async (...flag) => {
      const r = await runCli([...flag, 'version']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--max-input-size takes a size');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});

describe.skipIf(fixture.skip)(fixture.title('output paths that cannot be written'), () => {
  it.each([
    [
      'onto a folder',
      () => mkdirSync(join(dir, 'out-folder'), { recursive: true }),
      'out-folder',
      'is a folder',
    ],
    ['under a file', () => writeFileSync(join(dir, 'a-file'), 'x'), 'a-file/m.json', 'EEXIST'],
    ['under /proc, which cannot hold it', () => {}, '/proc/tcbscope-m.json', 'ENOENT'],
  ])('--out %s: one line naming it, no partial file left', async (_what, prepare, out, message) => {
    prepare();
    const path = out.startsWith('/') ? out : join(dir, out);
    const before = readdirSync(dir).sort();
    const r = await runCli(['inspect', greet, '--out', path]);
    expectOneLine(r, path, 'OUTPUT_UNWRITABLE');
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(before); // no temporary file left behind
  });
});

const dist = check(builtFixture(greet), builtFile(bin, 'npm run build'));
describe.skipIf(dist.skip)(dist.title('the built CLI when its reader closes the pipe'), () => {
  it('`tcbscope inspect --json | head -c 1` ends quietly with exit 0', async () => {
    // The reader takes one byte and goes: a large JSON document is still being written, so node
    // sees EPIPE on stdout. That must not become a stack trace on the user's terminal.
    const child = spawn(process.execPath, [bin, 'inspect', greet, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(/EPIPE|internal error|\n\s+at /);
    expect(code).toBe(0);
  });
});
