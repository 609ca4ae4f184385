/**
 * Section type, flags and sh_size in the regions of every ELF file in the Debian packages the
 * tests read (hello, zlib1g, libc6 — libc.so.6 has `.tbss`), against `readelf -S -W` run here on
 * the same extracted files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeRegions } from '../../builder/elf/compute-regions.js';
import { isElf } from '../../builder/elf/elf-magic.js';
import { readElf } from '../../builder/elf/read-elf.js';
import { parseSectionTable } from '../support/binutils-truth.js';
import { needDebs, run } from './deb-cache.js';

const PACKAGES = ['hello', 'zlib1g', 'libc6'];
const { debs, available } = needDebs(PACKAGES);
const root = mkdtempSync(join(tmpdir(), 'tcbscope-deb-sections-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every regular ELF file under `dir`. */
function elfFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    const stats = statSync(file, { throwIfNoEntry: false });
    if (stats?.isDirectory()) out.push(...elfFiles(file));
    else if (stats?.isFile() && isElf(readFileSync(file).subarray(0, 16))) out.push(file);
  }
  return out;
}

describe.skipIf(available.skip)(
  available.title('Debian ELF files: sections as readelf -S -W shows them'),
  () => {
    it.each(PACKAGES)(
      '%s',
      (name) => {
        const dir = join(root, name);
        run('dpkg-deb', ['-x', debs.get(name) as string, dir]);
        const files = elfFiles(dir);
        expect(files.length, `${name} has ELF files`).toBeGreaterThan(0);
        let tbss = 0;
        for (const file of files) {
          const ours = new Map<number, { type?: string; flags?: string; size?: number }>();
          for (const r of computeRegions(readElf(new Uint8Array(readFileSync(file))))) {
            if (r.sectionIndex === undefined || ours.has(r.sectionIndex)) continue;
            ours.set(r.sectionIndex, { type: r.sectionType, flags: r.sectionFlags, size: r.sectionSize });
          }
          for (const s of parseSectionTable(run('readelf', ['-SW', file])).filter((x) => x.index > 0)) {
            if (s.name === '.tbss') tbss++;
            expect(ours.get(s.index), `${file} [${s.index}] ${s.name}`).toEqual({
              type: s.type,
              flags: s.flags,
              size: s.size,
            });
          }
        }
        if (name === 'libc6') expect(tbss, 'libc6 files with .tbss').toBeGreaterThan(0);
      },
      120_000,
    );
  },
);
