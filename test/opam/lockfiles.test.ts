/**
 * Acceptance: every opam-monorepo lock file of ../shared/data, joined with the opam files there,
 * checked against counts taken from the files themselves (regex over the raw text) and the README.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOpamLock } from '../../builder/opam/read-opam-lock.js';
import { readOpamRepo } from '../../builder/opam/read-opam-repo.js';
import { parseOpam } from '../../builder/opam/parse-opam.js';
import { createOpamRepoLookup } from '../../pipeline/io/opam-repo-lookup.js';
import {
  blockLines,
  DATA,
  findOpamFile,
  sharedData,
  listFiles,
  lockDependsByRegex,
  lockPinsByRegex,
  mentionedDependencies,
  README,
  readmeLockRows,
  readmeResolveRows,
} from './shared-data.js';

const LOCKS = listFiles(path.join(DATA, 'lockfiles')).filter((f) => f.endsWith('.opam.locked'));
const REPOS = ['opam-repository', 'opam-overlays'].map((r) => path.join(DATA, r));

function readLock(file: string) {
  const text = readFileSync(file, 'utf8');
  const rootOpamPath = file
    .replace(`${path.sep}lockfiles${path.sep}`, `${path.sep}mirage-opam${path.sep}`)
    .replace(/\.locked$/, '');
  const rootOpam = existsSync(rootOpamPath)
    ? { text: readFileSync(rootOpamPath, 'utf8'), file: rootOpamPath }
    : undefined;
  const lock = parseOpamLock(text, file);
  const result = readOpamRepo(lock, createOpamRepoLookup(REPOS, REPOS), rootOpam ? { rootOpam } : {});
  return { text, lock, rootOpam, ...result };
}

describe.skipIf(sharedData.skip)(sharedData.title('opam-monorepo lock files in ../shared/data'), () => {
  const cases = LOCKS.map((file) => [path.relative(path.join(DATA, 'lockfiles'), file), file] as const);

  it('finds the 6 lock files the README lists, and every opam file parses (187 + 24)', () => {
    expect(LOCKS).toHaveLength(6);
    expect([...readmeLockRows().keys()].sort()).toEqual(cases.map(([rel]) => rel).sort());
    const repoFiles = listFiles(path.join(DATA, 'opam-repository')).filter((f) =>
      f.endsWith(`${path.sep}opam`),
    );
    const overlayFiles = listFiles(path.join(DATA, 'opam-overlays')).filter((f) =>
      f.endsWith(`${path.sep}opam`),
    );
    expect([repoFiles.length, overlayFiles.length]).toEqual([187, 24]);
    expect(README).toContain('| 187 (138 from `master` HEAD, 49 from history) |');
    for (const f of [...repoFiles, ...overlayFiles])
      expect(() => parseOpam(readFileSync(f, 'utf8'), f)).not.toThrow();
  });

  it('counts 412 depends entries (217 distinct) and 271 pin-depends entries (162 distinct) in all', () => {
    const depends = LOCKS.flatMap((f) =>
      parseOpamLock(readFileSync(f, 'utf8'), f).entries.map((e) => `${e.name}.${e.version}`),
    );
    const pins = LOCKS.flatMap((f) =>
      parseOpamLock(readFileSync(f, 'utf8'), f).pins.map((p) => `${p.name}.${p.version}`),
    );
    expect([depends.length, new Set(depends).size, pins.length, new Set(pins).size]).toEqual([
      412, 217, 271, 162,
    ]);
    const index = readFileSync(path.join(DATA, 'opam-repository', 'INDEX.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    expect(new Set(depends)).toEqual(new Set(index.map((row) => row.split('\t').slice(0, 2).join('.'))));
  });

  it.each(cases)(
    '%s: entries, pins, vendored set and target match the raw file and the README',
    (rel, file) => {
      const { text, lock, dependencies } = readLock(file);
      const raw = lockDependsByRegex(text);
      const row = readmeLockRows().get(rel);
      expect(lock.entries.map((e) => [e.name, e.version, e.vendored])).toEqual(
        raw.map((r) => [r.name, r.version, r.vendor]),
      );
      expect([lock.entries.length, lock.pins.length]).toEqual([row?.depends, row?.pins]);
      expect(lock.pins.map((p) => `${p.name}.${p.version}`)).toEqual(lockPinsByRegex(text));
      expect(lock.target).toBe(row?.target);
      // The README: in every file the pin-depends set is exactly the ?vendor set.
      const vendored = raw
        .filter((r) => r.vendor)
        .map((r) => `${r.name}.${r.version}`)
        .sort();
      expect([...lockPinsByRegex(text)].sort()).toEqual(vendored);
      expect(
        dependencies.packages
          .filter((p) => p.vendored)
          .map((p) => `${p.name}.${p.version}`)
          .sort(),
      ).toEqual(vendored);
      const roots = /^x-opam-monorepo-root-packages: \["([^"]+)"\]$/m.exec(text)?.[1];
      expect(dependencies.roots).toEqual([roots]);
      expect(dependencies.packages).toHaveLength(raw.length + 1);
    },
  );

  it.each(cases)('%s: every locked version resolves as the README table says', (rel, file) => {
    const { lock, dependencies, diagnostics } = readLock(file);
    const counts = [0, 0, 0, 0];
    const expectUnresolved: string[] = [];
    for (const e of lock.entries) {
      const found = findOpamFile(e.name, e.version);
      const pinned = lock.pins.some((p) => p.name === e.name && p.version === e.version);
      const slot = found ? (found.repo === 'opam-repository' ? 0 : 1) : pinned ? 2 : 3;
      counts[slot] = (counts[slot] ?? 0) + 1;
      if (slot === 3) expectUnresolved.push(`${e.name}.${e.version}`);
      expect(dependencies.packages.find((p) => p.name === e.name)?.resolved).toBe(found !== undefined);
    }
    expect(counts).toEqual(readmeResolveRows().get(rel.replace(/\.opam\.locked$/, '')));
    expect(dependencies.unresolved).toEqual(expectUnresolved.sort());
    // The README names exactly two versions with neither an opam file nor a pin.
    for (const u of dependencies.unresolved) expect(['dune.3.15.2~dev', 'mirage.4.6.1~dev']).toContain(u);
    expect(diagnostics.filter((d) => d.code === 'opam-unresolved')).toHaveLength(counts[3] ?? 0);
    expect(diagnostics.filter((d) => d.code === 'opam-pin-only')).toHaveLength(counts[2] ?? 0);
  });

  it.each(cases)(
    '%s: every edge is written in the opam file of its source, and build-only marks follow the kinds',
    (_rel, file) => {
      const { lock, rootOpam, dependencies, diagnostics } = readLock(file);
      const root = dependencies.roots[0] as string;
      const inferred = diagnostics.find((d) => d.code === 'opam-root-inferred')?.message ?? '';
      for (const edge of dependencies.edges) {
        const entry = lock.entries.find((e) => e.name === edge.from);
        const source =
          edge.from === root ? rootOpam?.file : entry && findOpamFile(entry.name, entry.version)?.file;
        const declared =
          source !== undefined && mentionedDependencies(readFileSync(source, 'utf8')).has(edge.to);
        expect(
          declared || (edge.from === root && inferred.includes(`${edge.to} (${edge.kind})`)),
          `${edge.from} → ${edge.to}`,
        ).toBe(true);
      }
      const kinds = new Set(dependencies.edges.map((e) => e.kind));
      expect(kinds.has('runtime') && kinds.has('build')).toBe(true);
      const byName = new Map(dependencies.packages.map((p) => [p.name, p]));
      // A package linked into something that is not build-only cannot be build-only itself.
      for (const edge of dependencies.edges.filter((e) => e.kind === 'runtime')) {
        if (byName.get(edge.from)?.buildOnly === false)
          expect(byName.get(edge.to)?.buildOnly, `${edge.from} → ${edge.to}`).toBe(false);
      }
      // opam-monorepo is a tool the root asks for with {build}: never linked.
      expect(
        blockLines(rootOpam?.text ?? '', 'depends').some((l) => /"opam-monorepo" \{ build/.test(l)),
      ).toBe(true);
      expect(byName.get('opam-monorepo')?.buildOnly).toBe(true);
    },
  );
});
