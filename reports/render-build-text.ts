import { formatCount } from './format-number.js';
import { showPath } from './show-path.js';

/**
 * How one target of `tcbscope build` went: the fields the reporters read. The pipeline's
 * `TargetOutcome` has this shape, and the JSON reporter prints it whole.
 */
export interface BuildTargetReport {
  target: string;
  status: 'ok' | 'failed';
  /** Where the manifest was written (only when the target succeeded). */
  manifest?: string;
  /** The build log. */
  log: string;
  durationMs: number;
  fileSize?: number;
  /** Packages that put bytes into the image. */
  linkedPackages?: number;
  /** Packages in the dependency graph. */
  dependencyPackages?: number;
  warnings?: number;
  /** Why it failed. */
  error?: string;
  /** The last lines of the build log, for a failed build command. */
  logTail?: string[];
}

/** What `tcbscope build` reports (and `build --json` prints): one document for the whole run. */
export interface BuildReport {
  name: string;
  /** The configuration file. */
  config: string;
  outDir: string;
  /** True when every target built. */
  ok: boolean;
  targets: BuildTargetReport[];
}

/** Options of the build reporters. */
export interface BuildReportOptions {
  /** The working folder: paths inside it are shown relative to it (default: every path as given). */
  cwd?: string;
}

/** One line per target: status, size, packages, warnings, and where the manifest (or the log) is. */
export function renderBuildText(s: BuildReport, options: BuildReportOptions = {}): string {
  const lines = [
    `${s.name}: ${s.targets.filter((t) => t.status === 'ok').length} of ${s.targets.length} target(s) built`,
  ];
  for (const t of s.targets) {
    if (t.status === 'ok') {
      lines.push(
        `  ${t.target.padEnd(8)} ok      ${formatCount(t.fileSize ?? 0).padStart(12)} bytes, ${t.linkedPackages} linked package(s), ${t.dependencyPackages} in the graph, ${t.warnings} warning(s) -> ${showPath(options.cwd, t.manifest ?? '')}`,
      );
    } else
      lines.push(`  ${t.target.padEnd(8)} FAILED  ${t.error ?? ''} (log: ${showPath(options.cwd, t.log)})`);
  }
  return lines.join('\n') + '\n';
}

/** What stderr shows for a failed target, whatever the reporter: the error and the log's last lines. */
export function renderBuildFailure(t: BuildTargetReport): string {
  const lines = [`tcbscope: target ${t.target} failed: ${t.error ?? 'unknown error'}`];
  if (t.logTail && t.logTail.length > 0) {
    lines.push(`--- last ${t.logTail.length} lines of ${t.log} ---`, ...t.logTail, '---');
  } else lines.push(`build log: ${t.log}`);
  return lines.join('\n') + '\n';
}
