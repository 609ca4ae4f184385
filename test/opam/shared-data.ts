/**
 * Where the real opam metadata of `../shared/data` lives, and counts read straight from its files
 * and its README with regular expressions, independently of the parser under test.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { check, external } from '../support/test-needs.js';

/** `../shared/data` next to the repository. */
export const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
export const HAVE_DATA = existsSync(path.join(DATA, 'README.md'));
/** Tests of the shared data skip without it (it sits beside the repository; no install provides it). */
export const sharedData = check(external(HAVE_DATA, `${DATA} not found (the project's shared data)`));
export const README = HAVE_DATA ? readFileSync(path.join(DATA, 'README.md'), 'utf8') : '';

/** Every regular file under `dir`, sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => path.join(dir, rel))
    .filter((p) => statSync(p).isFile())
    .sort();
}

/** Lines inside `field: [` ... `]` (the closing bracket alone at the start of a line). */
export function blockLines(text: string, field: string): string[] {
  const match = new RegExp(`^${field}: \\[\\n([\\s\\S]*?)^\\]`, 'm').exec(text);
  return match?.[1]?.split('\n').filter((line) => line.trim() !== '') ?? [];
}

/** `"name" {= "version" ...}` lines of a lock file's depends block, by regex. */
export function lockDependsByRegex(text: string): { name: string; version: string; vendor: boolean }[] {
  return blockLines(text, 'depends').map((line) => {
    const m = /^\s*"([^"]+)" \{= "([^"]+)"( & \?vendor)?\}\s*$/.exec(line);
    if (!m) throw new Error(`unexpected depends line: ${line}`);
    return { name: m[1] as string, version: m[2] as string, vendor: m[3] !== undefined };
  });
}

/** `"name.version"` strings inside pin-depends pairs, by regex. */
export function lockPinsByRegex(text: string): string[] {
  const block = /^pin-depends: \[\n([\s\S]*?)^\]/m.exec(text)?.[1] ?? '';
  return [...block.matchAll(/\[\s*"([^"]+)"\s*"[^"]*"\s*\]/g)].map((m) => m[1] as string);
}

/** Rows of the README table for lock files: file → depends and pin-depends entry counts. */
export function readmeLockRows(): Map<string, { depends: number; pins: number; target: string }> {
  const rows = new Map<string, { depends: number; pins: number; target: string }>();
  for (const m of README.matchAll(
    /^\| `lockfiles\/([^`]+)` \|[^|]*\|[^|]*\|[^|]*\| ([a-z]+)[^|]*\| (\d+) \| (\d+) \|/gm,
  )) {
    rows.set(m[1] as string, { target: m[2] as string, depends: Number(m[3]), pins: Number(m[4]) });
  }
  return rows;
}

/** The README's "resolve like this" table: lock (without extension) → repository, overlays, pin-depends, missing. */
export function readmeResolveRows(): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const m of README.matchAll(/^\| ([\w-]+__[\w-]+\/[\w-]+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)) {
    rows.set(
      m[1] as string,
      [2, 3, 4, 5].map((i) => Number(m[i])),
    );
  }
  return rows;
}

/** The opam file of name.version in the data's repositories, if any. */
export function findOpamFile(name: string, version: string): { repo: string; file: string } | undefined {
  for (const repo of ['opam-repository', 'opam-overlays']) {
    const file = path.join(DATA, repo, 'packages', name, `${name}.${version}`, 'opam');
    if (existsSync(file)) return { repo, file };
  }
  return undefined;
}

/** Package names a raw opam file's depends/depopts fields mention (quoted words outside braces). */
export function mentionedDependencies(text: string): Set<string> {
  const names = new Set<string>();
  for (const field of ['depends', 'depopts']) {
    const at = new RegExp(`^\\s*${field}:`, 'm').exec(text);
    if (!at) continue;
    // Scan to the bracket that closes the field's list, skipping brackets inside strings.
    let i = text.indexOf('[', at.index);
    let depth = 0;
    let inString = false;
    const start = i;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"' && text[i - 1] !== '\\') inString = !inString;
      else if (!inString && ch === '[') depth++;
      else if (!inString && ch === ']' && --depth === 0) break;
    }
    const block = text.slice(start, i);
    // Only strings outside braces are package names; braces hold versions and filters.
    for (const m of block.replace(/\{[^}]*\}/g, '').matchAll(/"([^"]+)"/g)) names.add(m[1] as string);
  }
  return names;
}

/** The shared lock files (`*.opam.locked`), sorted; none without the shared data. */
export const SHARED_LOCKS = HAVE_DATA
  ? listFiles(path.join(DATA, 'lockfiles')).filter((f) => f.endsWith('.opam.locked'))
  : [];

/** The shared data's OCaml security advisories: an OSV folder, as `--advisories` takes it. */
export const SHARED_ADVISORIES = path.join(DATA, 'advisories');
