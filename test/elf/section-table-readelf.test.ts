/**
 * Every section's type, flags and sh_size in the regions, as readelf -S -W printed them: for every
 * fixture image (truth recorded when it was built) and every shared unikernel (truth shipped with
 * the data), `.tbss` included — it has a size although it takes no file and no memory bytes here.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeRegions } from '../../builder/elf/compute-regions.js';
import { readElf } from '../../builder/elf/read-elf.js';
import { fixturePaths, readSectionTable } from '../support/binutils-truth.js';
import { HAVE_UNIKERNELS, imagePath, TARGETS, UNIKERNELS } from '../unikernels/unikernel-data.js';

interface Case {
  name: string;
  image: string;
  truth: string;
}

const fixtures: Case[] = fixturePaths()
  .filter((f) => f.truth['readelf-S'] !== undefined)
  .map((f) => ({ name: `${f.group}/${f.name}`, image: f.image, truth: f.truth['readelf-S'] as string }));
const unikernels: Case[] = HAVE_UNIKERNELS
  ? [...TARGETS.map((t) => imagePath(t)), imagePath('hvt', true)].map((image) => ({
      name: path.basename(image),
      image,
      truth: `${image}.readelf-S.txt`,
    }))
  : [];

/** Our regions' view of each section, keyed by section index, from its first region. */
function sectionsOf(file: string): Map<number, { type?: string; flags?: string; size?: number }> {
  const out = new Map<number, { type?: string; flags?: string; size?: number }>();
  for (const r of computeRegions(readElf(new Uint8Array(readFileSync(file))))) {
    if (r.sectionIndex === undefined || out.has(r.sectionIndex)) continue;
    out.set(r.sectionIndex, { type: r.sectionType, flags: r.sectionFlags, size: r.sectionSize });
  }
  return out;
}

function check(c: Case): void {
  const ours = sectionsOf(c.image);
  const truth = readSectionTable(c.truth).filter((s) => s.index > 0);
  expect(truth.length, `${c.truth} has sections`).toBeGreaterThan(0);
  for (const s of truth)
    expect(ours.get(s.index), `${c.name} [${s.index}] ${s.name}`).toEqual({
      type: s.type,
      flags: s.flags,
      size: s.size,
    });
}

describe('section type, flags and sh_size as readelf -S -W printed them', () => {
  it.each(fixtures.map((c) => [c.name, c] as const))('fixture %s', (_n, c) => check(c));

  it.skipIf(!HAVE_UNIKERNELS).each(unikernels.map((c) => [c.name, c] as const))(
    `shared unikernel %s${HAVE_UNIKERNELS ? '' : ` (SKIPPED: ${UNIKERNELS} is absent)`}`,
    (_n, c) => check(c),
  );

  it.skipIf(!HAVE_UNIKERNELS)('keeps .tbss at its sh_size with no file or memory bytes (kv.hvt)', () => {
    const truth = readSectionTable(`${imagePath('hvt')}.readelf-S.txt`).find((s) => s.name === '.tbss');
    expect(truth?.flags).toBe('WAT');
    const region = computeRegions(readElf(new Uint8Array(readFileSync(imagePath('hvt'))))).find(
      (r) => r.name === '.tbss',
    );
    expect(region).toMatchObject({
      sectionSize: truth?.size,
      fileSize: 0,
      memSize: 0,
      sectionType: 'NOBITS',
    });
    expect(region?.flags).toContain('tls');
  });
});
