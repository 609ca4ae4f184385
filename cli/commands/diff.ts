import { UserError } from '../../analyzer/model/user-error.js';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { runDiff } from '../../pipeline/run-diff.js';
import { resolveDbPath } from '../default-db.js';

const USAGE = `tcbscope diff BASE HEAD ${describeReporterFlags('diff')} [--top N] [--units N] [--all] [--db FILE|URL]`;

export const diffCommand: Command = {
  name: 'diff',
  summary:
    'what changed between two manifests or two builds (target by target): sizes, packages, dependency graph (exit 0; a report, not a gate)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        ...REPORTER_FLAGS,
        top: { type: 'string' },
        units: { type: 'string' },
        all: { type: 'boolean' },
        db: { type: 'string' },
      },
      USAGE,
    );
    const [basePath, headPath] = positionals;
    if (positionals.length !== 2 || basePath === undefined || headPath === undefined) {
      throw new UserError(
        'USAGE',
        `expected BASE and HEAD (each a manifest, a folder of per-target manifests or db:JOB[@BUILD]), got ${positionals.length} argument(s); usage: ${USAGE}`,
      );
    }
    const report = chooseReporter('diff', values);
    const top = values.top === undefined ? undefined : parseTop(values.top, '--top');
    const units = values.units === undefined ? undefined : parseTop(values.units, '--units');
    const diff = await runDiff(
      { base: basePath, head: headPath },
      io.cwd,
      resolveDbPath(io.cwd, io.env, values.db),
    );
    io.stdout.write(report(diff, { top, units, showSame: values.all === true }));
    return 0;
  },
};

function parseTop(text: string, flag: '--top' | '--units'): number {
  if (!/^\d+$/.test(text))
    throw new UserError(
      'USAGE',
      `${flag} takes a whole number of ${flag === '--top' ? 'rows per section' : 'unit rows'}, got "${text}"; usage: ${USAGE}`,
    );
  return Number(text);
}
