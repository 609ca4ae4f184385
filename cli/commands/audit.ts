import { isSeverityLevel, SEVERITY_LEVELS } from '../../analyzer/advisories/advisory-severity.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { runAudit } from '../../pipeline/run-audit.js';
import { AUDIT_REPORTERS, isAuditReporterName } from '../../reports/audit/audit-reporters.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';

const NAMES = Object.keys(AUDIT_REPORTERS).join('|');
const USAGE = `tcbscope audit MANIFEST --advisories DIR [--fail-on ${SEVERITY_LEVELS.join('|')}] [--reporter ${NAMES}] [--json]`;

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
        reporter: { type: 'string' },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    const [manifest] = positionals;
    if (positionals.length !== 1 || manifest === undefined)
      throw new UserError(
        'USAGE',
        `expected one MANIFEST, got ${positionals.length} argument(s); usage: ${USAGE}`,
      );
    if (values.advisories === undefined)
      throw new UserError('USAGE', `--advisories is required; usage: ${USAGE}`);
    const failOn = values['fail-on'];
    if (failOn !== undefined && !isSeverityLevel(failOn))
      throw new UserError(
        'USAGE',
        `--fail-on "${failOn}" is not one of ${SEVERITY_LEVELS.join(', ')}; usage: ${USAGE}`,
      );
    const reporter = values.reporter ?? (values.json ? 'json' : 'text');
    if (!isAuditReporterName(reporter))
      throw new UserError(
        'USAGE',
        `--reporter "${reporter}" is not one of ${Object.keys(AUDIT_REPORTERS).join(', ')}; usage: ${USAGE}`,
      );
    if (values.json && reporter !== 'json')
      throw new UserError(
        'USAGE',
        `--json prints the JSON document: it cannot go with --reporter ${reporter}`,
      );
    const result = runAudit(
      { manifest, advisories: values.advisories, ...(failOn !== undefined ? { failOn } : {}) },
      io.cwd,
    );
    io.stdout.write(AUDIT_REPORTERS[reporter](result));
    return result.ok ? 0 : 1;
  },
};
