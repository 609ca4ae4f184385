/**
 * Bytes the sparse reader never loaded cannot be read as if they were zeros: on a committed fixture
 * (solo5-hvt), every reader refuses a table or section outside the loaded ranges with an internal
 * error. Which section is where comes from the readelf -SW and -hW output recorded with the fixture.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { elfByteReader } from '../../builder/elf/byte-reader.js';
import { UnloadedBytesError } from '../../builder/elf/loaded-ranges.js';
import {
  readElf,
  readInterpreter,
  readNotes,
  readSymbols,
  sectionBytes,
} from '../../builder/elf/read-elf.js';
import { readElfDwarf } from '../../builder/image/read-elf-dwarf.js';
import { readElfFileSparse } from '../../pipeline/io/read-elf-sparse.js';
import { FIXTURE_IMAGES_DIR, readElfHeader, readSectionTable } from '../support/binutils-truth.js';

const image = path.join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt');
const truth = readSectionTable(`${image}.readelf-S.txt`);
const header = readElfHeader(`${image}.readelf-h.txt`);
const text = truth.find((s) => s.name === '.text') as (typeof truth)[number];
const headerNumber = (label: string): number => parseInt(header[label] as string, 10);

/** Runs `fn` and returns what it threw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('reading bytes the sparse read did not load (solo5-hvt)', () => {
  const { elf } = readElfFileSparse(image);
  const section = elf.sections.find((s) => s.name === '.text');

  it('knows .text where readelf puts it, and did not load it', () => {
    expect(text.size).toBeGreaterThan(0);
    expect(section?.offset).toBe(text.offset);
    expect(section?.fileSize).toBe(text.size);
    expect(elf.loaded.some((r) => r.offset <= text.offset && text.offset < r.offset + r.size)).toBe(false);
  });

  it('throws an internal error from sectionBytes, not a UserError and not zeros', () => {
    const error = thrown(() => sectionBytes(elf, section as NonNullable<typeof section>));
    expect(error).toBeInstanceOf(UnloadedBytesError);
    expect(error).not.toBeInstanceOf(UserError);
    expect(String(error)).toContain('section .text');
  });

  it('throws from the byte reader for the same range', () => {
    expect(() => elfByteReader(elf).need(text.offset, text.size, '.text')).toThrow(UnloadedBytesError);
  });

  it('still reads the symbols, notes and DWARF it did load', () => {
    expect(readSymbols(elf, 'symtab')?.count).toBe(
      (truth.find((s) => s.name === '.symtab')?.size as number) / 24,
    );
    expect(readNotes(elf).map((n) => n.section)).toEqual(
      truth.filter((s) => s.type === 'NOTE').map((s) => s.name),
    );
    expect(readElfDwarf(elf).units.length).toBeGreaterThan(0);
  });

  it('reads .text from a full read, which has one range over the file', () => {
    const full = readElf(readFileSync(image));
    expect(full.loaded).toEqual([{ offset: 0, size: full.fileSize }]);
    const t = full.sections.find((s) => s.name === '.text') as NonNullable<typeof section>;
    expect(sectionBytes(full, t).byteLength).toBe(text.size);
  });
});

describe('readers on a file of which only the headers and section names were loaded (solo5-hvt)', () => {
  const names = truth.find((s) => s.name === '.shstrtab') as (typeof truth)[number];
  const shoff = headerNumber('Start of section headers');
  const phoff = headerNumber('Start of program headers');
  const elf = readElf(readFileSync(image), [
    { offset: 0, size: headerNumber('Size of this header') },
    {
      offset: phoff,
      size: headerNumber('Number of program headers') * headerNumber('Size of program headers'),
    },
    {
      offset: shoff,
      size: headerNumber('Number of section headers') * headerNumber('Size of section headers'),
    },
    { offset: names.offset, size: names.size },
  ]);

  it('names the sections as readelf does', () => {
    expect(elf.sections.map((s) => s.name)).toEqual(truth.map((s) => s.name));
  });

  it.each([
    ['readSymbols', () => readSymbols(elf, 'symtab')],
    ['readNotes', () => readNotes(elf)],
    ['readElfDwarf (not turned into a DWARF diagnostic)', () => readElfDwarf(elf)],
  ])('%s throws UnloadedBytesError', (_label, read) => {
    expect(read).toThrow(UnloadedBytesError);
  });

  it('readInterpreter has nothing to read in a static image', () => {
    expect(readInterpreter(elf)).toBeUndefined();
  });

  it('readElf itself refuses section headers that were not loaded', () => {
    expect(() => readElf(readFileSync(image), [{ offset: 0, size: 64 }])).toThrow(UnloadedBytesError);
  });
});
