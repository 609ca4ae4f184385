/**
 * The ELF reader on every fixture image, against the binutils output recorded when the fixture was
 * built (fixtures/README.md): ELF header, section table, symbols, dynamic section, notes, file size.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  computeRegionReport,
  readDynamic,
  readElf,
  readNotes,
  readSymbols,
} from '../../builder/elf/read-elf.js';
import type { ElfSymbolTable } from '../../builder/elf/read-elf.js';
import {
  fixturePaths,
  readDynamic as readTruthDynamic,
  readElfHeader,
  readFileSize,
  readNmS,
  readNotes as readTruthNotes,
  readSectionTable,
} from '../support/binutils-truth.js';

const images = fixturePaths().filter((f) => f.truth['readelf-S'] !== undefined);

/** ARM and AArch64 mapping symbols (`$a`, `$t`, `$d`, `$x`, optionally `.suffix`): the cross nm hides them. */
const MAPPING_SYMBOL = /^\$[atdx](\..*)?$/;

/** nm's view of our table: defined symbols with value and size (when non-zero), undefined ones without. */
function nmView(t: ElfSymbolTable, hideMappingSymbols: boolean, armThumb: boolean): string[] {
  const rows: string[] = [];
  for (let i = 1; i < t.count; i++) {
    const type = (t.info[i] as number) & 0xf;
    if (type === 3 || type === 4) continue; // section and file symbols: nm leaves them out
    if (hideMappingSymbols && MAPPING_SYMBOL.test(t.name(i))) continue;
    const undef = t.shndx[i] === 0;
    // The ARM nm prints Thumb functions without the Thumb bit (bit 0 of st_value).
    const value = armThumb && type === 2 ? (t.value[i] as number) - ((t.value[i] as number) % 2) : t.value[i];
    rows.push(`${t.name(i)} ${undef ? '-' : value} ${!undef && (t.size[i] as number) > 0 ? t.size[i] : '-'}`);
  }
  return rows.sort();
}

// The committed fixtures are always there (a missing one fails); the built ones join when built.
describe('ELF reader vs recorded binutils output (fixtures)', () => {
  it('has the committed fixtures', () =>
    expect(images.filter((i) => !i.built).length).toBeGreaterThanOrEqual(10));

  it.each(images.map((i) => [i.name, i] as const))('%s', (_name, img) => {
    const elf = readElf(new Uint8Array(readFileSync(img.image)));
    const t = img.truth;
    const arm = elf.arch === 'arm' || elf.arch === 'aarch64';
    const header = readElfHeader(t['readelf-h'] as string);
    expect(header['Class']).toBe(`ELF${elf.bits}`);
    expect(Number(header['Number of section headers'])).toBe(elf.shnum);
    expect(BigInt(header['Entry point address'] as string)).toBe(BigInt(elf.entry));

    const sections = readSectionTable(t['readelf-S'] as string);
    expect(
      elf.sections.map((s) => [
        s.index,
        s.name,
        s.typeName,
        s.address,
        s.offset,
        s.size,
        s.entsize,
        s.link,
        s.info,
        s.addralign,
      ]),
    ).toEqual(
      sections.map((s) => [
        s.index,
        s.name,
        s.type,
        s.address,
        s.offset,
        s.size,
        s.entsize,
        s.link,
        s.info,
        s.align,
      ]),
    );

    if (t['nm-S']) {
      const truth = readNmS(t['nm-S']);
      const table = readSymbols(elf, 'symtab');
      expect(table ? nmView(table, arm, elf.arch === 'arm') : []).toEqual(
        truth.map((s) => `${s.name} ${s.address ?? '-'} ${s.size ?? '-'}`).sort(),
      );
    }
    if (t['nm-D-S']) {
      // nm -D appends the symbol version (`puts@GLIBC_2.2.5`), which lives in .gnu.version, not in the name.
      const truth = readNmS(t['nm-D-S']).map(
        (s) => `${s.name.replace(/@.*$/, '')} ${s.address ?? '-'} ${s.size ?? '-'}`,
      );
      expect(nmView(readSymbols(elf, 'dynsym') as ElfSymbolTable, arm, elf.arch === 'arm')).toEqual(
        truth.sort(),
      );
    }
    if (t['readelf-d']) {
      const truth = readTruthDynamic(t['readelf-d']);
      const ours = readDynamic(elf);
      expect({ needed: ours.needed, soname: ours.soname }).toEqual({
        needed: truth.needed,
        soname: truth.soname,
      });
    }
    if (t['readelf-n']) {
      const truth = readTruthNotes(t['readelf-n']).filter((n) => n.owner !== '');
      const ours = readNotes(elf);
      for (const n of truth) {
        const match = ours.find((o) => o.section === n.section);
        expect({ section: n.section, owner: match?.owner, size: match?.desc.byteLength }).toEqual({
          section: n.section,
          owner: n.owner,
          size: n.dataSize,
        });
      }
    }
    const { regions, diagnostics } = computeRegionReport(elf);
    expect(diagnostics).toEqual([]);
    expect(regions.reduce((n, r) => n + r.fileSize, 0)).toBe(readFileSize(t.filesize as string));
  });
});
