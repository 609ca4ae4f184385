/**
 * Files and folders tcbscope creates are owner-only: the database (and SQLite's -wal beside it),
 * manifests written by `inspect --out` and the folders made for them, build logs and their folder.
 * Modes are read back with fs.stat; the process umask (usually 022) would otherwise give 0644/0755.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import { writeFileAtomic } from '../../pipeline/io/write-file-atomic.js';
import { runBuildCommand } from '../../pipeline/io/run-build-command.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tcbscope-modes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;
const image = resolve(import.meta.dirname, '../../fixtures/images/solo5/solo5-hvt');

describe('owner-only files and folders', () => {
  it('a new database is 0600 in a new 0700 folder, and its -wal file follows', () => {
    const file = join(dir, 'db/nested/tcbscope.db');
    const db = openStore(file);
    try {
      db.prepare('CREATE TABLE IF NOT EXISTS mode_probe (x)').run();
      db.prepare('INSERT INTO mode_probe VALUES (1)').run();
      expect(mode(file)).toBe(0o600);
      expect(mode(join(dir, 'db'))).toBe(0o700);
      expect(mode(join(dir, 'db/nested'))).toBe(0o700);
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect(mode(`${file}-wal`)).toBe(0o600);
    } finally {
      db.close();
    }
  });

  it('`inspect --out` writes the manifest 0600 and creates its folders 0700', async () => {
    const out = join(dir, 'inspect/a/b/manifest.json');
    const r = await runCli(['inspect', image, '--out', out]);
    expect(r.code).toBe(0);
    expect(mode(out)).toBe(0o600);
    expect(mode(join(dir, 'inspect'))).toBe(0o700);
    expect(mode(join(dir, 'inspect/a/b'))).toBe(0o700);
  });

  it('writeFileAtomic makes an overwritten file owner-only too', () => {
    const path = join(dir, 'over.json');
    writeFileAtomic(path, '{}\n');
    expect(mode(path)).toBe(0o600);
    writeFileAtomic(path, '{"again":true}\n');
    expect(mode(path)).toBe(0o600);
  });

  it("a build's log and the output folder made for it are owner-only", async () => {
    const log = join(dir, 'build-out/job/logs/hvt.log');
    const run = await runBuildCommand({
      command: ['true'],
      shell: false,
      cwd: dir,
      env: { PATH: process.env.PATH },
      logFile: log,
      onLine: () => {},
    });
    expect(run.ok).toBe(true);
    expect(mode(log)).toBe(0o600);
    expect(mode(join(dir, 'build-out'))).toBe(0o700);
    expect(mode(join(dir, 'build-out/job/logs'))).toBe(0o700);
  });
});
