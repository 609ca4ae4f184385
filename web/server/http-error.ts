/** An error the API answers with a status and a message meant for the user (no stack, ever). */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
  }
}

/** A 404 naming what was asked for. */
export function notFound(what: string): HttpError {
  return new HttpError(404, 'NOT_FOUND', `${what} not found`);
}

/** A database id (a positive integer) from a path or query parameter, or undefined. */
export function readId(text: unknown): number | undefined {
  return typeof text === 'string' && /^[1-9]\d{0,15}$/.test(text) ? Number(text) : undefined;
}

/** Parses a positive integer id from a path or query parameter, or fails with 404 (an id that cannot exist). */
export function parseId(text: unknown, what: string): number {
  const id = readId(text);
  if (id === undefined) throw notFound(`${what} ${JSON.stringify(String(text))}`);
  return id;
}
