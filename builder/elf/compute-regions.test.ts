/**
 * Region accounting on damaged and odd files: an overlap made by moving one section onto another
 * (crt1.o), and a file with no section headers (/bin/ls with e_shoff, e_shnum, e_shstrndx zeroed).
 * The totals must still be the file size (from the file system), with no byte counted twice.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, tool } from '../../test/support/test-needs.js';
import { computeRegionReport, readElf } from './read-elf.js';

const OBJECT = '/usr/lib/x86_64-linux-gnu/crt1.o';
const EXECUTABLE = '/bin/ls';
/** ELF64 section header: sh_offset at 24 (gABI). */
const SH_OFFSET = 24;

function assertPartition(regions: { offset: number; fileSize: number }[], fileSize: number): void {
  let end = 0;
  for (const r of regions.filter((x) => x.fileSize > 0)) {
    expect(r.offset).toBe(end);
    end += r.fileSize;
  }
  expect(end).toBe(fileSize);
}

const files = check(tool(OBJECT), tool(EXECUTABLE));
describe.skipIf(files.skip)(files.title('computeRegions'), () => {
  it('clips a section that overlaps another and reports it', () => {
    const bytes = new Uint8Array(readFileSync(OBJECT));
    const view = new DataView(bytes.buffer);
    const elf = readElf(bytes);
    const text = elf.sections.find((s) => s.name === '.text');
    const symtab = elf.sections.find((s) => s.name === '.symtab');
    if (!text || !symtab) throw new Error('crt1.o without .text or .symtab');
    // Move .text so that it starts 8 bytes into .symtab.
    view.setBigUint64(elf.shoff + text.index * elf.shentsize + SH_OFFSET, BigInt(symtab.offset + 8), true);
    const { regions, diagnostics } = computeRegionReport(readElf(bytes));
    assertPartition(regions, statSync(OBJECT).size);
    expect(diagnostics.map((d) => d.code)).toEqual(['elf-region-overlap']);
    expect(diagnostics[0]?.message).toContain('.text');
    expect(diagnostics[0]?.message).toContain('.symtab');
  });

  it('gives .bss memory but no file bytes, and non-allocated sections no memory', () => {
    const elf = readElf(new Uint8Array(readFileSync(EXECUTABLE)));
    const { regions } = computeRegionReport(elf);
    const bss = regions.find((r) => r.name === '.bss');
    const bssSection = elf.sections.find((s) => s.name === '.bss');
    expect(bss).toMatchObject({ fileSize: 0, memSize: bssSection?.size, kind: 'section' });
    expect(regions.find((r) => r.name === '.shstrtab')?.memSize).toBe(0);
    expect(
      regions.filter((r) => r.kind === 'padding').every((r) => r.name === '[padding]' && r.memSize === 0),
    ).toBe(true);
    expect(regions.map((r) => r.offset)).toEqual([...regions.map((r) => r.offset)].sort((a, b) => a - b));
  });

  it('covers a file without section headers by its PT_LOAD segments', () => {
    const bytes = new Uint8Array(readFileSync(EXECUTABLE));
    const view = new DataView(bytes.buffer);
    view.setBigUint64(40, 0n, true); // e_shoff
    view.setUint16(60, 0, true); // e_shnum
    view.setUint16(62, 0, true); // e_shstrndx
    const elf = readElf(bytes);
    const { regions, diagnostics } = computeRegionReport(elf);
    expect(diagnostics).toEqual([]);
    assertPartition(regions, statSync(EXECUTABLE).size);
    expect(regions[0]?.name).toBe('[ELF header]');
    expect(regions.some((r) => r.name.startsWith('[LOAD '))).toBe(true);
    // The section header table and the non-loaded sections before it are now unaccounted bytes.
    expect(regions.at(-1)?.name).toBe('[unaccounted: no section headers]');
  });
});
