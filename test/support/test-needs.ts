/**
 * One rule for tests that need something this machine may lack: they say skipped, with what is
 * missing and how to get it, through the test API — except under CI=true, where a missing tool
 * that scripts/install-test-packages.sh installs (scripts/test-packages.txt) or a file the test
 * command builds is a failure: CI installs and builds those, so a skip there would hide a broken
 * install step behind a green run. What no install can provide (../shared/data, a kernel .deb
 * cached by `npm run stacks`, the network) stays a skip everywhere.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
const PACKAGE_LIST = 'scripts/test-packages.txt';

/** Something a test needs; build one with `tool`, `builtFile` or `external`. */
export interface Need {
  /** Whether it is there. */
  ok: boolean;
  /** What is missing and how to get it, for the skip message. */
  missing: string;
  /** True when CI provides it, so that under CI=true its absence fails. */
  provided: boolean;
}

/** Whether a test can run here, and if not, why. */
export interface Availability {
  skip: boolean;
  /** What is missing and how to get it; empty when nothing is. */
  reason: string;
  /** `base`, plus ` (SKIPPED: reason)` when skipped, so a passing run never reads as skipped. */
  title(base: string): string;
}

let packages: Map<string, string> | undefined;

/** Debian package of every command or file in scripts/test-packages.txt. */
export function readTestPackages(): Map<string, string> {
  if (packages) return packages;
  const owners = new Map<string, string>();
  for (const line of readFileSync(resolve(REPO, PACKAGE_LIST), 'utf8').split('\n')) {
    const [pkg, ...provides] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (pkg) for (const p of provides) owners.set(p, pkg);
  }
  packages = owners;
  return owners;
}

function onPath(command: string): boolean {
  try {
    // `command -v` rather than `--version`: not every tool takes that flag (ocamlfind, dpkg-deb).
    execFileSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A command on PATH, or an absolute file, that a Debian package provides. */
export function tool(name: string): Need {
  const pkg = readTestPackages().get(name);
  const ok = isAbsolute(name) ? existsSync(name) : onPath(name);
  const fix = pkg ? `apt-get install ${pkg}, or npm run test:setup` : 'not in ' + PACKAGE_LIST;
  return { ok, missing: `${name} missing (${fix})`, provided: pkg !== undefined };
}

/** How the test command builds the large fixtures; what `builtFile` says to run for them. */
export const BUILD_FIXTURES = 'bash fixtures/build.sh --if-missing';

/** A file of the large fixtures, which the test command builds. */
export function builtFixture(path: string): Need {
  return builtFile(path, BUILD_FIXTURES);
}

/** A file the test command builds (`npm run build`, `bash fixtures/build.sh --if-missing`). */
export function builtFile(path: string, fix: string): Need {
  return { ok: existsSync(path), missing: `${path} not built (${fix})`, provided: true };
}

/** Something no install provides (shared data, a download cache, the network): always a skip. */
export function external(ok: boolean, missing: string): Need {
  return { ok, missing, provided: false };
}

function underCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/**
 * Decides skip or run for a test that needs all of `needs`. Throws (the test file fails) under
 * CI=true when what is missing is all provided by CI; when something external is missing too, the
 * test could not run anyway, and skips.
 */
export function check(...needs: Need[]): Availability {
  const missing = needs.filter((n) => !n.ok);
  const reason = missing.map((n) => n.missing).join('; ');
  if (missing.length > 0 && underCi() && missing.every((n) => n.provided))
    throw new Error(`CI=true: ${reason}. CI installs and builds these, so this is a failure, not a skip.`);
  const skip = missing.length > 0;
  return { skip, reason, title: (base) => (skip ? `${base} (SKIPPED: ${reason})` : base) };
}

/** `check` for several tools at once. */
export function checkTools(...names: string[]): Availability {
  return check(...names.map(tool));
}

/** Inside a running test: skip it with the reason (through ctx.skip), or go on. */
export function skipUnless(ctx: { skip(note?: string): never }, availability: Availability): void {
  if (availability.skip) ctx.skip(availability.reason);
}
