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

/** Parses a positive integer id from a path or query parameter, or fails with 404 (an id that cannot exist). */
export function parseId(text: unknown, what: string): number {
  if (typeof text !== 'string' || !/^[1-9]\d{0,15}$/.test(text)) throw notFound(`${what} ${JSON.stringify(String(text))}`);
  return Number(text);
}
