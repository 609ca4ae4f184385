import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { check, external, tool, type Availability, type Need } from '../support/test-needs.js';

/** The repository root and the git-ignored download cache the stack command uses too. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const DEB_CACHE = join(REPO_ROOT, '.cache/debs');

/** The Debian tools the tests compare against. */
export const DEBIAN_TOOLS: Need[] = ['dpkg-deb', 'readelf'].map(tool);

/**
 * The cached `.deb` of each package, fetched with `apt-get download` when missing, and whether the
 * tests that read them can run: a missing tool fails under CI=true, a failed download (no apt
 * lists, no network) is a skip everywhere.
 */
export function needDebs(names: string[]): { debs: Map<string, string>; available: Availability } {
  const tools = [...DEBIAN_TOOLS, tool('apt-get'), tool('apt-cache')];
  if (!tools.every((t) => t.ok)) return { debs: new Map(), available: check(...tools) };
  const debs = ensureDebs(names);
  const fetched = external(
    debs !== undefined,
    `apt-get download ${names.join(' ')} failed (no apt lists: apt-get update; or no network)`,
  );
  return { debs: debs ?? new Map(), available: check(fetched) };
}

/**
 * The cached `.deb` of each package (candidate version), downloaded with `apt-get download` when
 * missing. Returns undefined (and the tests skip) when apt cannot fetch them.
 */
export function ensureDebs(names: string[]): Map<string, string> | undefined {
  mkdirSync(DEB_CACHE, { recursive: true });
  const out = new Map<string, string>();
  for (const name of names) {
    const version = spawnSync('apt-cache', ['show', '--no-all-versions', name], {
      encoding: 'utf8',
    }).stdout?.match(/^Version: (.+)$/m)?.[1];
    if (!version) return undefined;
    const file = `${name}_${version.replace(/:/g, '%3a')}_`;
    let found = readdirSync(DEB_CACHE).find((f) => f.startsWith(file) && f.endsWith('.deb'));
    if (!found) {
      const result = spawnSync('apt-get', ['download', '-q', `${name}=${version}`], {
        cwd: DEB_CACHE,
        encoding: 'utf8',
      });
      if (result.status !== 0) return undefined;
      found = readdirSync(DEB_CACHE).find((f) => f.startsWith(file) && f.endsWith('.deb'));
    }
    if (!found || !existsSync(join(DEB_CACHE, found))) return undefined;
    out.set(name, join(DEB_CACHE, found));
  }
  return out;
}

/** Runs a tool and returns its stdout (throws on failure: a broken tool is a broken test setup). */
export function run(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
