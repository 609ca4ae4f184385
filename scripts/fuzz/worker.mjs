// One fuzz worker: loads the built code once, then runs the inputs the main thread posts, one at a
// time, and answers with how each ended. Hangs and out-of-memory are seen from outside (the main
// thread's timer; the worker's resourceLimits), the rest here.

import { parentPort, workerData } from 'node:worker_threads';
import { cleanUp, loadLibrary, TARGETS } from './targets.mjs';

const lib = await loadLibrary(workerData.dist, workerData.root);

/** How one input ended: ok, a clean rejection (UserError, with its code) or a crash (anything else). */
async function runOne(message) {
  try {
    await TARGETS[message.target].run(lib, message);
    return { outcome: 'ok' };
  } catch (error) {
    if (error instanceof lib.UserError) {
      const oneLine = !error.message.includes('\n');
      return oneLine
        ? { outcome: 'rejected', code: error.code }
        : { outcome: 'crash', error: 'UserError message spans lines', stack: error.message };
    }
    const e = error instanceof Error ? error : new Error(String(error));
    return {
      outcome: 'crash',
      error: `${e.name}: ${e.message}`.slice(0, 500),
      stack: String(e.stack).slice(0, 4000),
    };
  }
}

parentPort.on('message', async (message) => {
  if (message === 'exit') {
    cleanUp(lib);
    parentPort.close();
    return;
  }
  parentPort.postMessage({ id: message.id, ...(await runOne(message)) });
});
parentPort.postMessage({ ready: true });
