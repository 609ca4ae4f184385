/**
 * readDwarfUnits on programs gcc, gas and ocamlopt build in the test, DWARF 2 to 5, 32- and 64-bit
 * DWARF, ELF32 and ELF64, split DWARF; readelf's view of the same files is the truth.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { readDwarfUnits, type DwarfSections } from '../../builder/dwarf/read-dwarf-units.js';
import { isElf } from '../../builder/elf/elf-magic.js';
import { dumpDwarfSections, normaliseRanges, readelfAranges, readelfUnits } from './dwarf-truth.js';
import { builtFile, check, checkTools, external, tool } from '../support/test-needs.js';

const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const SOURCES: Record<string, string> = {
  'a1.c':
    'int helper_a(int x) { return x * 3 + 1; }\n__attribute__((section(".text.unlikely.helper_a2"))) int helper_a2(int x) { return x - 7; }\n',
  'a2.c': 'static int tbl[100] = {1, 2, 3};\nint helper_b(int x) { return tbl[x % 100] + x; }\n',
  'main.c':
    'int helper_a(int); int helper_a2(int); int helper_b(int); int asm_fn(void);\nint main(int argc, char **argv) { (void)argv; return helper_a(argc) + helper_a2(argc) + helper_b(argc) + asm_fn(); }\n',
  'asm.s':
    '\t.text\n\t.globl asm_fn\n\t.type asm_fn, @function\nasm_fn:\n\txorl %eax, %eax\n\tret\n\t.size asm_fn, .-asm_fn\n\t.section .note.GNU-stack,"",@progbits\n',
};
/** The source file that defines each function (from SOURCES above). */
const DEFINED_IN: Record<string, string> = {
  helper_a: 'a1.c',
  helper_a2: 'a1.c',
  helper_b: 'a2.c',
  main: 'main.c',
  asm_fn: 'asm.s',
};

/** Builds one program: a1.c with -ffunction-sections (so its unit has DW_AT_ranges), the others without. */
function build(dir: string, name: string, flags: string[], link: string[] = []): string {
  const objects = Object.keys(SOURCES).map((src) => {
    const out = `${name}-${src}.o`;
    run(
      'gcc',
      [...flags, '-O1', ...(src === 'a1.c' ? ['-ffunction-sections'] : []), '-c', src, '-o', out],
      dir,
    );
    return out;
  });
  run('gcc', [...flags, ...link, ...objects, '-o', name], dir);
  return path.join(dir, name);
}

/** Function symbols with sizes, per `nm -S`. */
function functionSymbols(file: string): { name: string; low: number; high: number }[] {
  const out: { name: string; low: number; high: number }[] = [];
  for (const line of execFileSync('nm', ['-S', file], { encoding: 'utf8' }).split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) [Tt] (\S+)$/.exec(line);
    if (m?.[3])
      out.push({
        name: m[3],
        low: parseInt(m[1] ?? '', 16),
        high: parseInt(m[1] ?? '', 16) + parseInt(m[2] ?? '', 16),
      });
  }
  return out;
}

/** readelf's labels for the DW_LANG codes these builds use, and the names readDwarfUnits gives them. */
const LANGUAGE_LABELS: Record<string, string> = {
  C11: 'C11',
  'ANSI C99': 'C99',
  'ANSI C': 'C89',
  'MIPS assembler': 'Mips_Assembler',
};

function expectUnitsMatchReadelf(file: string, sections: DwarfSections): void {
  const { units, diagnostics } = readDwarfUnits(sections);
  expect(diagnostics).toEqual([]);
  const truth = readelfUnits(file).filter((u) =>
    ['DW_TAG_compile_unit', 'DW_TAG_partial_unit', 'DW_TAG_skeleton_unit'].includes(u.tag),
  );
  expect(units.map((u) => u.offset)).toEqual(truth.map((u) => u.offset));
  const aranges = readelfAranges(file);
  for (const [i, t] of truth.entries()) {
    const u = units[i];
    const stated = Object.entries({
      compDir: t.compDir,
      producer: t.producer,
      language: t.language,
      dwoName: t.dwoName,
    }).filter(([, v]) => v !== undefined);
    expect(u).toMatchObject({ version: t.version, name: t.name ?? '', ...Object.fromEntries(stated) });
    for (const key of ['compDir', 'producer', 'language', 'dwoName'] as const)
      if (t[key] === undefined) expect(u?.[key]).toBeUndefined();
    if (t.languageLabel && LANGUAGE_LABELS[t.languageLabel])
      expect(u?.languageName).toBe(LANGUAGE_LABELS[t.languageLabel]);
    const own =
      t.lowPc !== undefined && t.highPc !== undefined
        ? [{ low: t.lowPc, high: t.highPc < t.lowPc ? t.lowPc + t.highPc : t.highPc }]
        : [];
    expect({ unit: t.name, ranges: u?.ranges }).toEqual({
      unit: t.name,
      ranges: normaliseRanges([...(aranges.get(t.offset) ?? []), ...own]),
    });
  }
}

/** Without `.debug_aranges`, DW_AT_ranges and low/high pc alone must give the ranges aranges states. */
function expectOwnRangesMatchAranges(file: string, sections: DwarfSections): void {
  const { units } = readDwarfUnits({ ...sections, aranges: undefined });
  const aranges = readelfAranges(file);
  expect(aranges.size).toBeGreaterThan(0);
  for (const u of units)
    if (aranges.has(u.offset))
      expect({ unit: u.name, ranges: u.ranges }).toEqual({
        unit: u.name,
        ranges: normaliseRanges(aranges.get(u.offset) ?? []),
      });
  // a1.c is built with -ffunction-sections and one function that ld places apart, so its unit has DW_AT_ranges.
  expect(
    readelfUnits(file).find((u) => u.name === 'a1.c' || u.dwoName?.endsWith('a1.c.dwo'))?.hasRanges,
  ).toBe(true);
}

/** Each function lies in a range of the unit built from the source that defines it. */
function expectFunctionsInTheirUnits(file: string, sections: DwarfSections): void {
  const { units } = readDwarfUnits(sections);
  const fns = functionSymbols(file).filter((f) => DEFINED_IN[f.name]);
  expect(fns.map((f) => f.name).sort()).toEqual(Object.keys(DEFINED_IN).sort());
  for (const f of fns) {
    const owner = units.find((u) => u.ranges.some((r) => r.low <= f.low && f.high <= r.high));
    const name = owner?.name || owner?.dwoName?.replace(/^.*-(\w+\.[cs])\.dwo$/, '$1');
    expect({ fn: f.name, unit: name && path.basename(name) }).toEqual({
      fn: f.name,
      unit: DEFINED_IN[f.name],
    });
  }
}

const VARIANTS: { name: string; flags: string[]; link?: string[]; m32?: boolean }[] = [
  { name: 'dwarf2', flags: ['-g', '-gdwarf-2'] },
  { name: 'dwarf3', flags: ['-g', '-gdwarf-3'] },
  { name: 'dwarf4', flags: ['-g', '-gdwarf-4'] },
  { name: 'dwarf5', flags: ['-g', '-gdwarf-5'] },
  { name: 'dwarf4-64', flags: ['-g', '-gdwarf-4', '-gdwarf64'] },
  { name: 'dwarf5-64', flags: ['-g', '-gdwarf-5', '-gdwarf64'] },
  { name: 'dwarf5-split', flags: ['-g', '-gdwarf-5', '-gsplit-dwarf'] },
  { name: 'dwarf4-split', flags: ['-g', '-gdwarf-4', '-gsplit-dwarf'] },
  {
    name: 'elf32-dwarf4',
    flags: ['-m32', '-g', '-gdwarf-4'],
    link: ['-nostdlib', '-static', '-Wl,-e,main'],
    m32: true,
  },
  {
    name: 'elf32-dwarf5',
    flags: ['-m32', '-g', '-gdwarf-5'],
    link: ['-nostdlib', '-static', '-Wl,-e,main'],
    m32: true,
  },
];

function canBuild32(dir: string): boolean {
  try {
    run('gcc', ['-m32', '-c', '-x', 'c', '-', '-o', 'probe32.o'], dir);
    return true;
  } catch {
    return false;
  }
}

const gccTools = checkTools('gcc', 'objcopy', 'readelf', 'nm');
describe.skipIf(gccTools.skip)(gccTools.title('readDwarfUnits on gcc-built programs'), () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dwarf-'));
  const built = new Map<string, { file: string; sections: DwarfSections }>();
  /** Whether this gcc builds 32-bit x86 objects (x86_64 Debian's does; other hosts may not). */
  let m32 = check();
  /** The build of one variant, or a skip (with the reason) when this gcc cannot make it. */
  const builtOrSkip = (name: string, ctx: { skip(note?: string): never }) => {
    const b = built.get(name);
    if (b) return b;
    if (VARIANTS.find((v) => v.name === name)?.m32 && m32.skip) return ctx.skip(m32.reason);
    throw new Error(`${name} was not built`);
  };
  beforeAll(() => {
    for (const [name, text] of Object.entries(SOURCES)) writeFileSync(path.join(dir, name), text);
    m32 = check(external(canBuild32(dir), 'gcc -m32 cannot build 32-bit x86 objects on this host'));
    for (const v of VARIANTS) {
      if (v.m32 && m32.skip) continue;
      const file = build(dir, v.name, v.flags, v.link);
      built.set(v.name, { file, sections: dumpDwarfSections(file) });
    }
  });

  it.for(VARIANTS.map((v) => v.name))(
    '%s: units, names, languages and ranges as readelf shows them',
    (name, ctx) => {
      const b = builtOrSkip(name, ctx);
      expectUnitsMatchReadelf(b.file, b.sections);
    },
  );

  it.for(VARIANTS.map((v) => v.name))(
    '%s: DW_AT_ranges / low-high pc alone give the .debug_aranges ranges',
    (name, ctx) => {
      const b = builtOrSkip(name, ctx);
      expectOwnRangesMatchAranges(b.file, b.sections);
    },
  );

  it.for(VARIANTS.map((v) => v.name))('%s: every function lies in its own unit', (name, ctx) => {
    const b = builtOrSkip(name, ctx);
    expectFunctionsInTheirUnits(b.file, b.sections);
  });

  it('a unit whose abbreviation offset is corrupt becomes a diagnostic; the others are kept', () => {
    const b = built.get('dwarf4');
    if (!b?.sections.info) throw new Error('dwarf4 build missing');
    const truth = readelfUnits(b.file);
    const second = truth[1]?.offset ?? 0;
    const info = b.sections.info.slice();
    new DataView(info.buffer).setUint32(second + 6, 0x7fffffff, true); // DWARF 4: abbrev offset after length and version
    const { units, diagnostics } = readDwarfUnits({ ...b.sections, info });
    expect(units.map((u) => u.offset)).toEqual(truth.filter((u) => u.offset !== second).map((u) => u.offset));
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'dwarf-unit-bad', at: `.debug_info unit at 0x${second.toString(16)}` }),
    ]);
  });

  it('a cut .debug_info keeps the units before the cut', () => {
    const b = built.get('dwarf5');
    if (!b?.sections.info) throw new Error('dwarf5 build missing');
    const truth = readelfUnits(b.file);
    const last = truth[truth.length - 1]?.offset ?? 0;
    const { units, diagnostics } = readDwarfUnits({
      ...b.sections,
      info: b.sections.info.subarray(0, last + 20),
    });
    expect(units.map((u) => u.offset)).toEqual(truth.slice(0, -1).map((u) => u.offset));
    expect(diagnostics[0]?.at).toBe(`.debug_info unit at 0x${last.toString(16)}`);
  });

  it.each([
    [
      'a unit length past the end',
      (info: Uint8Array) => new DataView(info.buffer).setUint32(0, 0x7ffffff0, true),
    ],
    ['an unsupported version', (info: Uint8Array) => new DataView(info.buffer).setUint16(4, 9, true)],
  ])('DWARF with no readable unit → DWARF_BAD naming the unit (%s)', (_what, corrupt) => {
    const b = built.get('dwarf4');
    if (!b?.sections.info) throw new Error('dwarf4 build missing');
    const info = b.sections.info.slice(0, readelfUnits(b.file)[1]?.offset);
    corrupt(info);
    let error: unknown;
    try {
      readDwarfUnits({ ...b.sections, info });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('DWARF_BAD');
    expect((error as UserError).inFile('prog').message).toMatch(/^prog: .*\.debug_info unit at 0x0/);
  });

  it('a corrupt .debug_aranges is reported and the units keep their own ranges', () => {
    const b = built.get('dwarf4');
    if (!b?.sections.aranges) throw new Error('dwarf4 build missing');
    const aranges = b.sections.aranges.slice();
    new DataView(aranges.buffer).setUint32(0, 0x7ffffff0, true);
    const { units, diagnostics } = readDwarfUnits({ ...b.sections, aranges });
    expect(diagnostics.map((d) => d.code)).toEqual(['dwarf-aranges-bad']);
    expect(units.find((u) => u.name === 'a2.c')?.ranges.length).toBe(1);
  });

  it('no .debug_info: no units; .debug_info without .debug_abbrev: DWARF_BAD', () => {
    expect(readDwarfUnits({ littleEndian: true, addressSize: 8 })).toEqual({ units: [], diagnostics: [] });
    const b = built.get('dwarf4');
    expect(() =>
      readDwarfUnits({ ...b?.sections, littleEndian: true, addressSize: 8, abbrev: undefined }),
    ).toThrow(/DWARF_BAD/);
  });
});

const ocamlTools = checkTools('ocamlfind', 'ocamlopt', 'objcopy', 'readelf');
describe.skipIf(ocamlTools.skip)(
  ocamlTools.title('readDwarfUnits on an OCaml program built with -g (units from Debian’s stdlib.a and lwt)'),
  () => {
    let file = '';
    beforeAll(() => {
      const dir = mkdtempSync(path.join(tmpdir(), 'dwarf-ml-'));
      writeFileSync(
        path.join(dir, 'hello.ml'),
        'let () = Lwt_main.run (Lwt_io.printl (String.concat " " (List.map string_of_int [1; 2])))\n',
      );
      run(
        'ocamlfind',
        ['ocamlopt', '-g', '-thread', '-package', 'lwt.unix', '-linkpkg', 'hello.ml', '-o', 'hello'],
        dir,
      );
      file = path.join(dir, 'hello');
    });

    it('reads every unit as readelf does, OCaml units as assembler units named after their .ml', () => {
      const sections = dumpDwarfSections(file);
      expectUnitsMatchReadelf(file, sections);
      const { units } = readDwarfUnits(sections);
      expect(units.find((u) => u.name === 'hello.ml')?.languageName).toBe('Mips_Assembler');
      expect(units.some((u) => u.name.endsWith('list.ml'))).toBe(true);
    });
  },
);

const fixtureDir = path.resolve(import.meta.dirname, '../../fixtures/images/build/ocaml-https');
/** ELF files of the fixture that carry DWARF (the magic and a .debug_info name in the file). */
const fixtureElves = existsSync(fixtureDir)
  ? readdirSync(fixtureDir).filter((f) => {
      const bytes = readFileSync(path.join(fixtureDir, f));
      return isElf(bytes) && bytes.includes('.debug_info');
    })
  : [];

const fixtureNeeds = check(
  builtFile(path.join(fixtureDir, 'ocaml-https'), 'bash fixtures/build.sh --if-missing'),
  ...['objcopy', 'readelf'].map(tool),
);
describe.skipIf(fixtureNeeds.skip)(fixtureNeeds.title('readDwarfUnits on the ocaml-https fixture'), () => {
  it('finds the fixture ELF files that carry DWARF', () => {
    expect(fixtureElves).toEqual(expect.arrayContaining(['ocaml-https']));
  });

  it.each(fixtureElves)('%s: every unit as readelf shows it', (name) => {
    const file = path.join(fixtureDir, name);
    expectUnitsMatchReadelf(file, dumpDwarfSections(file));
  });
});
