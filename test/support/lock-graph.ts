/**
 * The dependency graph of a real unikernel (hannesm/dune-mirage-broken's hello-hvt lock file,
 * joined with the opam files of ../shared/data by `tcbscope deps`), for tests of the graph view.
 * Undefined when ../shared/data is absent: the callers skip and say so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { main } from '../../cli/main.js';
import { DATA, HAVE_DATA, sharedData } from '../opam/shared-data.js';

/** `tcbscope deps` arguments for a shared lock file, joined with both opam repositories of ../shared/data. */
export function lockDepsArgs(lock: string, out: string): string[] {
  return [
    'deps',
    '--lock',
    lock,
    '--opam-repo',
    join(DATA, 'opam-repository'),
    '--opam-repo',
    join(DATA, 'opam-overlays'),
    '--out',
    out,
  ];
}

/** Runs `tcbscope deps` on the lock file and returns the manifest it writes. */
export async function readLockGraph(): Promise<Manifest | undefined> {
  if (!HAVE_DATA) return undefined;
  const work = mkdtempSync(join(tmpdir(), 'tcbscope-graph-'));
  try {
    const out = join(work, 'hello-hvt.json');
    const argv = [
      'deps',
      '--lock',
      join(DATA, 'lockfiles/hannesm__dune-mirage-broken/hello-hvt.opam.locked'),
      '--opam-repo',
      join(DATA, 'opam-repository'),
      '--opam-repo',
      join(DATA, 'opam-overlays'),
      '--root-opam',
      join(DATA, 'mirage-opam/hannesm__dune-mirage-broken/hello-hvt.opam'),
      '--out',
      out,
    ];
    let stderr = '';
    const code = await main({
      argv,
      env: {},
      cwd: work,
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
    });
    if (code !== 0) throw new Error(`tcbscope deps failed: ${stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export { HAVE_DATA, sharedData };
