import type { NextFunction, Request, Response } from 'express';
import type { ErrorResponse } from './api-types.js';

/** The names a loopback server answers to: a browser on this machine writes one of these. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Whether `host` (as given to `--host`) is a loopback address or name: only processes on this
 * machine can reach a server bound there.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Whether `host` means every interface (`0.0.0.0`, `::`): the server takes any address of the machine. */
export function isWildcardHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1');
  return h === '0.0.0.0' || h === '::' || /^(0+:){7}0+$/.test(h) || h === '::0';
}

/**
 * The Host header name of an address or name: IPv6 literals travel in brackets, and names are
 * case-insensitive (RFC 9110 §4.2.3), so everything is lower case.
 */
export function hostHeaderName(host: string): string {
  const h = host.toLowerCase();
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

/**
 * The Host header names a server bound to `bound` accepts: the bound name itself, the loopback
 * names for a loopback bind, the machine's own addresses (`localAddresses`) for a wildcard bind,
 * and the names the user allowed (`--allowed-host`). Any other name is what a DNS-rebinding page
 * sends (its own domain, now resolving to this machine), so everything else is refused.
 */
export function allowedHostNames(
  bound: string,
  allowed: readonly string[],
  localAddresses: readonly string[] = [],
): Set<string> {
  const names = new Set<string>([hostHeaderName(bound)]);
  if (isLoopbackHost(bound) || isWildcardHost(bound)) for (const name of LOOPBACK_NAMES) names.add(name);
  if (isWildcardHost(bound)) for (const address of localAddresses) names.add(hostHeaderName(address));
  for (const name of allowed) names.add(hostHeaderName(name));
  return names;
}

/**
 * The name part of a Host header value without its port (`example.org:8080` → `example.org`,
 * `[::1]:80` → `[::1]`), lower case; undefined when there is no usable header.
 */
export function readHostName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const h = header.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(h);
  // A trailing dot names the same host (`localhost.`); compare without it.
  return match ? (match[1] as string).replace(/\.$/, '') : undefined;
}

/**
 * Express middleware that answers 421 Misdirected Request with a JSON error for a request whose
 * Host header is missing or not one of `names` (see {@link allowedHostNames}).
 */
export function checkHostHeader(names: ReadonlySet<string>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const name = readHostName(req.headers.host);
    if (name !== undefined && names.has(name)) {
      next();
      return;
    }
    const body: ErrorResponse = {
      error: {
        code: 'HOST_NOT_ALLOWED',
        message:
          'this server does not answer to that Host name; start it with --allowed-host NAME to allow it',
      },
    };
    res.status(421).json(body);
  };
}
