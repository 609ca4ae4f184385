/**
 * The ELF reader against GNU binutils run on the same files: system binaries and libraries of
 * three architectures (x86_64, aarch64, 32-bit ARM), big-endian s390x files, an object built here
 * with more than 65280 sections (extended numbering), and a copy of /bin/ls without section headers.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeRegionReport,
  readBuildId,
  readDynamic,
  readElf,
  readInterpreter,
  readNotes,
  readSymbols,
} from '../../builder/elf/read-elf.js';
import type { ElfFile, ElfSymbolTable } from '../../builder/elf/read-elf.js';
import {
  nmSymbols,
  prefetchBinutils,
  readelfDynamic,
  readelfHeader,
  readelfNotes,
  readelfSections,
  readelfSegments,
  readelfSymbols,
  runTool,
} from '../support/readelf-live.js';
import { check, checkTools, tool } from '../support/test-needs.js';

const binutils = checkTools('readelf', 'nm', 'as', 'gcc');
const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-elf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Files of other architectures, as the cross toolchains of scripts/test-packages.txt install them. */
const CROSS_FILES = [
  '/usr/aarch64-linux-gnu/lib/libc.so.6',
  '/usr/aarch64-linux-gnu/lib/crt1.o',
  '/usr/arm-linux-gnueabihf/lib/libc.so.6',
  '/usr/s390x-linux-gnu/lib/libc.so.6',
];
/** The compilers of the big-endian and 32-bit ARM objects built below. */
const CROSS_COMPILERS = ['s390x-linux-gnu-gcc', 'arm-linux-gnueabihf-gcc'];
/** Every file that is there: a machine without cross toolchains still checks the native ones. */
const SYSTEM_FILES = [
  '/bin/ls',
  '/usr/lib/x86_64-linux-gnu/libc.so.6',
  '/usr/lib/x86_64-linux-gnu/crt1.o',
  ...CROSS_FILES,
].filter((f) => existsSync(f));
/** Whether every architecture is covered (under CI=true a missing cross toolchain fails here). */
const cross = check(...[...CROSS_FILES, ...CROSS_COMPILERS].map(tool));

/** Files built in beforeAll; each entry says what it exercises. */
const built: { file: string; why: string }[] = [];

async function buildFiles(): Promise<void> {
  const src = path.join(work, 'f.c');
  writeFileSync(
    src,
    'int counter;\nstatic int hidden(int x) { return x + counter; }\nint f(int x) { return hidden(x) * 2; }\nconst char greeting[] = "hello";\n',
  );
  for (const [cc, flags, name, why] of [
    ['s390x-linux-gnu-gcc', ['-m31'], 'be32.o', 'ELF32 big endian (s390, 31-bit)'],
    ['s390x-linux-gnu-gcc', [], 'be64.o', 'ELF64 big endian (s390x)'],
    [
      'arm-linux-gnueabihf-gcc',
      ['-ffunction-sections'],
      'arm32.o',
      'ELF32 ARM relocatable with one section per function',
    ],
    ['gcc', ['-g'], 'x64-debug.o', 'ELF64 relocatable with DWARF sections'],
  ] as const) {
    if (cc !== 'gcc' && cross.skip) continue; // said by the 'covers every architecture' test
    const out = path.join(work, name);
    await run(cc, [...flags, '-O1', '-c', src, '-o', out]);
    built.push({ file: out, why });
  }
  // 65300 sections, each with a global symbol: e_shnum 0, e_shstrndx SHN_XINDEX, SHT_SYMTAB_SHNDX.
  const asm = path.join(work, 'many.s');
  const lines: string[] = [];
  for (let i = 0; i < 65300; i++)
    lines.push(
      `.section .t${i},"ax",@progbits`,
      `.globl f${i}`,
      `.type f${i},@function`,
      `f${i}:`,
      'ret',
      `.size f${i},.-f${i}`,
    );
  writeFileSync(asm, lines.join('\n') + '\n');
  await run('as', [asm, '-o', path.join(work, 'many.o')]);
  built.push({ file: path.join(work, 'many.o'), why: 'extended section numbering' });
  // /bin/ls with its section header table removed from the ELF header (e_shoff, e_shnum, e_shstrndx = 0).
  const ls = new Uint8Array(readFileSync('/bin/ls'));
  const view = new DataView(ls.buffer);
  view.setBigUint64(40, 0n, true);
  view.setUint16(60, 0, true);
  view.setUint16(62, 0, true);
  writeFileSync(path.join(work, 'ls-nosections'), ls);
  built.push({ file: path.join(work, 'ls-nosections'), why: 'no section headers' });
  await prefetchBinutils([...SYSTEM_FILES, ...built.map((b) => b.file)]);
}

/** readelf's flag letters for sh_flags, lowest bit first, as readelf prints them. */
function flagLetters(flags: number, machine: number): string {
  const letters: Record<number, string> = {
    0x1: 'W',
    0x2: 'A',
    0x4: 'X',
    0x10: 'M',
    0x20: 'S',
    0x40: 'I',
    0x80: 'L',
    0x100: 'O',
    0x200: 'G',
    0x400: 'T',
    0x800: 'C',
    0x200000: 'R',
    0x80000000: 'E',
  };
  if (machine === 62) letters[0x10000000] = 'l';
  if (machine === 40) letters[0x20000000] = 'y';
  let out = '';
  for (let bit = 1; bit <= 0x80000000; bit *= 2) {
    if (Math.floor(flags / bit) % 2 === 1)
      out += letters[bit] ?? (bit >= 0x10000000 ? 'p' : bit >= 0x100000 ? 'o' : 'x');
  }
  return out;
}

/** What nm prints for our symbol i: the same key for both sides. */
function symbolKey(t: ElfSymbolTable, i: number): string | undefined {
  const type = (t.info[i] as number) & 0xf;
  if (type === 3 || type === 4) return undefined; // STT_SECTION, STT_FILE: nm leaves them out
  const undefinedSym = t.shndx[i] === 0;
  const value = undefinedSym ? '-' : BigInt(t.value[i] as number).toString(16);
  const size = !undefinedSym && (t.size[i] as number) > 0 ? BigInt(t.size[i] as number).toString(16) : '-';
  return `${t.name(i)} ${value} ${size}`;
}

function checkElf(file: string): ElfFile {
  const elf = readElf(new Uint8Array(readFileSync(file)));
  const h = readelfHeader(file);
  expect(h['Class']).toBe(`ELF${elf.bits}`);
  expect(h['Data']).toContain(elf.littleEndian ? 'little endian' : 'big endian');
  expect(h['Type']?.split(' ')[0]?.toLowerCase()).toBe(elf.typeName);
  expect(BigInt(h['Entry point address'] as string)).toBe(BigInt(elf.entry));
  expect(Number(h['Start of program headers']?.split(' ')[0])).toBe(elf.phoff);
  expect(Number(h['Start of section headers']?.split(' ')[0])).toBe(elf.shoff);
  // Extended numbering prints "0 (70005)": the resolved count is in brackets.
  const count = (v: string | undefined): number => Number(/\((\d+)\)/.exec(v ?? '')?.[1] ?? v?.split(' ')[0]);
  expect(count(h['Number of section headers'])).toBe(elf.shnum);
  expect(count(h['Number of program headers'])).toBe(elf.phnum);
  if (elf.shnum > 0) expect(count(h['Section header string table index'])).toBe(elf.shstrndx);
  return elf;
}

describe.skipIf(binutils.skip)(binutils.title('ELF reader vs binutils'), () => {
  const files = (): string[] => [...SYSTEM_FILES, ...built.map((b) => b.file)];
  beforeAll(buildFiles, 600_000);

  it('finds the files it compares', () => {
    expect(SYSTEM_FILES.length).toBeGreaterThanOrEqual(3);
    expect(built.map((b) => path.basename(b.file))).toEqual(
      expect.arrayContaining(['x64-debug.o', 'many.o', 'ls-nosections']),
    );
  });

  it.skipIf(cross.skip)(cross.title('covers aarch64, 32-bit ARM and big-endian s390 files'), () => {
    expect(SYSTEM_FILES).toEqual(expect.arrayContaining(CROSS_FILES));
    expect(built.map((b) => path.basename(b.file))).toEqual(
      expect.arrayContaining(['be32.o', 'be64.o', 'arm32.o']),
    );
  });

  it('reads the ELF header as readelf -h does', () => {
    for (const f of files()) checkElf(f);
  });

  it('reads every section header as readelf -S does', () => {
    for (const f of files()) {
      const elf = readElf(new Uint8Array(readFileSync(f)));
      const truth = readelfSections(f);
      expect(truth.length, f).toBe(elf.shnum);
      for (const t of truth) {
        const s = elf.sections[t.index];
        expect(s, `${f} [${t.index}]`).toBeDefined();
        if (!s) continue;
        expect({
          f,
          name: s.name,
          type: s.typeName,
          address: BigInt(s.address),
          offset: s.offset,
          size: s.size,
          entsize: s.entsize,
          flags: flagLetters(s.flags, elf.machine),
          link: s.link,
          info: s.info,
          align: s.addralign,
        }).toEqual({
          f,
          name: t.name,
          type: t.type,
          address: t.address,
          offset: t.offset,
          size: t.size,
          entsize: t.entsize,
          flags: t.flags,
          link: t.link,
          info: t.info,
          align: t.align,
        });
      }
    }
  });

  it('reads every program header as readelf -l does', () => {
    for (const f of files()) {
      const elf = readElf(new Uint8Array(readFileSync(f)));
      const truth = readelfSegments(f);
      expect(
        elf.segments.map((s) => ({
          type: s.typeName,
          offset: s.offset,
          vaddr: BigInt(s.vaddr),
          filesz: s.filesz,
          memsz: s.memsz,
          flags: `${s.flags & 4 ? 'R' : ''}${s.flags & 2 ? 'W' : ''}${s.flags & 1 ? 'E' : ''}`,
          align: s.align,
        })),
        f,
      ).toEqual(truth);
    }
  });

  it('reads .symtab and .dynsym with the names, values and sizes nm prints', () => {
    let compared = 0;
    for (const f of files()) {
      const elf = readElf(new Uint8Array(readFileSync(f)));
      for (const kind of ['symtab', 'dynsym'] as const) {
        const table = readSymbols(elf, kind);
        if (!table) continue;
        const ours: string[] = [];
        for (let i = 1; i < table.count; i++) {
          const key = symbolKey(table, i);
          if (key !== undefined) ours.push(key);
        }
        const theirs = nmSymbols(f, kind === 'dynsym').map(
          (s) =>
            `${s.name} ${s.value === undefined ? '-' : s.value.toString(16)} ${s.size === undefined ? '-' : s.size.toString(16)}`,
        );
        expect(ours.sort(), `${f} ${kind}`).toEqual(theirs.sort());
        compared += ours.length;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it('resolves section indices (SHN_XINDEX included) and section offsets as readelf -s shows them', () => {
    for (const f of files().filter((x) => x.endsWith('.o'))) {
      const elf = readElf(new Uint8Array(readFileSync(f)));
      const table = readSymbols(elf, 'symtab');
      expect(table, f).toBeDefined();
      if (!table) continue;
      const truth = readelfSymbols(f, false);
      expect(truth.length).toBe(table.count);
      const special: Record<string, number> = { UND: 0, ABS: 0xfff1, COM: 0xfff2 };
      for (const t of truth) {
        expect({
          i: t.index,
          ndx: table.shndx[t.index],
          value: BigInt(table.value[t.index] as number),
          size: table.size[t.index],
        }).toEqual({ i: t.index, ndx: special[t.ndx] ?? Number(t.ndx), value: t.value, size: t.size });
        if (elf.typeName === 'rel' && t.ndx !== 'UND' && t.ndx !== 'ABS' && t.ndx !== 'COM')
          expect(table.sectionOffset[t.index]).toBe(table.value[t.index]);
      }
    }
  });

  it('accounts for every byte: regions add up to the file size, in order, without overlap', () => {
    for (const f of files()) {
      const elf = readElf(new Uint8Array(readFileSync(f)));
      const { regions, diagnostics } = computeRegionReport(elf);
      expect(diagnostics, f).toEqual([]);
      expect(
        regions.reduce((n, r) => n + r.fileSize, 0),
        f,
      ).toBe(elf.fileSize);
      let end = 0;
      for (const r of regions.filter((x) => x.fileSize > 0)) {
        expect(r.offset, `${f} ${r.name}`).toBe(end);
        end = r.offset + r.fileSize;
      }
      // Each section readelf lists with file bytes is one region of exactly its size.
      const bySection = new Map(
        regions.filter((r) => r.sectionIndex !== undefined).map((r) => [r.sectionIndex, r]),
      );
      for (const t of readelfSections(f).filter(
        (s) => s.type !== 'NOBITS' && s.type !== 'NULL' && s.size > 0,
      )) {
        const r = bySection.get(t.index);
        expect({ offset: r?.offset, fileSize: r?.fileSize }, `${f} ${t.name}`).toEqual({
          offset: t.offset,
          fileSize: t.size,
        });
      }
      for (const t of readelfSections(f).filter(
        (s) => s.type === 'NOBITS' && s.size > 0 && s.flags.includes('A') && !s.flags.includes('T'),
      )) {
        expect(bySection.get(t.index)?.memSize, `${f} ${t.name}`).toBe(t.size);
      }
    }
  });

  it('reads DT_NEEDED, DT_SONAME, DT_RUNPATH and DT_RPATH as readelf -d does', () => {
    for (const f of files()) {
      const elf = readElf(new Uint8Array(readFileSync(f)));
      expect(readDynamic(elf), f).toEqual(readelfDynamic(f));
    }
  });

  it('reads notes, the build-id and the interpreter as readelf -n and -l do', () => {
    for (const f of files()) {
      const elf = readElf(new Uint8Array(readFileSync(f)));
      const truth = readelfNotes(f);
      const notes = readNotes(elf);
      expect(
        notes.map((n) => ({ owner: n.owner, size: n.desc.byteLength, section: n.section })),
        f,
      ).toEqual(truth.map((n) => ({ owner: n.owner, size: n.dataSize, section: n.section })));
      const buildId = truth
        .flatMap((n) => n.details)
        .concat(truth.map((n) => n.description))
        .map((d) => /Build ID: ([0-9a-f]+)/.exec(d)?.[1])
        .find((x) => x);
      expect(readBuildId(elf), f).toBe(buildId);
      const interp = /\[Requesting program interpreter: (.*)\]/.exec(runTool('readelf', ['-lW', f]))?.[1];
      expect(readInterpreter(elf), f).toBe(interp);
    }
  });
});
