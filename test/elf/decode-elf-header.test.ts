/**
 * The one ELF header decoder, given only the first bytes of each fixture image (as the read planner
 * gives it), against the `readelf -hW` output recorded when the fixture was built.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ELF_HEADER_BYTES, decodeElfHeader } from '../../builder/elf/decode-elf-header.js';
import { isElf } from '../../builder/elf/elf-magic.js';
import { fixturePaths, readElfHeader } from '../support/binutils-truth.js';

const images = fixturePaths().filter((f) => f.truth['readelf-h'] !== undefined);

/** readelf's words for e_type and e_machine, for the values the fixtures hold. */
const TYPE_WORD: Record<number, string> = { 1: 'REL', 2: 'EXEC', 3: 'DYN', 4: 'CORE' };
const MACHINE_WORD: Record<number, string> = {
  3: 'Intel 80386',
  22: 'IBM S/390',
  40: 'ARM',
  62: 'Advanced Micro Devices X86-64',
  183: 'AArch64',
};

/** The first `size` bytes of a file, and nothing more: what the sparse reader has when it plans. */
function readHead(file: string, size: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const head = new Uint8Array(size);
    return head.subarray(0, readSync(fd, head, 0, size, 0));
  } finally {
    closeSync(fd);
  }
}

describe('decodeElfHeader vs recorded readelf -hW (fixtures)', () => {
  it('has fixtures to check', () => expect(images.length).toBeGreaterThanOrEqual(10));
  it.each(images.map((f) => [`${f.group}/${f.name}`, f] as const))('%s', (_label, f) => {
    const truth = readElfHeader(f.truth['readelf-h'] as string);
    const head = readHead(f.image, ELF_HEADER_BYTES);
    expect(isElf(head)).toBe(true);
    const h = decodeElfHeader(head);
    const number = (label: string): number => parseInt(truth[label] as string, 10);
    expect(`ELF${h.bits}`).toBe(truth['Class']);
    expect(h.littleEndian ? "2's complement, little endian" : "2's complement, big endian").toBe(
      truth['Data'],
    );
    expect(truth['Type']?.split(' ')[0]).toBe(TYPE_WORD[h.type]);
    expect(truth['Machine']).toBe(MACHINE_WORD[h.machine]);
    expect(BigInt(h.entry)).toBe(BigInt(truth['Entry point address'] as string));
    expect(h.flags).toBe(parseInt((truth['Flags'] as string).split(',')[0] as string, 16));
    expect(h.phoff).toBe(number('Start of program headers'));
    expect(h.shoff).toBe(number('Start of section headers'));
    expect(h.headerSize).toBe(number('Size of this header'));
    expect(h.phentsize).toBe(number('Size of program headers'));
    expect(h.phnum).toBe(number('Number of program headers'));
    expect(h.shentsize).toBe(number('Size of section headers'));
    expect(h.shnum).toBe(number('Number of section headers'));
    expect(h.shstrndx).toBe(number('Section header string table index'));
  });
});

describe('isElf', () => {
  it.each([
    ['the magic alone', [0x7f, 0x45, 0x4c, 0x46], true],
    ['three bytes of it', [0x7f, 0x45, 0x4c], false],
    ['a gzip stream', [0x1f, 0x8b, 0x08, 0x00], false],
    ['"ELF" without 0x7f', [0x45, 0x4c, 0x46, 0x02], false],
    ['nothing', [], false],
  ])('%s', (_label, bytes, expected) => expect(isElf(new Uint8Array(bytes))).toBe(expected));
});
