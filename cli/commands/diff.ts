import { resolve } from 'node:path';
import { diffManifests } from '../../analyzer/diff-manifests.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { readManifestFile } from '../../pipeline/read-manifest-file.js';

const USAGE = `tcbscope diff BASE HEAD ${describeReporterFlags('diff')} [--top N] [--units N] [--all]`;

export const diffCommand: Command = {
  name: 'diff',
  summary:
    'what changed between two manifests: sizes, packages, dependency graph (exit 0; a report, not a gate)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        ...REPORTER_FLAGS,
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
    const report = chooseReporter('diff', values);
    const top = values.top === undefined ? undefined : parseTop(values.top, '--top');
    const units = values.units === undefined ? undefined : parseTop(values.units, '--units');
    const base = readManifestFile(resolve(io.cwd, basePath), basePath);
    const head = readManifestFile(resolve(io.cwd, headPath), headPath);
    io.stdout.write(report(diffManifests(base, head), { top, units, showSame: values.all === true }));
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
