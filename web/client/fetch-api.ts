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

/** GETs one API endpoint and returns its JSON, or throws an {@link ApiError} with the server's message. */
export async function fetchApi<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => undefined)) as T | ErrorResponse | undefined;
  if (!response.ok) {
    const message =
      body && typeof body === 'object' && 'error' in body ? body.error.message : `HTTP ${response.status}`;
    throw new ApiError(response.status, message);
  }
  return body as T;
}
