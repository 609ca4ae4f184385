import { UserError, type ErrorCode } from '../analyzer/model/user-error.js';
import { readInputText } from './io/read-input-file.js';

/**
 * Reads and parses one JSON input file (a manifest, a budget). Errors name the file as the user
 * wrote it, on one line: the JSON parser's message may quote the input (newlines included), so only
 * its first clause is kept, with the position turned into line and column.
 */
export function readJsonFile(path: string, shown: string, code: ErrorCode): unknown {
  let text: string;
  try {
    text = readInputText(path);
  } catch (error) {
    throw error instanceof UserError
      ? new UserError(error.code, error.detail, { ...error.location, file: shown })
      : error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.replace(/, ".*" is not valid JSON$/s, '').replace(/\s+/g, ' ');
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : undefined;
    const location = offset === undefined ? {} : lineAndColumn(text, offset);
    throw new UserError(code, `not JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`, {
      file: shown,
      ...location,
    });
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
