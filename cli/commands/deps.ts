import { resolve } from 'node:path';
import { summarizeDependencies } from '../../analyzer/summarize-dependencies.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { buildDepsManifest } from '../../pipeline/read-dependency-metadata.js';
import { writeFileAtomic } from '../../pipeline/io/write-file-atomic.js';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';

const USAGE = `tcbscope deps (--lock FILE | --switch-export FILE) [--opam-repo DIR]... [--root-opam FILE] [--out FILE] ${describeReporterFlags('deps')}`;

export const depsCommand: Command = {
  name: 'deps',
  summary: 'read opam metadata (lock file or switch export) into a manifest with the dependency graph',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        lock: { type: 'string' },
        'switch-export': { type: 'string' },
        'opam-repo': { type: 'string', multiple: true },
        'root-opam': { type: 'string' },
        out: { type: 'string' },
        ...REPORTER_FLAGS,
      },
      USAGE,
    );
    if (positionals.length > 0)
      throw new UserError('USAGE', `unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
    if ((values.lock === undefined) === (values['switch-export'] === undefined))
      throw new UserError('USAGE', `give exactly one of --lock and --switch-export; usage: ${USAGE}`);
    if (values['root-opam'] !== undefined && values.lock === undefined)
      throw new UserError('USAGE', `--root-opam goes with --lock; usage: ${USAGE}`);
    const report = chooseReporter('deps', values);
    const manifest = buildDepsManifest(
      {
        lock: values.lock,
        switchExport: values['switch-export'],
        opamRepos: values['opam-repo'] ?? [],
        rootOpam: values['root-opam'],
      },
      io.cwd,
      ['deps', ...args],
    );
    if (values.out) writeFileAtomic(resolve(io.cwd, values.out), JSON.stringify(manifest, null, 1) + '\n');
    io.stdout.write(report(summarizeDependencies(manifest), {}));
    for (const d of manifest.diagnostics)
      if (d.severity === 'warning')
        io.stderr.write(`warning: ${d.file ? `${d.file}: ` : ''}${d.message} [${d.code}]\n`);
    return 0;
  },
};
