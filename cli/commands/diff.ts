import { resolve } from 'node:path';
import { diffManifests } from '../../analyzer/diff-manifests.js';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { validateManifest } from '../../analyzer/validate-manifest.js';
import { DIFF_REPORTERS, isDiffReporterName } from '../../reports/diff-reporters.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { readInputText } from '../../pipeline/io/read-input-file.js';

const USAGE = `tcbscope diff BASE HEAD [--reporter ${Object.keys(DIFF_REPORTERS).join('|')}] [--json] [--top N] [--units N] [--all]`;

export const diffCommand: Command = {
  name: 'diff',
  summary:
    'what changed between two manifests: sizes, packages, dependency graph (exit 0; a report, not a gate)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        reporter: { type: 'string' },
        json: { type: 'boolean' },
        top: { type: 'string' },
        units: { type: 'string' },
        all: { type: 'boolean' },
      },
      USAGE,
    );
    const [basePath, headPath] = positionals;
    if (positionals.length !== 2 || basePath === undefined || headPath === undefined) {
      throw new UserError(
        'USAGE',
        `expected BASE and HEAD manifests, got ${positionals.length} argument(s); usage: ${USAGE}`,
      );
    }
    const reporter = values.reporter ?? (values.json ? 'json' : 'text');
    if (!isDiffReporterName(reporter))
      throw new UserError(
        'USAGE',
        `--reporter "${reporter}" is not one of ${Object.keys(DIFF_REPORTERS).join(', ')}; usage: ${USAGE}`,
      );
    if (values.json && reporter !== 'json')
      throw new UserError('USAGE', `--json means --reporter json, not "${reporter}"; pass one of them`);
    const top = values.top === undefined ? undefined : parseTop(values.top, '--top');
    const units = values.units === undefined ? undefined : parseTop(values.units, '--units');
    const base = readManifestFile(resolve(io.cwd, basePath), basePath);
    const head = readManifestFile(resolve(io.cwd, headPath), headPath);
    io.stdout.write(
      DIFF_REPORTERS[reporter](diffManifests(base, head), { top, units, showSame: values.all === true }),
    );
    return 0;
  },
};

function parseTop(text: string, flag: '--top' | '--units'): number {
  if (!/^\d+$/.test(text))
    throw new UserError(
      'USAGE',
      `${flag} takes a whole number of ${flag === '--top' ? 'package' : 'unit'} rows, got "${text}"; usage: ${USAGE}`,
    );
  return Number(text);
}

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
