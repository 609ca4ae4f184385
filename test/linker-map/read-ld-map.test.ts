/**
 * readLdMap against maps GNU ld writes here and now, checked with binutils run on the linked binary:
 * `readelf -SW` for output sections, `nm -S` for symbol addresses, `ar t` for archive members.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { readLdMap, type LinkerMap } from '../../builder/linker-map/read-ld-map.js';
import { builtFixture, check, checkTools } from '../support/test-needs.js';

const run = (cmd: string, args: string[], cwd?: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });

/** Output sections from `readelf -SW`: name → address and size. */
function readelfSections(file: string): Map<string, { address: number; size: number; alloc: boolean }> {
  const out = new Map<string, { address: number; size: number; alloc: boolean }>();
  for (const line of run('readelf', ['-SW', file]).split('\n')) {
    const m = /^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+(\S*)/.exec(
      line,
    );
    if (m?.[1])
      out.set(m[1], {
        address: parseInt(m[2] ?? '', 16),
        size: parseInt(m[3] ?? '', 16),
        alloc: (m[4] ?? '').includes('A'),
      });
  }
  return out;
}

/** Defined symbols from `nm -S` (with size when nm knows it). */
function nmSymbols(file: string): Map<string, { address: number; size?: number; type: string }> {
  const out = new Map<string, { address: number; size?: number; type: string }>();
  for (const line of run('nm', ['-S', file]).split('\n')) {
    const m = /^([0-9a-f]+)(?: ([0-9a-f]+))? (\S) (\S+)$/.exec(line);
    if (m?.[4])
      out.set(m[4], {
        address: parseInt(m[1] ?? '', 16),
        size: m[2] ? parseInt(m[2], 16) : undefined,
        type: m[3] ?? '',
      });
  }
  return out;
}

/** `nm` of an archive: member → names of the functions it defines. */
function archiveFunctions(archive: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let member = '';
  for (const line of run('nm', [archive]).split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head?.[1]) member = head[1];
    const m = /^[0-9a-f]+ [Tt] (\S+)$/.exec(line);
    if (m?.[1]) out.set(member, [...(out.get(member) ?? []), m[1]]);
  }
  return out;
}

/** (a) inputs + fills of an output section add up to its size in the section headers. */
function expectSectionSums(map: LinkerMap, binary: string, names: string[]): void {
  const headers = readelfSections(binary);
  for (const name of names) {
    const inputs = map.inputs.filter((i) => i.section === name).reduce((n, i) => n + i.size, 0);
    const fills = map.fills.filter((f) => f.section === name).reduce((n, f) => n + f.size, 0);
    expect({ name, bytes: inputs + fills }).toEqual({ name, bytes: headers.get(name)?.size });
  }
}

/** Output sections the map states agree with `readelf -SW` for every allocated section. */
function expectOutputSections(map: LinkerMap, binary: string): void {
  const headers = readelfSections(binary);
  let compared = 0;
  for (const [name, h] of headers) {
    if (!h.alloc || h.size === 0) continue;
    const stated = map.outputSections.find((s) => s.name === name);
    expect({ name, address: stated?.address, size: stated?.size }).toEqual({
      name,
      address: h.address,
      size: h.size,
    });
    compared++;
  }
  expect(compared).toBeGreaterThan(10);
}

const cTools = checkTools('gcc', 'ar', 'nm', 'readelf');
describe.skipIf(cTools.skip)(cTools.title('readLdMap on a C program linked from two archives'), () => {
  let dir = '';
  let map: LinkerMap;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ldmap-'));
    const sources: Record<string, string> = {
      'a1.c':
        'int common_var;\nint helper_a(int x) { return x * 3 + 1; }\nint helper_a2(int x) { return x - 7; }\n',
      'a2.c': 'static int tbl[100] = {1, 2, 3};\nint helper_b(int x) { return tbl[x % 100] + x; }\n',
      'b1.c':
        '#include <string.h>\nint helper_with_a_rather_long_name_c(const char *s) { return (int)strlen(s); }\n',
      'main.c':
        '#include <stdio.h>\nint helper_a(int); int helper_a2(int); int helper_b(int); int helper_with_a_rather_long_name_c(const char *);\n' +
        'int main(int argc, char **argv) { printf("%d\\n", helper_a(argc) + helper_a2(argc) + helper_b(argc) + helper_with_a_rather_long_name_c(argv[0])); return 0; }\n',
    };
    for (const [name, text] of Object.entries(sources)) writeFileSync(path.join(dir, name), text);
    run('gcc', ['-O1', '-fcommon', '-ffunction-sections', '-c', 'a1.c', 'a2.c', 'b1.c', 'main.c'], dir);
    run('ar', ['rcs', 'liba.a', 'a1.o', 'a2.o'], dir);
    run('ar', ['rcs', 'libb.a', 'b1.o'], dir);
    run('gcc', ['-o', 'prog', 'main.o', '-L.', '-la', '-lb', '-Wl,-Map=prog.map'], dir);
    map = readLdMap(readFileSync(path.join(dir, 'prog.map'), 'utf8'));
  });

  it('(a) accounts for every byte of .text, .data, .bss, .init, .fini', () => {
    expectSectionSums(map, path.join(dir, 'prog'), ['.text', '.data', '.bss', '.init', '.fini', '.rodata']);
  });

  it('states output sections as readelf sees them', () => {
    expectOutputSections(map, path.join(dir, 'prog'));
  });

  it('(b) puts each archive member function inside an input section of that member', () => {
    const symbols = nmSymbols(path.join(dir, 'prog'));
    let checked = 0;
    for (const archive of ['liba.a', 'libb.a']) {
      for (const [member, functions] of archiveFunctions(path.join(dir, archive))) {
        for (const fn of functions) {
          const sym = symbols.get(fn);
          expect(sym, fn).toBeDefined();
          if (!sym) continue;
          const input = map.inputs.find(
            (i) =>
              i.section === '.text' &&
              i.address <= sym.address &&
              sym.address + (sym.size ?? 1) <= i.address + i.size &&
              i.size > 0,
          );
          expect({ fn, archive: input?.archive, object: input?.object }).toEqual({
            fn,
            archive: `./${archive}`,
            object: member,
          });
          checked++;
        }
      }
    }
    expect(checked).toBe(4);
  });

  it('lists the archive members ld pulled in, as `ar t` names them', () => {
    for (const archive of ['liba.a', 'libb.a']) {
      const members = run('ar', ['t', path.join(dir, archive)])
        .trim()
        .split('\n');
      const pulled = map.archiveMembers.filter((m) => m.archive === `./${archive}`).map((m) => m.member);
      expect(pulled.sort()).toEqual(members.sort());
    }
    const b1 = map.archiveMembers.find((m) => m.member === 'b1.o');
    expect(b1).toMatchObject({ neededBy: 'main.o', symbol: 'helper_with_a_rather_long_name_c' });
  });

  it('keeps symbols of input sections at the addresses nm reports, LOAD lines, COMMON and discarded sections', () => {
    const symbols = nmSymbols(path.join(dir, 'prog'));
    const listed = map.inputs.flatMap((i) => i.symbols);
    expect(listed.length).toBeGreaterThan(5);
    for (const s of listed) {
      const plain = s.name.replace(/@.*$/, '');
      if (symbols.has(plain))
        expect({ name: s.name, address: s.address }).toEqual({
          name: s.name,
          address: symbols.get(plain)?.address,
        });
    }
    expect(map.loadedFiles).toContain('main.o');
    expect(map.loadedFiles).toContain('./liba.a');
    const common = map.inputs.find((i) => i.inputSection === 'COMMON');
    expect(common?.symbols.map((s) => s.name)).toContain('common_var');
    expect(common?.address).toBe(symbols.get('common_var')?.address);
    expect(map.discarded).toBeGreaterThan(0);
  });
});

const ocamlTools = checkTools('ocamlfind', 'ocamlopt', 'gcc', 'nm', 'readelf');
describe.skipIf(ocamlTools.skip)(
  ocamlTools.title('readLdMap on an OCaml program linked with lwt.unix'),
  () => {
    let dir = '';
    let map: LinkerMap;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'ldmap-ml-'));
      writeFileSync(path.join(dir, 'hello.ml'), 'let () = Lwt_main.run (Lwt_io.printl "hello")\n');
      run(
        'ocamlfind',
        [
          'ocamlopt',
          '-g',
          '-thread',
          '-package',
          'lwt.unix',
          '-linkpkg',
          'hello.ml',
          '-o',
          'hello',
          '-ccopt',
          '-Wl,-Map=hello.map',
        ],
        dir,
      );
      map = readLdMap(readFileSync(path.join(dir, 'hello.map'), 'utf8'));
    });

    it('accounts for every byte of .text and .data, and agrees with readelf on output sections', () => {
      expectSectionSums(map, path.join(dir, 'hello'), ['.text', '.data', '.bss']);
      expectOutputSections(map, path.join(dir, 'hello'));
    });

    it('names archive members that `ar t` lists, and symbols at the addresses nm reports', () => {
      const archives = new Set(map.inputs.flatMap((i) => (i.archive ? [i.archive] : [])));
      expect(archives.size).toBeGreaterThan(5);
      for (const archive of archives) {
        const members = new Set(run('ar', ['t', archive]).trim().split('\n'));
        for (const input of map.inputs.filter((i) => i.archive === archive))
          expect(members.has(input.object), `${archive}(${input.object})`).toBe(true);
      }
      const symbols = nmSymbols(path.join(dir, 'hello'));
      const listed = map.inputs.flatMap((i) => i.symbols).filter((s) => symbols.has(s.name));
      expect(listed.length).toBeGreaterThan(1000);
      for (const s of listed) expect(s.address, s.name).toBe(symbols.get(s.name)?.address);
      const lwtMain = map.inputs.find((i) => i.symbols.some((s) => s.name === 'camlLwt_main__code_begin'));
      expect(lwtMain?.object).toBe('lwt_main.o');
    });
  },
);

const fixtureDir = path.resolve(import.meta.dirname, '../../fixtures/images/build/ocaml-https');
const fixtureMaps = existsSync(fixtureDir) ? readdirSync(fixtureDir).filter((f) => f.endsWith('.map')) : [];

const fixture = check(builtFixture(path.join(fixtureDir, 'ocaml-https.map')));
describe.skipIf(fixture.skip)(fixture.title('readLdMap on the ocaml-https fixture map'), () => {
  it('finds the map', () => expect(fixtureMaps).toContain('ocaml-https.map'));

  it.each(fixtureMaps)('%s: inputs and fills add up to each output section the map states', (name) => {
    const map = readLdMap(readFileSync(path.join(fixtureDir, name), 'utf8'));
    const text = map.outputSections.find((s) => s.name === '.text');
    expect(text).toBeDefined();
    const sum =
      map.inputs.filter((i) => i.section === '.text').reduce((n, i) => n + i.size, 0) +
      map.fills.filter((f) => f.section === '.text').reduce((n, f) => n + f.size, 0);
    expect(sum).toBe(text?.size);
    const binary = path.join(fixtureDir, name.replace(/\.map$/, ''));
    if (existsSync(binary)) expectSectionSums(map, binary, ['.text', '.data']);
  });
});

describe('readLdMap on text that is not a GNU ld map', () => {
  it.each([
    ['an empty file', '', 1],
    ['a C source', '\n#include <stdio.h>\nint main(void) { return 0; }\n', 2],
    [
      'an lld map',
      '             VMA              LMA     Size Align Out     In      Symbol\n          200238           200238       15     1 .interp\n',
      1,
    ],
  ])('%s → MAP_BAD with the line', (_what, text, line) => {
    let error: unknown;
    try {
      readLdMap(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const u = error as UserError;
    expect(u.code).toBe('MAP_BAD');
    expect(u.location.line).toBe(line);
    expect(u.inFile('x.map').message).toMatch(new RegExp(`^x\\.map: .*line ${line}`));
  });
});
