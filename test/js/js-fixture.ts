// Shared access to the js fixture built by fixtures/js/build.sh (git-ignored output, built in CI).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtFixture, check } from '../support/test-needs.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const buildDir = path.join(repoRoot, 'fixtures/js/build');
/** Whether `bash fixtures/js/build.sh` has run (the test command runs it through fixtures/build.sh). */
export const jsFixture = check(builtFixture(path.join(buildDir, 'truth-files.txt')));

/** One row of truth-files.txt: what stat, sha256sum, gzip and brotli said at build time. */
export interface FileTruth {
  size: number;
  sha256: string;
  gzip9: number;
  gzip9n: number;
  brotli: number;
}

export function readFileTruth(): Map<string, FileTruth> {
  const rows = readFileSync(path.join(buildDir, 'truth-files.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  return new Map(
    rows.map((l) => {
      const [name, size, sha256, gzip9, gzip9n, brotli] = l.split(' ');
      return [
        name!,
        {
          size: Number(size),
          sha256: sha256!,
          gzip9: Number(gzip9),
          gzip9n: Number(gzip9n),
          brotli: Number(brotli),
        },
      ];
    }),
  );
}

export function readBuilt(name: string): Buffer {
  return readFileSync(path.join(buildDir, name));
}

/** `dpkg -S` lines ("pkg[, pkg2]: /path") recorded at build time, as a path → first package lookup. */
export function readDpkgLookup(): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(path.join(buildDir, 'truth-dpkg-sources.txt'), 'utf8').split('\n')) {
    const m = /^([^:]+): (\/.*)$/.exec(line);
    if (m) map.set(m[2]!, m[1]!.split(',')[0]!.trim());
  }
  return map;
}

export function readLines(name: string): string[] {
  return readFileSync(path.join(buildDir, name), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}
