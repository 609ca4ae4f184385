import { resolve } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import { readAdvisoryFolder } from '../../pipeline/read-advisory-folder.js';
import { connectStore } from '../../store/connect-store.js';
import { startServer } from '../../web/server/start-server.js';
import { resolveDbPath } from '../default-db.js';
import { findClientDir } from '../../pipeline/io/find-client-dir.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { parseSize } from '../../pipeline/io/input-file-kind.js';

const USAGE =
  'tcbscope serve [--db FILE|URL] [--port N] [--host H] [--allowed-host NAME]... [--advisories DIR] [--reads public|token] [--upload-limit SIZE]';

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
        'allowed-host': { type: 'string', multiple: true },
        advisories: { type: 'string' },
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
    const host = parseHost(values.host ?? '127.0.0.1');
    const allowedHosts = (values['allowed-host'] ?? []).map(parseAllowedHost);
    // Read before the store opens: a bad advisory file is a one-line input error, not a half-started server.
    const advisories =
      values.advisories === undefined
        ? undefined
        : {
            folder: values.advisories,
            advisories: readAdvisoryFolder(resolve(io.cwd, values.advisories), values.advisories),
          };
    const db = resolveDbPath(io.cwd, io.env, values.db);
    const store = await connectStore(db.path, db.shown);
    const clientDir = findClientDir();
    if (!clientDir)
      io.stderr.write(
        'tcbscope: the browser client is not built (run `npm run build`); serving the JSON API only\n',
      );
    let running;
    try {
      running = await startServer({
        db: store,
        dbShown: db.shown,
        ...(advisories ? { advisories } : {}),
        reads,
        ...(uploadLimit !== undefined ? { uploadLimitBytes: uploadLimit } : {}),
        ...(clientDir ? { clientDir } : {}),
        host,
        port,
        allowedHosts,
        warn: (line) => io.stderr.write(`${line}\n`),
        onInternalError: (error) => io.stderr.write(`${(error as Error).stack ?? String(error)}\n`),
      });
    } catch (error) {
      await store.close();
      throw error;
    }
    io.stdout.write(`tcbscope report of ${db.shown} at ${running.url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.close();
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

/** An address (IPv6 in brackets or not) or a host name. */
const HOST_SYNTAX = /^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]+|[A-Za-z0-9.-]+)$/;

/**
 * `--host ''` would reach listen() as "no host", which Node takes as every interface: refuse it
 * and let the user say `0.0.0.0` or `::` if that is what they mean.
 */
function parseHost(text: string): string {
  const host = text.trim();
  if (host === '')
    throw new UserError(
      'USAGE',
      `--host "" would listen on every interface; write --host 0.0.0.0 (or ::) to mean that; usage: ${USAGE}`,
    );
  if (!HOST_SYNTAX.test(host))
    throw new UserError('USAGE', `--host takes an address or a host name; usage: ${USAGE}`);
  return host.replace(/^\[(.*)\]$/, '$1');
}

/** A name for the Host header check: letters, digits, dots and dashes, or an address. */
function parseAllowedHost(text: string): string {
  const name = text.trim();
  if (!HOST_SYNTAX.test(name))
    throw new UserError('USAGE', `--allowed-host takes a host name or address; usage: ${USAGE}`);
  return name.replace(/\.$/, '');
}
