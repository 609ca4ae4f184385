import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { UserError } from '../../analyzer/model/user-error.js';
import type { StoreDb } from '../../store/store-db.js';
import { createApp, type AppOptions } from './create-app.js';
import { allowedHostNames, isLoopbackHost, isWildcardHost } from './host-check.js';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  db: StoreDb;
  /** The database as the user named it, for the messages. */
  dbShown: string;
  clientDir?: string;
  /** OSV advisories to match on the image pages (`--advisories`). */
  advisories?: AppOptions['advisories'];
  /** Who may read (`--reads`). */
  reads?: AppOptions['reads'];
  /** Largest upload body in bytes (`--upload-limit`). */
  uploadLimitBytes?: number;
  /** Address or name to listen on; never empty (Node would take "" as every interface). */
  host: string;
  port: number;
  /** Host header names to answer besides the bound host (`--allowed-host`). */
  allowedHosts: readonly string[];
  /** Where the warning for a bind beyond loopback goes (stderr), one line. */
  warn(line: string): void;
  onInternalError?: (error: unknown) => void;
}

/** A listening report server. */
export interface RunningServer {
  /** `http://ADDRESS:PORT/` as bound (the port chosen when 0 was asked for). */
  url: string;
  /** Stops listening and drops idle connections; the database stays open (its opener closes it). */
  close(): Promise<void>;
}

/**
 * Listens with the report app on `host:port`, answering only Host headers the bind allows (see
 * `host-check.ts`), and warns when the bind reaches beyond loopback, naming the address.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { host, port } = options;
  if (host === '') throw new UserError('USAGE', '--host "" would listen on every interface');
  const wildcard = isWildcardHost(host);
  const app = createApp({
    db: options.db,
    ...(options.clientDir ? { clientDir: options.clientDir } : {}),
    ...(options.advisories ? { advisories: options.advisories } : {}),
    ...(options.reads ? { reads: options.reads } : {}),
    ...(options.uploadLimitBytes !== undefined ? { uploadLimitBytes: options.uploadLimitBytes } : {}),
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
    allowedHosts: allowedHostNames(host, options.allowedHosts, wildcard ? localAddresses() : []),
  });
  const server: Server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) => {
      const known = ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'ENOTFOUND'].includes(error.code ?? '');
      reject(
        known
          ? new UserError('USAGE', `cannot listen on ${host}:${port} (${error.code})`, {
              at: '--port/--host',
            })
          : error,
      );
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  if (!isLoopbackHost(host)) {
    const where = wildcard ? 'every network interface of this machine' : 'a network address';
    options.warn(
      `tcbscope: warning: listening on ${shownHost}:${address.port} (${where}, not loopback): ` +
        `anyone who can reach it can read every report in ${options.dbShown}`,
    );
  }
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Browsers keep connections open; without this close() waits for them to time out.
        server.closeIdleConnections();
      }),
  };
}

/** This machine's own addresses: the Host a browser sends to a server bound to every interface. */
function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((entry) => entry.address.replace(/%.*$/, ''));
}
