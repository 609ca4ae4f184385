import { resolve } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import { buildTarget, type TargetOutcome } from '../../pipeline/build-target.js';
import { formatSeconds } from '../../reports/format-number.js';
import { renderBuildFailure, type BuildReport } from '../../reports/render-build-text.js';
import { createBuildProgress } from '../build-progress.js';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { readBuildConfig } from '../../pipeline/read-build-config.js';

const USAGE = `tcbscope build [--config FILE] [--targets a,b] [--out-dir DIR] ${describeReporterFlags('build')}`;

export const buildCommand: Command = {
  name: 'build',
  summary: 'build every configured target, read image and metadata, write one manifest per target',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        config: { type: 'string' },
        targets: { type: 'string' },
        'out-dir': { type: 'string' },
        ...REPORTER_FLAGS,
      },
      USAGE,
    );
    if (positionals.length > 0)
      throw new UserError('USAGE', `unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
    const selected = values.targets
      ?.split(',')
      .map((t) => t.trim())
      .filter((t) => t.length > 0);
    if (selected !== undefined && selected.length === 0)
      throw new UserError('USAGE', `--targets needs at least one target name; usage: ${USAGE}`);
    const report = chooseReporter('build', values);
    const configPath = resolve(io.cwd, values.config ?? 'tcbscope.config.json');
    const config = readBuildConfig(configPath, { selected, outDir: values['out-dir'], cwd: io.cwd });
    const progress = createBuildProgress(io.stderr, config.targets.length);
    const outcomes: TargetOutcome[] = [];
    try {
      // One target after another: builds compete for the same cores and often the same build folder.
      for (const target of config.targets) {
        const outcome = await buildTarget(config, target, io.env, progress);
        outcomes.push(outcome);
        progress.finish(
          target.key,
          outcome.status,
          outcome.status === 'ok'
            ? `${formatSeconds(outcome.durationMs)}, ${outcome.manifest}`
            : (outcome.error ?? 'failed'),
        );
      }
    } finally {
      progress.stop();
    }
    for (const failed of outcomes.filter((o) => o.status === 'failed'))
      io.stderr.write(renderBuildFailure(failed));
    const summary: BuildReport = {
      name: config.name,
      config: configPath,
      outDir: config.outDir,
      ok: outcomes.every((o) => o.status === 'ok'),
      targets: outcomes,
    };
    io.stdout.write(report(summary, { cwd: io.cwd }));
    return summary.ok ? 0 : 1;
  },
};
