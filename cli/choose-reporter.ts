import { UserError } from '../analyzer/model/user-error.js';
import {
  findReporter,
  listReporterNames,
  type ReportKind,
  type Reporter,
} from '../reports/reporter-registry.js';

/** The flags every reporting command takes, for its parseFlags table. */
export const REPORTER_FLAGS = {
  reporter: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `[--reporter text|json|markdown] [--json]`: the usage fragment of a command's reporters. */
export function describeReporterFlags(kind: ReportKind): string {
  return `[--reporter ${listReporterNames(kind).join('|')}] [--json]`;
}

/**
 * The reporter the flags choose: `--reporter NAME`, `--json` as a synonym for `--reporter json`,
 * `text` when neither is given. Both given and disagreeing is a usage error.
 */
export function chooseReporter<K extends ReportKind>(
  kind: K,
  values: { reporter?: string; json?: boolean },
): Reporter<K> {
  const name = values.reporter ?? (values.json ? 'json' : 'text');
  const reporter = findReporter(kind, name);
  if (values.json && name !== 'json')
    throw new UserError('USAGE', `--json means --reporter json, not "${name}"; pass one of them`);
  return reporter;
}

/** True when a command line asks for JSON, so that even a usage error is printed as one JSON document. */
export function asksForJson(args: readonly string[]): boolean {
  return args.some(
    (arg, i) =>
      arg === '--json' || arg === '--reporter=json' || (arg === '--reporter' && args[i + 1] === 'json'),
  );
}
