import type { AddressInfo } from 'node:net';
import { UserError } from '../../analyzer/model/user-error.js';
import { connectStore } from '../../store/connect-store.js';
import { createApp } from '../../web/server/create-app.js';
import { resolveDbPath } from '../default-db.js';
import { findClientDir } from '../../pipeline/io/find-client-dir.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { parseSize } from '../../pipeline/io/input-file-kind.js';

const USAGE =
  'tcbscope serve [--db FILE|URL] [--port N] [--host H] [--reads public|token] [--upload-limit SIZE]';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the web report of the database on http://127.0.0.1:8080 (until interrupted)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        db: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        reads: { type: 'string' },
        'upload-limit': { type: 'string' },
      },
      USAGE,
    );
    if (positionals.length > 0)
      throw new UserError('USAGE', `unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
    const port = parsePort(values.port ?? '8080');
    const reads = values.reads ?? 'public';
    if (reads !== 'public' && reads !== 'token')
      throw new UserError('USAGE', `--reads takes public or token, got "${reads}"; usage: ${USAGE}`);
    const uploadLimit = values['upload-limit'] === undefined ? undefined : parseSize(values['upload-limit']);
    if (values['upload-limit'] !== undefined && uploadLimit === undefined)
      throw new UserError(
        'USAGE',
        `--upload-limit takes a size such as 64M, got "${values['upload-limit']}"; usage: ${USAGE}`,
      );
    // Loopback unless the user asks otherwise: a report lists every package of an image.
    const host = values.host ?? '127.0.0.1';
    const db = resolveDbPath(io.cwd, io.env, values.db);
    const store = await connectStore(db.path, db.shown);
    const clientDir = findClientDir();
    if (!clientDir)
      io.stderr.write(
        'tcbscope: the browser client is not built (run `npm run build`); serving the JSON API only\n',
      );
    const app = createApp({
      db: store,
      reads,
      ...(uploadLimit !== undefined ? { uploadLimitBytes: uploadLimit } : {}),
      ...(clientDir ? { clientDir } : {}),
      onInternalError: (error) => io.stderr.write(`${(error as Error).stack ?? String(error)}\n`),
    });
    const server = app.listen(port, host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', (error: NodeJS.ErrnoException) => {
        void store.close();
        reject(
          error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL'
            ? new UserError('USAGE', `cannot listen on ${host}:${port} (${error.code})`, {
                at: '--port/--host',
              })
            : error,
        );
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    io.stdout.write(`tcbscope report of ${db.shown} at http://${shownHost}:${address.port}/\n`);
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await store.close();
    return 0;
  },
};

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : -1;
  if (port < 0 || port > 65535)
    throw new UserError('USAGE', `--port takes 0 to 65535, got "${text}"; usage: ${USAGE}`);
  return port;
}
