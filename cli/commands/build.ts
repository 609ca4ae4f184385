import { relative, resolve } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import { buildTarget, type TargetOutcome } from '../../pipeline/build-target.js';
import { createBuildProgress } from '../build-progress.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { readBuildConfig } from '../../pipeline/read-build-config.js';

const USAGE = 'tcbscope build [--config FILE] [--targets a,b] [--out-dir DIR] [--json]';

/** What `build --json` prints: one document for the whole run. */
export interface BuildSummary {
  name: string;
  config: string;
  outDir: string;
  ok: boolean;
  targets: TargetOutcome[];
}

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
        json: { type: 'boolean' },
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
      io.stderr.write(renderFailure(failed));
    const summary: BuildSummary = {
      name: config.name,
      config: configPath,
      outDir: config.outDir,
      ok: outcomes.every((o) => o.status === 'ok'),
      targets: outcomes,
    };
    io.stdout.write(values.json ? JSON.stringify(summary) + '\n' : renderSummary(summary, io.cwd));
    return summary.ok ? 0 : 1;
  },
};

function renderFailure(o: TargetOutcome): string {
  const lines = [`tcbscope: target ${o.target} failed: ${o.error ?? 'unknown error'}`];
  if (o.logTail && o.logTail.length > 0) {
    lines.push(`--- last ${o.logTail.length} lines of ${o.log} ---`, ...o.logTail, '---');
  } else lines.push(`build log: ${o.log}`);
  return lines.join('\n') + '\n';
}

function renderSummary(s: BuildSummary, cwd: string): string {
  const lines = [
    `${s.name}: ${s.targets.filter((t) => t.status === 'ok').length} of ${s.targets.length} target(s) built`,
  ];
  for (const t of s.targets) {
    if (t.status === 'ok') {
      lines.push(
        `  ${t.target.padEnd(8)} ok      ${String(t.fileSize).padStart(10)} bytes, ${t.linkedPackages} linked package(s), ${t.dependencyPackages} in the graph, ${t.warnings} warning(s) -> ${showPath(cwd, t.manifest ?? '')}`,
      );
    } else lines.push(`  ${t.target.padEnd(8)} FAILED  ${t.error ?? ''} (log: ${showPath(cwd, t.log)})`);
  }
  return lines.join('\n') + '\n';
}

/** A path relative to the working folder when it lies inside it, else absolute. */
function showPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
