/**
 * `tcbscope serve` against DNS rebinding and careless binds: the server it starts (startServer)
 * asked over real HTTP with chosen Host headers, and what it says on
 * stderr when bound beyond loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectStore } from '../../store/connect-store.js';
import { startServer, type RunningServer } from '../../web/server/start-server.js';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tcbscope-serve-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The server `tcbscope serve` starts, on port 0, with what it warned. */
async function start(
  options: { host?: string; allowedHosts?: string[] } = {},
): Promise<{ running: RunningServer; stderr: string; port: number }> {
  let stderr = '';
  const db = await connectStore(join(dir, 'host.db'));
  const server = await startServer({
    db,
    dbShown: 'host.db',
    host: options.host ?? '127.0.0.1',
    port: 0,
    allowedHosts: options.allowedHosts ?? [],
    warn: (line) => (stderr += `${line}\n`),
  });
  const running = {
    url: server.url,
    close: async () => {
      await server.close();
      await db.close();
    },
  };
  return { running, stderr, port: Number(new URL(server.url).port) };
}

/** GET path from 127.0.0.1:port with the Host header set to `host` (fetch cannot set Host). */
function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('tcbscope serve on loopback checks the Host header', () => {
  it.each(['127.0.0.1', 'localhost', 'LOCALHOST', 'localhost.', '[::1]'])(
    'answers Host %s (with the port)',
    async (name) => {
      const { running, port, stderr } = await start();
      try {
        const r = await get(port, '/api/jobs', `${name}:${port}`);
        expect(r.status).toBe(200);
        expect(JSON.parse(r.body)).not.toHaveProperty('error');
        expect(stderr).not.toContain('warning');
      } finally {
        await running.close();
      }
    },
  );

  it.each(['attacker.example', 'evil.localhost.example', '10.0.0.1', '127.0.0.1:80:80'])(
    'refuses Host %j with 421 and a JSON error, on the API and the pages',
    async (name) => {
      const { running, port } = await start();
      try {
        for (const path of ['/api/jobs', '/']) {
          const r = await get(port, path, name);
          expect(r.status).toBe(421);
          expect(JSON.parse(r.body).error.code).toBe('HOST_NOT_ALLOWED');
        }
      } finally {
        await running.close();
      }
    },
  );

  it('refuses an HTTP/1.0 request without a Host header', async () => {
    const { running, port } = await start();
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        let text = '';
        const socket = connect(port, '127.0.0.1', () => socket.end('GET /api/jobs HTTP/1.0\r\n\r\n'));
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.[01] 421 /);
      expect(reply).toContain('HOST_NOT_ALLOWED');
    } finally {
      await running.close();
    }
  });

  it('answers a name given with --allowed-host (repeatable), and still refuses others', async () => {
    const { running, port } = await start({ allowedHosts: ['reports.lan', 'ci.lan'] });
    try {
      expect((await get(port, '/api/jobs', `reports.lan:${port}`)).status).toBe(200);
      expect((await get(port, '/api/jobs', 'CI.lan')).status).toBe(200);
      expect((await get(port, '/api/jobs', 'other.lan')).status).toBe(421);
    } finally {
      await running.close();
    }
  });
});

describe('tcbscope serve beyond loopback', () => {
  it('warns on stderr naming the address for --host 0.0.0.0, and answers a local address', async () => {
    const { running, port, stderr } = await start({ host: '0.0.0.0' });
    try {
      expect(stderr).toContain(`warning: listening on 0.0.0.0:${port}`);
      expect(stderr).toContain('every network interface');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect((await get(port, '/api/jobs', `127.0.0.1:${port}`)).status).toBe(200);
      // A name that resolves to this machine through an attacker's DNS is still refused.
      expect((await get(port, '/api/jobs', `rebind.example:${port}`)).status).toBe(421);
    } finally {
      await running.close();
    }
  });

  it('warns for a LAN address of this machine, and answers that address as Host', async (ctx) => {
    const lan = Object.values(networkInterfaces())
      .flatMap((l) => l ?? [])
      .find((a) => a.family === 'IPv4' && !a.internal);
    if (!lan) {
      ctx.skip(); // SKIPPED: this machine has no non-loopback IPv4 address to bind
      return;
    }
    const { running, port, stderr } = await start({ host: lan.address });
    try {
      expect(stderr).toContain(`warning: listening on ${lan.address}:${port}`);
      const r = await new Promise<number>((resolve, reject) => {
        const req = request({ host: lan.address, port, path: '/api/jobs' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(r).toBe(200);
    } finally {
      await running.close();
    }
  });

  it("refuses --host '' (which Node would take as every interface), exit 2 and one line", async () => {
    const r = await runCli(['serve', '--host', '', '--port', '0', '--db', join(dir, 'never.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--host "" would listen on every interface');
    expect(r.stdout).toBe('');
  });

  it('refuses an --allowed-host that is not a host name', async () => {
    const r = await runCli(['serve', '--allowed-host', 'a b', '--port', '0', '--db', join(dir, 'never.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--allowed-host takes a host name or address');
  });
});
