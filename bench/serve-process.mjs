// `tcbscope serve` as its own process, for the benchmarks that put a server under load: the load
// generator runs in the benchmark's process, so the server's figures (and its memory) are its own.
import { spawn } from 'node:child_process';

/**
 * Starts `node BIN serve --db DB --port 0` and resolves once it prints its address; rejects with
 * its stderr if it exits first. Returns the address, the server's pid (to read its memory) and a
 * `stop` that ends it with SIGTERM and waits for the exit.
 */
export async function startServe(bin, db) {
  const child = spawn('node', [bin, 'serve', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d.toString()));
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d.toString();
      const match = /(http:\/\/\S+\/)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`tcbscope serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    pid: child.pid,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
