/**
 * Bad input: each case damages one field of a real file (crt1.o, /bin/ls) at the offset the ELF
 * specification gives for it, and checks the error code and the location the reader reports.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, tool } from '../../test/support/test-needs.js';
import { UserError } from '../../analyzer/model/user-error.js';
import type { ErrorCode } from '../../analyzer/model/user-error.js';
import { readElf, readNotes, readSymbols } from './read-elf.js';
import type { ElfFile } from './read-elf.js';

const OBJECT = '/usr/lib/x86_64-linux-gnu/crt1.o';
const EXECUTABLE = '/bin/ls';
const files = check(tool(OBJECT), tool(EXECUTABLE));

/** ELF64 header field offsets (System V gABI, "ELF Header"). */
const E_PHOFF = 32;
const E_SHOFF = 40;
const E_SHENTSIZE = 58;
const E_SHNUM = 60;
const E_SHSTRNDX = 62;
/** ELF64 section header field offsets. */
const SH_NAME = 0;
const SH_SIZE = 32;
const SH_ENTSIZE = 56;

function load(file: string): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(readFileSync(file));
  return { bytes, view: new DataView(bytes.buffer) };
}

/** Runs `fn`, expects a UserError with `code`, and checks the location it names. */
function expectUserError(fn: () => unknown, code: ErrorCode, at: RegExp, offset?: number): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(UserError);
  const u = error as UserError;
  expect(u.code).toBe(code);
  expect(u.location.at).toMatch(at);
  expect(typeof u.location.offset).toBe('number');
  if (offset !== undefined) expect(u.location.offset).toBe(offset);
  const message = u.inFile('damaged.elf').message;
  expect(message).toContain('damaged.elf: ');
  expect(message).toContain(u.location.at as string);
  expect(message).toContain(`[${code}]`);
}

function sectionHeaderAt(elf: ElfFile, name: string): number {
  const s = elf.sections.find((x) => x.name === name);
  if (!s) throw new Error(`${name} not in the test file`);
  return elf.shoff + s.index * elf.shentsize;
}

describe.skipIf(files.skip)(files.title('readElf on bad input'), () => {
  it('rejects an empty file', () => {
    expectUserError(() => readElf(new Uint8Array(0)), 'ELF_NOT_ELF', /ELF header/, 0);
  });

  it('rejects a file without the ELF magic', () => {
    expectUserError(
      () => readElf(new TextEncoder().encode('#!/bin/sh\necho hi\n')),
      'ELF_NOT_ELF',
      /e_ident/,
      0,
    );
  });

  it('rejects a truncated header', () => {
    expectUserError(() => readElf(load(OBJECT).bytes.subarray(0, 40)), 'ELF_TRUNCATED', /ELF header/);
    expectUserError(() => readElf(load(OBJECT).bytes.subarray(0, 10)), 'ELF_TRUNCATED', /e_ident/);
  });

  it('rejects a bad class byte and a bad data byte', () => {
    const a = load(OBJECT);
    a.bytes[4] = 3;
    expectUserError(() => readElf(a.bytes), 'ELF_BAD_FIELD', /EI_CLASS/, 4);
    const b = load(OBJECT);
    b.bytes[5] = 0;
    expectUserError(() => readElf(b.bytes), 'ELF_BAD_FIELD', /EI_DATA/, 5);
  });

  it('rejects e_shoff and e_phoff past the end', () => {
    const a = load(OBJECT);
    a.view.setBigUint64(E_SHOFF, BigInt(a.bytes.length + 100), true);
    expectUserError(() => readElf(a.bytes), 'ELF_TRUNCATED', /e_shoff/, E_SHOFF);
    const b = load(EXECUTABLE);
    b.view.setBigUint64(E_PHOFF, BigInt(b.bytes.length + 100), true);
    expectUserError(() => readElf(b.bytes), 'ELF_TRUNCATED', /e_phoff/, E_PHOFF);
  });

  it('rejects a section header table that runs past the end', () => {
    const a = load(OBJECT);
    a.view.setUint16(E_SHNUM, a.view.getUint16(E_SHNUM, true) + 5, true);
    expectUserError(() => readElf(a.bytes), 'ELF_TRUNCATED', /e_shnum/, E_SHNUM);
  });

  it('rejects an absurd e_shnum in a tiny file before allocating anything by it', () => {
    const a = load(OBJECT);
    const tiny = a.bytes.slice(0, 128);
    const view = new DataView(tiny.buffer);
    view.setBigUint64(E_SHOFF, 64n, true);
    view.setUint16(E_SHNUM, 0xffff, true);
    view.setUint16(E_SHSTRNDX, 1, true);
    expectUserError(() => readElf(tiny), 'ELF_TRUNCATED', /e_shnum/, E_SHNUM);
  });

  it('rejects an e_shentsize smaller than a section header', () => {
    const a = load(OBJECT);
    a.view.setUint16(E_SHENTSIZE, 20, true);
    expectUserError(() => readElf(a.bytes), 'ELF_BAD_FIELD', /e_shentsize/, E_SHENTSIZE);
  });

  it('rejects e_shstrndx out of range', () => {
    const a = load(OBJECT);
    a.view.setUint16(E_SHSTRNDX, a.view.getUint16(E_SHNUM, true) + 3, true);
    expectUserError(() => readElf(a.bytes), 'ELF_BAD_FIELD', /e_shstrndx/, E_SHSTRNDX);
  });

  it('rejects a section name offset past the section name table', () => {
    const a = load(OBJECT);
    const elf = readElf(a.bytes);
    const h = sectionHeaderAt(elf, '.text');
    a.view.setUint32(h + SH_NAME, 0x7fffffff, true);
    expectUserError(() => readElf(a.bytes), 'ELF_BAD_FIELD', /^section header \d+$/, h);
  });

  it('rejects a section whose bytes run past the end of the file', () => {
    const a = load(OBJECT);
    const elf = readElf(a.bytes);
    const h = sectionHeaderAt(elf, '.text');
    a.view.setBigUint64(h + SH_SIZE, BigInt(a.bytes.length), true);
    expectUserError(() => readElf(a.bytes), 'ELF_TRUNCATED', /section header \d+ \(\.text\)/, h);
  });

  it('accepts a huge SHT_NOBITS section: it has no file bytes', () => {
    const a = load(OBJECT);
    const elf = readElf(a.bytes);
    const bss = elf.sections.find((s) => s.name === '.bss');
    expect(bss?.typeName).toBe('NOBITS');
    a.view.setBigUint64(sectionHeaderAt(elf, '.bss') + SH_SIZE, 1n << 40n, true);
    expect(readElf(a.bytes).sections.find((s) => s.name === '.bss')?.size).toBe(2 ** 40);
  });

  it('rejects a symbol table with the wrong entry size or a partial entry', () => {
    const a = load(OBJECT);
    const h = sectionHeaderAt(readElf(a.bytes), '.symtab');
    a.view.setBigUint64(h + SH_ENTSIZE, 16n, true);
    expectUserError(() => readSymbols(readElf(a.bytes), 'symtab'), 'ELF_BAD_FIELD', /\.symtab/, h);
    const b = load(OBJECT);
    b.view.setBigUint64(h + SH_SIZE, b.view.getBigUint64(h + SH_SIZE, true) - 1n, true);
    expectUserError(() => readSymbols(readElf(b.bytes), 'symtab'), 'ELF_BAD_FIELD', /\.symtab/, h);
  });

  it('rejects a symbol name offset past the string table', () => {
    const a = load(OBJECT);
    const elf = readElf(a.bytes);
    const symtab = elf.sections.find((s) => s.name === '.symtab');
    if (!symtab) throw new Error('no .symtab');
    const entry = symtab.offset + 4 * 24; // symbol 4: st_name is the first field of Elf64_Sym
    a.view.setUint32(entry, 0x00ffffff, true);
    expectUserError(
      () => readSymbols(readElf(a.bytes), 'symtab'),
      'ELF_BAD_FIELD',
      /^\.symtab entry 4$/,
      entry,
    );
  });

  it('rejects a note whose namesz or descsz runs past its section', () => {
    const a = load(OBJECT);
    const elf = readElf(a.bytes);
    const note = elf.sections.find((s) => s.name === '.note.ABI-tag');
    if (!note) throw new Error('no .note.ABI-tag');
    a.view.setUint32(note.offset + 4, 0x1000, true); // descsz of the first note
    expectUserError(
      () => readNotes(readElf(a.bytes)),
      'ELF_BAD_FIELD',
      /\.note\.ABI-tag note 0/,
      note.offset + 4,
    );
    const b = load(OBJECT);
    b.view.setUint32(note.offset, 0x1000, true); // namesz
    expectUserError(
      () => readNotes(readElf(b.bytes)),
      'ELF_BAD_FIELD',
      /\.note\.ABI-tag note 0/,
      note.offset,
    );
  });
});
