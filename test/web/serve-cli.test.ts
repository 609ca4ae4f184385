/**
 * `tcbscope serve` start-up errors through main(io): a file that is not a tcbscope database, a
 * port that cannot be used. Each is one stderr line naming the problem, exit 2, before anything
 * listens. (Serving itself is exercised by the browser tests, which run the compiled CLI.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tcbscope-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tcbscope serve refuses to start', () => {
  it('on a file that is not a database, naming it, and leaves the file as it was', async () => {
    const file = join(dir, 'notes.db');
    writeFileSync(file, 'these are my notes, not a database\n');
    const r = await runCli(['serve', '--db', file, '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${file}: not a tcbscope database`);
    expect(r.stderr).toContain('[STORE_FOREIGN]');
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('these are my notes, not a database\n');
  });

  it.each([
    [['serve', '--port', '70000'], '--port takes 0 to 65535'],
    [['serve', '--port', 'http'], '--port takes 0 to 65535'],
    [['serve', 'extra'], 'unexpected argument "extra"'],
    [['serve', '--bind', 'x'], "Unknown option '--bind'"],
  ])('on the command line %j', async (args, message) => {
    const r = await runCli([...args, '--db', join(dir, 'never.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('on a port another program holds', async () => {
    const holder = createServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
    const port = (holder.address() as AddressInfo).port;
    try {
      const r = await runCli(['serve', '--db', join(dir, 'busy.db'), '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
    } finally {
      holder.close();
    }
  });
});
