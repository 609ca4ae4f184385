import { resolve } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import { appendToFile, writeFileAtomic } from '../../pipeline/io/write-file-atomic.js';
import { runGate } from '../../pipeline/run-gate.js';
import { findReporter, listReporterNames } from '../../reports/reporter-registry.js';
import { resolveDbPath } from '../default-db.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';

const NAMES = listReporterNames('gate').join('|');
const USAGE = `tcbscope gate --current PATH --baseline PATH [--budget FILE] [--advisories DIR] [--reporter ${NAMES}[=FILE]]... [--json] [--no-exit-code] [--db FILE|URL]`;

/** One `--reporter` as given: a reporter, and the file it goes to (stdout when none). */
interface ReporterTarget {
  name: string;
  file?: string;
}

export const gateCommand: Command = {
  name: 'gate',
  summary: 'check a build against a budget and a baseline: exit 1 when a rule is broken (CI)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        current: { type: 'string' },
        baseline: { type: 'string' },
        budget: { type: 'string' },
        advisories: { type: 'string' },
        reporter: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        'no-exit-code': { type: 'boolean' },
        db: { type: 'string' },
      },
      USAGE,
    );
    if (positionals.length > 0)
      throw new UserError('USAGE', `unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
    if (!values.current || !values.baseline)
      throw new UserError('USAGE', `--current and --baseline are both required; usage: ${USAGE}`);
    const reporters = parseReporters(values.reporter ?? [], values.json === true);
    const result = await runGate(
      {
        current: values.current,
        baseline: values.baseline,
        ...(values.budget !== undefined ? { budget: values.budget } : {}),
        ...(values.advisories !== undefined ? { advisories: values.advisories } : {}),
      },
      io.cwd,
      resolveDbPath(io.cwd, io.env, values.db),
    );
    for (const r of reporters) {
      const text = findReporter('gate', r.name)(result, {});
      if (r.file !== undefined) writeFileAtomic(resolve(io.cwd, r.file), text);
      else io.stdout.write(text);
    }
    // GitHub Actions shows this file on the run's page: the reviewer sees the verdict without the log.
    const summary = io.env.GITHUB_STEP_SUMMARY;
    if (summary) appendToFile(summary, findReporter('gate', 'markdown')(result, {}));
    return result.ok || values['no-exit-code'] === true ? 0 : 1;
  },
};

function parseReporters(given: string[], json: boolean): ReporterTarget[] {
  const out = given.map((spec): ReporterTarget => {
    const [name, file] = spec.split(/=(.*)/s, 2) as [string, string | undefined];
    findReporter('gate', name); // refuses an unknown name, listing the gate's reporters
    if (file === '') throw new UserError('USAGE', `--reporter ${name}= needs a file name; usage: ${USAGE}`);
    return file === undefined ? { name } : { name, file };
  });
  if (json) {
    const other = out.find((r) => r.file === undefined && r.name !== 'json');
    if (other)
      throw new UserError(
        'USAGE',
        `--json means --reporter json, not "${other.name}"; give other reporters a file (--reporter ${other.name}=FILE)`,
      );
    if (!out.some((r) => r.name === 'json' && r.file === undefined)) out.push({ name: 'json' });
  }
  if (out.filter((r) => r.file === undefined).length > 1)
    throw new UserError(
      'USAGE',
      'only one reporter can write to stdout; give the others a file (--reporter NAME=FILE)',
    );
  return out.length > 0 ? out : [{ name: 'text' }];
}
