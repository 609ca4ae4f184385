/** Acceptance: the real `opam switch export` files of ../shared/data, counted independently by regex. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { readSwitchExport } from '../../builder/opam/read-switch-export.js';
import { blockLines, DATA, sharedData, listFiles, README } from './shared-data.js';

const EXPORTS = listFiles(path.join(DATA, 'switch-exports')).filter((f) => f.endsWith('opam.export'));

/** The README's shape column: `roots` (23), `installed` (54), 54 `package "…" { … }` sections. */
function readmeShape(rel: string): { roots: number; installed: number; sections: number } {
  const row = README.split('\n').find((line) => line.startsWith(`| \`switch-exports/${rel}\``)) ?? '';
  const count = (re: RegExp) => Number(re.exec(row)?.[1] ?? 0);
  return {
    roots: count(/`roots` \((\d+)\)/),
    installed: count(/`installed` \((\d+)\)/),
    sections:
      count(/(\d+) `package` sections|(\d+) `package "…" \{ … \}` sections/) || count(/(\d+) `package "/),
  };
}

describe.skipIf(sharedData.skip)(sharedData.title('opam switch exports in ../shared/data'), () => {
  const cases = EXPORTS.map((f) => [path.relative(path.join(DATA, 'switch-exports'), f), f] as const);

  it('has the three exports, with roots 23/16/20, installed 54/149/150 and 54/3/0 package sections', () => {
    const byName = Object.fromEntries(
      cases.map(([rel, f]) => {
        const text = readFileSync(f, 'utf8');
        return [
          rel,
          [
            blockLines(text, 'roots').length,
            blockLines(text, 'installed').length,
            (text.match(/^package "/gm) ?? []).length,
          ],
        ];
      }),
    );
    expect(byName).toEqual({
      'voodoos__merlin-occurrences-switch/opam.export': [23, 54, 54],
      'hazelgrove__hazel/af9872eb/opam.export': [16, 149, 3],
      'hazelgrove__hazel/ce34e2cc/opam.export': [20, 150, 0],
    });
  });

  it.each(cases)('%s: the reader counts what the file and the README say', (rel, file) => {
    const text = readFileSync(file, 'utf8');
    const { dependencies, export: ex } = readSwitchExport(text, file);
    const raw = {
      roots: blockLines(text, 'roots').length,
      installed: blockLines(text, 'installed').length,
      sections: (text.match(/^package "/gm) ?? []).length,
    };
    expect({ roots: ex.roots.length, installed: ex.installed.size, sections: ex.sections.length }).toEqual(
      raw,
    );
    expect(readmeShape(rel)).toEqual(raw);
    expect(dependencies.roots).toHaveLength(raw.roots);
    // Every installed package is a node; a root missing from installed: is added and listed unresolved.
    expect(dependencies.packages.length).toBe(raw.installed + dependencies.unresolved.length);
    expect(dependencies.packages.filter((p) => p.resolved)).toHaveLength(raw.sections);
    for (const edge of dependencies.edges)
      expect(ex.installed.has(edge.to) && ex.sections.some((s) => s.name === edge.from)).toBe(true);
  });

  it('resolves the full export into kinded edges with build-only packages', () => {
    const file = EXPORTS.find((f) => f.includes('voodoos')) as string;
    const { dependencies } = readSwitchExport(readFileSync(file, 'utf8'), file);
    const kinds = new Set(dependencies.edges.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['build', 'runtime']));
    const buildOnly = dependencies.packages.filter((p) => p.buildOnly).map((p) => p.name);
    expect(buildOnly.length).toBeGreaterThan(0);
    // Each build-only package is the target of some non-runtime edge and of no runtime edge from a linked package.
    for (const name of buildOnly)
      expect(dependencies.edges.some((e) => e.to === name && e.kind !== 'runtime')).toBe(true);
  });

  it('refuses a package section whose package is not in installed:, naming the file and the line', () => {
    const file = EXPORTS.find((f) => f.includes('voodoos')) as string;
    const text = readFileSync(file, 'utf8');
    const victim = /^package "([^"]+)"/m.exec(text)?.[1] as string;
    const broken = text.replace(new RegExp(`^  "${victim}\\.[^"]+"\\n`, 'm'), '');
    const line = broken.split('\n').findIndex((l) => l === `package "${victim}" {`) + 1;
    expect(broken.length).toBeLessThan(text.length);
    try {
      readSwitchExport(broken, file);
      throw new Error('no error');
    } catch (e) {
      expect((e as UserError).code).toBe('OPAM_BAD');
      expect((e as UserError).location).toMatchObject({ file, line });
      expect((e as UserError).message).toContain(file);
    }
  });
});
