import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { join, posix } from 'node:path';
import { run } from './deb-cache.js';

/** Resolves an absolute path inside an extracted root, following symlinks without leaving the root. */
export function resolveInRoot(root: string, path: string): string | undefined {
  let parts = path.split('/').filter(Boolean);
  for (let hops = 0; hops < 40; hops++) {
    let changed = false;
    for (let i = 1; i <= parts.length; i++) {
      const prefix = '/' + parts.slice(0, i).join('/');
      const onDisk = join(root, prefix);
      if (!existsSync(onDisk) && !isLink(onDisk)) return undefined;
      if (isLink(onDisk)) {
        const target = readlinkSync(onDisk);
        const next = target.startsWith('/') ? target : posix.join(posix.dirname(prefix), target);
        parts = [...posix.normalize(next).split('/').filter(Boolean), ...parts.slice(i)];
        changed = true;
        break;
      }
    }
    if (!changed) return '/' + parts.join('/');
  }
  return undefined;
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

const DIRS = [
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/lib64',
  '/usr/lib64',
  '/lib',
  '/usr/lib',
];

/** The DT_NEEDED closure (plus PT_INTERP) of some programs, as binutils' readelf reports it. */
export function readelfClosure(root: string, programs: string[]): string[] {
  const done = new Set<string>();
  const queue = programs.map((p) => resolveInRoot(root, p)).filter((p): p is string => p !== undefined);
  while (queue.length > 0) {
    const path = queue.shift() as string;
    if (done.has(path)) continue;
    done.add(path);
    const dynamic = run('readelf', ['-dW', join(root, path)]);
    const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map(
      (m) => m[1] as string,
    );
    const runpath = [
      ...dynamic.matchAll(/\((?:RUNPATH|RPATH)\)\s+Library (?:runpath|rpath): \[([^\]]+)\]/g),
    ].flatMap((m) => (m[1] as string).split(':'));
    const interp = /Requesting program interpreter: ([^\]]+)\]/.exec(
      run('readelf', ['-lW', join(root, path)]),
    )?.[1];
    if (interp) queue.push(resolveInRoot(root, interp) ?? interp);
    const dirs = [...runpath.map((d) => d.replace('$ORIGIN', posix.dirname(path))), ...DIRS];
    for (const name of needed) {
      const found = dirs.map((d) => resolveInRoot(root, `${d}/${name}`)).find((p) => p !== undefined);
      if (found) queue.push(found);
    }
  }
  return [...done].sort();
}
