import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from './write-file-atomic.js';

/** How to run one target's build command. */
export interface BuildCommandOptions {
  command: string[];
  /** Run the command's words joined by spaces through `/bin/sh -c`. */
  shell: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Where the command's stdout and stderr go, interleaved as they arrive. */
  logFile: string;
  /** Called with each complete output line (for the progress display). */
  onLine?: (line: string) => void;
  /** Lines kept for the tail shown on failure. Default 20. */
  tailLines?: number;
}

/** What the command did. */
export interface BuildCommandResult {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  /** Set when the command could not start (no such program, bad cwd). */
  spawnError?: string;
  durationMs: number;
  /** The last lines of the log. */
  tail: string[];
}

/** Runs a build command with its output streamed to a log file; never throws for a failing command. */
export function runBuildCommand(options: BuildCommandOptions): Promise<BuildCommandResult> {
  const keep = options.tailLines ?? 20;
  // Owner-only like the manifests beside it: a build log shows paths, environment and sources.
  mkdirSync(dirname(options.logFile), { recursive: true, mode: PRIVATE_FOLDER_MODE });
  const log = createWriteStream(options.logFile, { mode: PRIVATE_FILE_MODE });
  const tail: string[] = [];
  let partial = '';
  const take = (chunk: Buffer): void => {
    log.write(chunk);
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) addLine(line);
  };
  const addLine = (line: string): void => {
    tail.push(line);
    if (tail.length > keep) tail.shift();
    options.onLine?.(line);
  };
  const started = performance.now();
  const [file, args] = options.shell
    ? ['/bin/sh', ['-c', options.command.join(' ')]]
    : [options.command[0] ?? '', options.command.slice(1)];
  return new Promise((resolvePromise) => {
    let spawnError: string | undefined;
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => {
      spawnError = `cannot run ${JSON.stringify(file)}: ${(error as NodeJS.ErrnoException).code ?? error.message}`;
    });
    child.on('close', (code, signal) => {
      if (partial.length > 0) addLine(partial);
      if (spawnError !== undefined) {
        log.write(`tcbscope: ${spawnError}\n`);
        addLine(`tcbscope: ${spawnError}`);
      }
      const result: BuildCommandResult = {
        ok: spawnError === undefined && code === 0,
        exitCode: code,
        signal,
        durationMs: performance.now() - started,
        tail: [...tail],
      };
      if (spawnError !== undefined) result.spawnError = spawnError;
      log.end(() => resolvePromise(result));
    });
  });
}
