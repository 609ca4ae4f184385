/**
 * `reads: 'token'` (serve --reads token): every read needs a token of either scope, and uploads
 * still answer 401 without one; with the default (`public`) reads need nothing. A real server on
 * port 0 over a database whose tokens `tcbscope token create` made.
 */
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectStore } from '../../store/connect-store.js';
import { createApp } from '../../web/server/create-app.js';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tcbscope-reads-'));
const db = join(dir, 'tcbscope.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withServer(reads: 'public' | 'token', fn: (url: string) => Promise<void>): Promise<void> {
  const store = await connectStore(db);
  const server = createApp({ db: store, reads }).listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  } finally {
    await new Promise((done) => server.close(done));
    await store.close();
  }
}

const get = async (url: string, token?: string) => {
  const r = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: r.status, body: (await r.json()) as { error?: { code: string } } };
};

describe('reads', () => {
  it('are public by default, and need a token of either scope with reads: token', async () => {
    const token = async (name: string, extra: string[] = []) =>
      (await runCli(['token', 'create', name, '--db', db, ...extra])).stdout.trim();
    const viewer = await token('viewer', ['--read-only']);
    const ci = await token('ci');
    await withServer('public', async (url) => {
      expect((await get(`${url}api/jobs`)).status).toBe(200);
    });
    await withServer('token', async (url) => {
      const anonymous = await get(`${url}api/jobs`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error?.code).toBe('TOKEN_MISSING');
      expect((await get(`${url}api/jobs`, 'tcbs_nonsense')).status).toBe(401);
      expect((await get(`${url}api/jobs`, viewer)).status).toBe(200);
      expect((await get(`${url}api/jobs`, ci)).status).toBe(200);
      const upload = await fetch(`${url}api/builds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(upload.status).toBe(401);
    });
  });
});
