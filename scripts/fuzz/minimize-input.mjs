// Shrinks a failing input before it is kept as a regression fixture: removes ever smaller chunks
// (halves, quarters, ... single bytes) while the input still fails the same way (same signature),
// within a budget of attempts. Each attempt runs in a bounded worker, as in the campaign.

import { crashSignature, FuzzWorker } from './run-fuzz.mjs';

/** Removes chunks of `bytes` for as long as `stillFails(candidate)` holds; returns the smallest found. */
async function shrink(bytes, stillFails, budget) {
  let best = bytes;
  let tries = 0;
  for (let chunk = Math.ceil(best.length / 2); chunk >= 1 && tries < budget; chunk = Math.floor(chunk / 2)) {
    for (let at = 0; at < best.length && tries < budget;) {
      const candidate = new Uint8Array(best.length - Math.min(chunk, best.length - at));
      candidate.set(best.subarray(0, at));
      candidate.set(best.subarray(at + chunk), at);
      tries++;
      if (candidate.length > 0 && (await stillFails(candidate))) best = candidate;
      else at += chunk;
    }
  }
  return best;
}

/**
 * The failure with its input shrunk (the data, then the second file if any), using `options`' bounds.
 * `budget` caps the attempts per file.
 */
export async function minimizeFailure(failure, options, budget = 400) {
  let worker = new FuzzWorker(options);
  const wanted = failure.signature;
  const attempt = async (input) => {
    const result = await worker.run(input, options.timeoutMs);
    if (worker.dead || result.outcome === 'hang' || result.outcome === 'oom') {
      await worker.close();
      worker = new FuzzWorker(options);
    }
    return crashSignature(input.target, result) === wanted ? result : undefined;
  };
  let input = failure.input;
  let result = failure.result;
  const data = await shrink(
    input.data,
    async (d) => (await attempt({ ...input, data: d })) !== undefined,
    budget,
  );
  input = { ...input, data };
  if (input.aux !== undefined) {
    const aux = await shrink(
      input.aux,
      async (a) => (await attempt({ ...input, aux: a })) !== undefined,
      budget,
    );
    input = { ...input, aux };
  }
  result = (await attempt(input)) ?? result;
  await worker.close();
  return {
    ...failure,
    input,
    result,
    originalSize: failure.size,
    size: input.data.length + (input.aux?.length ?? 0),
  };
}
