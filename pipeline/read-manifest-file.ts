import type { Manifest } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { validateManifest } from '../analyzer/validate-manifest.js';
import { readInputText } from './io/read-input-file.js';

/**
 * Reads and checks one manifest. Errors name the file as the user wrote it, on one line: the JSON
 * parser's message may quote the input (newlines included), so only its first clause is kept,
 * with the position turned into line and column.
 */
export function readManifestFile(path: string, shown: string): Manifest {
  let text: string;
  try {
    text = readInputText(path);
  } catch (error) {
    throw error instanceof UserError
      ? new UserError(error.code, error.detail, { ...error.location, file: shown })
      : error;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.replace(/, ".*" is not valid JSON$/s, '').replace(/\s+/g, ' ');
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : undefined;
    const location = offset === undefined ? {} : lineAndColumn(text, offset);
    throw new UserError('MANIFEST_BAD', `not JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`, {
      file: shown,
      ...location,
    });
  }
  return validateManifest(doc, shown);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
