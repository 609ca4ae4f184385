import type { ErrorResponse } from '../server/api-types.js';

/** An API answer other than 2xx: its status and the server's message, shown as the page. */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/**
 * Where the pages get their data: an API path (`/api/images/3/tree`) in, that endpoint's JSON out,
 * or an {@link ApiError}. The web report asks the server; a report file answers from the JSON it
 * embeds (`tcbscope report`), so the same pages draw both.
 */
export type DataSource = (path: string) => Promise<unknown>;

/** GETs one API endpoint from the server the page came from. */
async function fetchFromServer(path: string): Promise<unknown> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const error = (body as Partial<ErrorResponse> | undefined)?.error;
    throw new ApiError(response.status, error?.message ?? `HTTP ${response.status}`);
  }
  return body;
}

let source: DataSource = fetchFromServer;

/** Replaces where {@link fetchApi} reads from; called once, before any page is drawn. */
export function useDataSource(next: DataSource): void {
  source = next;
}

/** Reads one API endpoint's JSON from the data source, or throws an {@link ApiError} with its message. */
export async function fetchApi<T>(path: string): Promise<T> {
  return (await source(path)) as T;
}
