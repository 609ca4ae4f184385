import { isSeverityLevel, SEVERITY_LEVELS } from '../../analyzer/advisories/advisory-severity.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { runAudit } from '../../pipeline/run-audit.js';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { readOneManifest } from '../read-one-manifest.js';

const USAGE = `tcbscope audit MANIFEST --advisories DIR [--fail-on ${SEVERITY_LEVELS.join('|')}] ${describeReporterFlags('audit')}`;

export const auditCommand: Command = {
  name: 'audit',
  summary:
    'match the manifest’s packages against OSV advisories; exit 1 with --fail-on LEVEL when one applies',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        advisories: { type: 'string' },
        'fail-on': { type: 'string' },
        ...REPORTER_FLAGS,
      },
      USAGE,
    );
    const manifest = readOneManifest(positionals, USAGE);
    if (values.advisories === undefined)
      throw new UserError('USAGE', `--advisories is required; usage: ${USAGE}`);
    const failOn = values['fail-on'];
    if (failOn !== undefined && !isSeverityLevel(failOn))
      throw new UserError(
        'USAGE',
        `--fail-on "${failOn}" is not one of ${SEVERITY_LEVELS.join(', ')}; usage: ${USAGE}`,
      );
    const report = chooseReporter('audit', values);
    const result = runAudit(
      { manifest, advisories: values.advisories, ...(failOn !== undefined ? { failOn } : {}) },
      io.cwd,
    );
    io.stdout.write(report(result, {}));
    return result.ok ? 0 : 1;
  },
};
