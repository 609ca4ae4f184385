/**
 * Real OCaml 5.2 unikernels built through ocaml-solo5 for five Solo5 targets (`../shared/data/unikernels`):
 * every library's `.text`, as the data's per-library truth gives it, goes to the package it comes
 * from. The truth (`objects.tsv`, `objects-members.tsv`, `readelf -S`) was worked out independently
 * of tcbscope; tcbscope's own output only says which unit holds which bytes.
 */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import {
  inspectUnikernel,
  mapLabelOf,
  textByLibraryWithoutMap,
  textBytesByUnit,
  unnamedCodeBytes,
} from './inspect-unikernels.js';
import {
  codeBytes,
  HAVE_UNIKERNELS,
  libraryOfMember,
  TARGETS,
  textByLibrary,
  UNIKERNELS,
} from './unikernel-data.js';

/** The package each library group of the truth comes from (linker fill belongs to no library). */
function expectedPackage(library: string, target: string): string | undefined {
  if (library === 'linker-fill') return undefined;
  if (/^ocaml-(stdlib|runtime|startup) /.test(library)) return 'ocaml';
  if (/^(nolibc|openlibm) /.test(library)) return 'ocaml-solo5';
  if (library.startsWith('solo5-bindings ')) return 'solo5';
  if (library.startsWith('program-')) return `kv.${target}`;
  throw new Error(`library group ${library} is new: say which package it comes from`);
}

/** `.text` bytes per truth library and tcbscope package, joined through the map input each unit names. */
function textByLibraryAndPackage(manifest: Manifest, target: string): Map<string, Map<string, number>> {
  const libraries = libraryOfMember(target);
  const out = new Map<string, Map<string, number>>();
  for (const [index, bytes] of textBytesByUnit(manifest)) {
    const unit = manifest.attribution.units[index] as Manifest['attribution']['units'][number];
    const label = mapLabelOf(unit);
    const library =
      label === '*fill*' ? 'linker-fill' : label !== undefined ? libraries.get(label) : undefined;
    const key = library ?? `[no map input: ${unit.name}]`;
    const perPackage = out.get(key) ?? new Map<string, number>();
    perPackage.set(unit.package, (perPackage.get(unit.package) ?? 0) + bytes);
    out.set(key, perPackage);
  }
  return out;
}

function packageCode(manifest: Manifest, name: string): number {
  return manifest.attribution.packages.find((p) => p.name === name)?.codeSize ?? 0;
}

const title = HAVE_UNIKERNELS
  ? 'OCaml-on-Solo5 unikernels (truth: objects.tsv from the GNU ld map, readelf -S)'
  : `OCaml-on-Solo5 unikernels (SKIPPED: ${UNIKERNELS} is absent)`;

describe.skipIf(!HAVE_UNIKERNELS)(title, () => {
  describe.each(TARGETS)('kv.%s with its map', (target) => {
    it("gives each library's .text, at least 99%, to the package it comes from", () => {
      const manifest = inspectUnikernel(target, { map: true });
      const measured = textByLibraryAndPackage(manifest, target);
      for (const [library, truth] of textByLibrary(target)) {
        const pkg = expectedPackage(library, target);
        if (pkg === undefined) continue;
        const perPackage = measured.get(library) ?? new Map<string, number>();
        const total = [...perPackage.values()].reduce((a, b) => a + b, 0);
        expect(total, `${library}: bytes tcbscope gives its units`).toBe(truth);
        expect(perPackage.get(pkg) ?? 0, `${library} → ${pkg}`).toBeGreaterThanOrEqual(0.99 * truth);
      }
      expect([...measured.keys()].filter((k) => k.startsWith('[no map input'))).toEqual([]);
    });

    it('puts the program, the bindings, nolibc and the standard library in four different packages', () => {
      const measured = textByLibraryAndPackage(inspectUnikernel(target, { map: true }), target);
      const top = (library: string): string => {
        const perPackage = [...(measured.get(library) ?? new Map<string, number>())];
        return perPackage.sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
      };
      const packages = [
        top('program-ocaml (store.o command.o stats.o kv_main.o)'),
        top(`solo5-bindings (solo5_${target}.o)`),
        top('nolibc (libnolibc.a)'),
        top('ocaml-stdlib (stdlib.a)'),
      ];
      expect(new Set(packages).size, packages.join(', ')).toBe(4);
      for (const p of packages) expect(p).not.toMatch(/^(\[|unknown$)/);
    });

    it('leaves under 1% of the code unknown or unattributed', () => {
      const manifest = inspectUnikernel(target, { map: true });
      expect(unnamedCodeBytes(manifest)).toBeLessThan(0.01 * codeBytes(target));
    });

    it('makes one unit of each compilation unit: map member, DWARF unit and markers', () => {
      const { units } = inspectUnikernel(target, { map: true }).attribution;
      const byLabel = new Map<string, string[]>();
      for (const u of units) {
        const label = mapLabelOf(u);
        if (label === undefined || label === '*fill*') continue;
        byLabel.set(label, [...(byLabel.get(label) ?? []), u.name]);
      }
      expect([...byLabel].filter(([, names]) => names.length > 1)).toEqual([]);
      const format = units.find((u) => mapLabelOf(u) === 'stdlib.a(camlinternalFormat.o)');
      expect(format).toMatchObject({ name: 'CamlinternalFormat', package: 'ocaml', language: 'OCaml' });
      expect(format?.evidenceDetail).toMatch(
        /DWARF camlinternalFormat\.ml in \S+\/stdlib, OCaml unit CamlinternalFormat/,
      );
      expect(units.filter((u) => /camlinternalFormat/i.test(u.name)).map((u) => u.name)).toEqual([
        'CamlinternalFormat',
        'CamlinternalFormatBasics',
      ]);
    });
  });

  describe.each(TARGETS)('kv.%s without its map (DWARF, symbols and names only)', (target) => {
    const truth = (): Map<string, number> => textByLibrary(target);
    const sum = (pred: (library: string) => boolean): number =>
      [...truth()].filter(([l]) => pred(l)).reduce((a, [, b]) => a + b, 0);

    it('names the OCaml distribution and the Solo5 bindings from DWARF and symbols, and claims no more', () => {
      const manifest = inspectUnikernel(target, { map: false });
      const fill = truth().get('linker-fill') ?? 0;
      // The startup object has no DWARF and its functions no size: its caml_startup code markers name it.
      const ocaml = sum((l) => expectedPackage(l, target) === 'ocaml');
      const solo5 = sum((l) => l.startsWith('solo5-bindings'));
      expect(packageCode(manifest, 'ocaml')).toBeGreaterThanOrEqual(0.99 * ocaml);
      expect(packageCode(manifest, 'ocaml')).toBeLessThanOrEqual(
        sum((l) => expectedPackage(l, target) === 'ocaml') + fill,
      );
      // xen's bindings put the hypercall page (named through its exported alias solo5__xen_HYPERCALL_PAGE)
      // and the 4 KiB alignment before it (padding between two of their symbols) in .text.
      expect(packageCode(manifest, 'solo5')).toBeGreaterThanOrEqual(0.98 * solo5);
      expect(packageCode(manifest, 'solo5')).toBeLessThanOrEqual(solo5 + fill);
      // nolibc and openlibm carry no DWARF and libc-wide names: only nolibc's own entry points are named.
      expect(packageCode(manifest, 'ocaml-solo5')).toBeLessThanOrEqual(
        0.01 * sum((l) => /^(nolibc|openlibm) /.test(l)),
      );
    });

    it('leaves unnamed only what no DWARF unit or name can tell: nolibc, openlibm, the program and linker fill', () => {
      // nolibc and openlibm carry no DWARF and libc-wide names; the program's units have DWARF but no
      // build path that names a package; fill between inputs belongs to no object. Everything else is named.
      const manifest = inspectUnikernel(target, { map: false });
      const unnamed = unnamedCodeBytes(manifest);
      const allowed = sum((l) => /^(nolibc|openlibm|program-|linker-fill)/.test(l));
      expect(unnamed).toBeLessThanOrEqual(allowed);
      expect(unnamed).toBeGreaterThanOrEqual(0.9 * sum((l) => /^(nolibc|openlibm|program-ocaml)/.test(l)));
    });

    it('gives each library DWARF or names can tell, at least 99%, to its package, and the others to none', () => {
      const libraries = libraryOfMember(target);
      const libraryOf = (unit: Manifest['attribution']['units'][number]): string => {
        const label = mapLabelOf(unit);
        return label === '*fill*'
          ? 'linker-fill'
          : ((label && libraries.get(label)) ?? `[no map input: ${unit.name}]`);
      };
      const measured = textByLibraryWithoutMap(
        inspectUnikernel(target, { map: true }),
        inspectUnikernel(target, { map: false }),
        libraryOf,
      );
      for (const [library, bytes] of truth()) {
        const pkg = expectedPackage(library, target);
        if (pkg === undefined) continue;
        const perPackage = measured.get(library) ?? new Map<string, number>();
        expect(
          [...perPackage.values()].reduce((a, b) => a + b, 0),
          library,
        ).toBe(bytes);
        if (/^(ocaml|solo5-bindings)/.test(library))
          expect(perPackage.get(pkg) ?? 0, `${library} → ${pkg}`).toBeGreaterThanOrEqual(0.99 * bytes);
        else {
          // nolibc, openlibm and the program: no evidence names them, and none may name another package
          const named = [...perPackage].filter(
            ([p]) => p !== 'unknown' && p !== '[unattributed]' && p !== pkg,
          );
          expect(named, library).toEqual([]);
        }
      }
    });

    it("keeps the program's own units unknown, saying why, with OCaml as their language", () => {
      const { units } = inspectUnikernel(target, { map: false }).attribution;
      for (const name of ['Store', 'Command', 'Stats', 'Kv_main']) {
        const unit = units.find((u) => u.name === name && u.language === 'OCaml');
        expect(unit, name).toMatchObject({ package: 'unknown' });
        expect(unit?.evidenceDetail).toMatch(
          /DWARF \w+\.ml in .*no install list, build path or rule names its package/,
        );
      }
      // startup.c defines solo5_app_main, the entry Solo5 calls: a solo5_ name the program writes.
      expect(units.find((u) => u.name === 'startup.c')).toMatchObject({ package: 'unknown', language: 'C' });
      expect(units.find((u) => u.name === 'Stdlib__List')).toMatchObject({
        package: 'ocaml',
        language: 'OCaml',
      });
    });
  });

  it('says nothing it cannot know about the stripped hvt copy: its code stays unattributed', () => {
    const manifest = inspectUnikernel('hvt', { map: false, stripped: true });
    expect(unnamedCodeBytes(manifest)).toBe(codeBytes('hvt', true));
    expect(manifest.diagnostics.map((d) => d.code)).toContain('no-symbols');
  });
});
