import cliProgress from 'cli-progress';
import type { BuildProgress } from '../pipeline/build-target.js';
import type { CliIo } from './io.js';

/** Chooses the display by whether stderr is a terminal. */
export function createBuildProgress(stderr: CliIo['stderr'], total: number): BuildProgress {
  return stderr.isTTY === true ? createBarProgress(stderr, total) : createLineProgress(stderr);
}

function createLineProgress(stderr: CliIo['stderr']): BuildProgress {
  return {
    start: (target) => stderr.write(`build ${target}: running the build command\n`),
    line: () => undefined,
    step: (target, what) => stderr.write(`build ${target}: ${what}\n`),
    finish: (target, status, detail) => stderr.write(`build ${target}: ${status} (${detail})\n`),
    stop: () => undefined,
  };
}

function createBarProgress(stderr: CliIo['stderr'], total: number): BuildProgress {
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as NodeJS.WritableStream,
      format: '{bar} {value}/{total} targets | {target} {status}',
      hideCursor: true,
      clearOnComplete: false,
      barsize: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let done = 0;
  bar.start(total, 0, { target: '', status: '' });
  const shorten = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}...` : s);
  return {
    start: (target) => bar.update(done, { target, status: 'building' }),
    line: (target, text) => {
      if (text.trim().length > 0) bar.update(done, { target, status: shorten(text.trim()) });
    },
    step: (target, what) => bar.update(done, { target, status: what }),
    finish: (target, status, detail) => {
      done++;
      bar.update(done, { target, status: `${status} (${detail})` });
    },
    stop: () => bar.stop(),
  };
}
