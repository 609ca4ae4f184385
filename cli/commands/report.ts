import { resolve } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import { writeReport } from '../../pipeline/write-report.js';
import { parseReportFormat, REPORT_FORMATS } from '../../reports/report-file/report-formats.js';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';

const USAGE = `tcbscope report MANIFEST... [--against STACK] [--advisories DIR] [--format ${REPORT_FORMATS.join('|')}] -o FILE ${describeReporterFlags('report')}`;

export const reportCommand: Command = {
  name: 'report',
  summary:
    'write a self-contained report file (HTML, Markdown or JSON): comparison, treemap, dependency graph',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        against: { type: 'string' },
        advisories: { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        ...REPORTER_FLAGS,
      },
      USAGE,
    );
    if (positionals.length === 0)
      throw new UserError('USAGE', `expected at least one MANIFEST; usage: ${USAGE}`);
    if (!values.output) throw new UserError('USAGE', `-o FILE is required; usage: ${USAGE}`);
    const format = parseReportFormat(values.format ?? 'html');
    const report = chooseReporter('report', values);
    const named = (p: string) => ({ path: resolve(io.cwd, p), shown: p });
    const written = writeReport({
      images: positionals.map(named),
      ...(values.against === undefined ? {} : { against: named(values.against) }),
      ...(values.advisories === undefined ? {} : { advisories: named(values.advisories) }),
      format,
      output: named(values.output),
    });
    io.stdout.write(report(written, {}));
    return 0;
  },
};
