import { resolve } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import { findDependencyPaths } from '../../analyzer/why.js';
import type { DependencyPath } from '../../analyzer/why.js';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { readManifestFile } from '../../pipeline/read-manifest-file.js';

const USAGE = `tcbscope why PKG MANIFEST [--all] ${describeReporterFlags('why')}`;

export const whyCommand: Command = {
  name: 'why',
  summary: 'show the dependency paths from the roots to a package, with edge kinds',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { all: { type: 'boolean' }, ...REPORTER_FLAGS }, USAGE);
    const [pkg, manifestPath] = positionals;
    if (positionals.length !== 2 || pkg === undefined || manifestPath === undefined) {
      throw new UserError(
        'USAGE',
        `expected PKG and MANIFEST, got ${positionals.length} argument(s); usage: ${USAGE}`,
      );
    }
    const report = chooseReporter('why', values);
    const deps = readManifestFile(resolve(io.cwd, manifestPath), manifestPath).dependencies;
    let paths: DependencyPath[];
    try {
      paths = findDependencyPaths(deps, pkg, { all: values.all === true });
    } catch (error) {
      throw error instanceof UserError ? error.inFile(manifestPath) : error;
    }
    io.stdout.write(report({ package: pkg, roots: deps.roots, all: values.all === true, paths }, {}));
    return 0;
  },
};
