// Runs a fuzz campaign: generates inputs in the main thread, runs each in a worker thread under a
// time bound (a timer that terminates the worker) and a memory bound (the worker's resourceLimits),
// and counts outcomes per target: ok, rejected (the project's UserError), crash, hang, oom.

import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { Worker } from 'node:worker_threads';
import { generateInput, makePlan } from './generate-input.mjs';
import { computeFocus } from './focus.mjs';
import { loadSeeds } from './seeds.mjs';
import { loadLibrary, TARGETS } from './targets.mjs';

/** The five ways an input can end. */
export const OUTCOMES = ['ok', 'rejected', 'crash', 'hang', 'oom'];

const WORKER = new URL('./worker.mjs', import.meta.url);

/** A worker that runs one input at a time; `run` resolves with the outcome, never rejects. */
export class FuzzWorker {
  constructor(options) {
    this.options = options;
    this.worker = new Worker(WORKER, {
      workerData: { dist: options.dist.href, root: options.root },
      // 1 MB of stack, about what the CLI's main thread has (a worker's default is 4 MB): recursion that
      // would overflow in `tcbscope` overflows here too.
      resourceLimits: {
        maxOldGenerationSizeMb: options.memoryMb,
        maxYoungGenerationSizeMb: 32,
        stackSizeMb: 1,
      },
      stdout: true,
      stderr: true,
    });
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (m) => (m.ready ? resolve() : reject(new Error('worker did not start'))));
      this.worker.once('error', reject);
    });
    this.dead = false;
    this.worker.on('exit', () => (this.dead = true));
  }

  async run(input, timeoutMs) {
    await this.ready;
    return new Promise((resolve) => {
      const done = (result) => {
        clearTimeout(timer);
        clearInterval(watch);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (m) => done(m);
      const onError = (e) =>
        done(
          e?.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { outcome: 'oom', error: String(e.message) }
            : { outcome: 'crash', error: `worker error: ${e?.message}`, stack: String(e?.stack) },
        );
      const onExit = (code) => done({ outcome: 'crash', error: `worker exited with ${code}` });
      const timer = setTimeout(() => {
        this.worker.terminate();
        done({ outcome: 'hang', error: `no answer in ${timeoutMs} ms` });
      }, timeoutMs);
      // The V8 heap limit does not cover buffers (a decompressor's output, a typed array): the whole
      // process's resident memory is watched too, and the worker stopped when it passes the bound.
      const limit = this.options.rssLimitMb ?? this.options.memoryMb * 4 + 512;
      const watch = setInterval(() => {
        if (process.memoryUsage.rss() <= limit * 2 ** 20) return;
        this.worker.terminate();
        done({ outcome: 'oom', error: `process memory over ${limit} MB`, rss: true });
      }, 50);
      this.worker.on('message', onMessage);
      this.worker.once('error', onError);
      this.worker.once('exit', onExit);
      this.worker.postMessage({ id: 0, target: input.target, data: input.data, aux: input.aux });
    });
  }

  async close() {
    if (this.dead) return;
    this.worker.postMessage('exit');
    await new Promise((resolve) => {
      const t = setTimeout(() => this.worker.terminate().then(resolve), 2000);
      this.worker.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

/**
 * Runs one input on `slot`'s worker, replacing the worker after a hang, OOM or death; a hang or a
 * process-memory stop is retried once (twice the time) before it counts.
 */
async function runOnSlot(slots, i, input, options) {
  let result = await slots[i].run(input, options.timeoutMs);
  if (result.outcome === 'hang' || result.rss) {
    slots[i] = new FuzzWorker(options);
    // A busy machine can stall one input, and the process's memory is shared by every worker (the
    // culprit may be another one's input): only a second run confirms a hang or running out of memory.
    result = await slots[i].run(input, options.timeoutMs * 2);
  }
  if (slots[i].dead || result.outcome === 'hang' || result.outcome === 'oom') {
    await slots[i].close();
    slots[i] = new FuzzWorker(options);
  }
  return result;
}

/** The place in the code a crash comes from (the first frame in dist/), to group crashes that are one bug. */
export function crashSignature(target, result) {
  const frame = /dist\/([^\s):]+):\d+/.exec(result.stack ?? '')?.[1] ?? '';
  return `${target}|${result.outcome}|${(result.error ?? '').split(':')[0]}|${frame}`;
}

/** Seeds and the plan, built once (the main thread reads the fixtures with the built readers). */
export async function preparePlan(options) {
  const lib = await loadLibrary(options.dist.href, options.root);
  const seeds = loadSeeds({ root: options.root, data: options.data, lib });
  const focusOf = (target, seed) => computeFocus(lib, TARGETS[target].focus, seed.data);
  return makePlan(TARGETS, seeds, focusOf, options.only);
}

/**
 * Runs inputs `0 .. count-1` of `seed`. Returns counts per target and outcome, the failures (crash,
 * hang, oom) with the smallest input per signature, the targets skipped for want of seeds, and the time.
 */
export async function runFuzz(options) {
  const started = process.hrtime.bigint();
  const plan = await preparePlan(options);
  const counts = {};
  for (const { target } of plan.plan) counts[target] = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
  const codes = {};
  const failures = new Map();
  const slots = Array.from({ length: options.workers }, () => new FuzzWorker(options));
  let next = 0;
  let finished = 0;
  const lane = async (i) => {
    while (next < options.count) {
      const index = next++;
      const input = generateInput(plan, options.seed, index);
      const result = await runOnSlot(slots, i, input, options);
      counts[input.target][result.outcome]++;
      if (result.code) {
        const byCode = (codes[input.target] ??= {});
        byCode[result.code] = (byCode[result.code] ?? 0) + 1;
      }
      if (result.outcome === 'crash' || result.outcome === 'hang' || result.outcome === 'oom') {
        const sig = crashSignature(input.target, result);
        const seen = failures.get(sig);
        const size = input.data.length + (input.aux?.length ?? 0);
        if (!seen || size < seen.size)
          failures.set(sig, { signature: sig, index, size, input, result, count: (seen?.count ?? 0) + 1 });
        else seen.count++;
      }
      finished++;
      options.progress?.(finished, options.count);
    }
  };
  await Promise.all(slots.map((_, i) => lane(i)));
  await Promise.all(slots.map((s) => s.close()));
  return {
    seed: options.seed,
    count: options.count,
    counts,
    codes,
    skipped: plan.skipped,
    failures: [...failures.values()].sort((a, b) => (a.signature < b.signature ? -1 : 1)),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
