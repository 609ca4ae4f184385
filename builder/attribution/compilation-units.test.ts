import { describe, expect, it } from 'vitest';
import { buildCompilationUnits } from './compilation-units.js';
import type { DwarfUnitEvidence, MapInputEvidence } from './unit-resolver.js';

function input(file: string, address: number, size: number): MapInputEvidence {
  const m = /^(.*)\((.*)\)$/.exec(file);
  return m
    ? { section: '.text', address, size, archive: m[1] as string, object: m[2] as string, file }
    : { section: '.text', address, size, object: file, file };
}

function dwarf(name: string, ...ranges: [number, number][]): DwarfUnitEvidence {
  return { name, languageName: 'Mips_Assembler', ranges: ranges.map(([low, high]) => ({ low, high })) };
}

describe('buildCompilationUnits', () => {
  const list = input('/lib/stdlib.a(stdlib__List.o)', 0x1000, 0x100);
  const listData = { ...input('/lib/stdlib.a(stdlib__List.o)', 0x9000, 0x40), section: '.data' };
  const fmt = input('/lib/stdlib.a(camlinternalFormat.o)', 0x1100, 0x200);
  const listMl = dwarf('list.ml', [0x1000, 0x1080], [0x1090, 0x1100]);
  // A sloppy range that reaches into the next member: the unit still joins the one it overlaps most.
  const fmtMl = dwarf('camlinternalFormat.ml', [0x10f0, 0x1300]);
  const table = buildCompilationUnits(
    [list, fmt, listData],
    [listMl, fmtMl],
    [
      { unit: 'Stdlib__List', start: 0x1000, end: 0x1100 },
      { unit: 'Stdlib__List', start: 0x9000, end: 0x9040 },
      { unit: 'CamlinternalFormat', start: 0x1100, end: 0x1300 },
    ],
  );

  it('joins the map member, the DWARF unit and the OCaml unit of one module', () => {
    const unit = table.ofMember.get(list.file);
    expect(unit).toMatchObject({ member: list, dwarf: listMl, ocamlUnit: 'Stdlib__List' });
    expect(table.ofDwarf.get(listMl)).toBe(unit);
    expect(table.ofOcaml.get('Stdlib__List')).toBe(unit);
  });

  it('never merges two members through one range', () => {
    expect(table.ofDwarf.get(fmtMl)).toBe(table.ofMember.get(fmt.file));
    expect(table.ofMember.get(fmt.file)).not.toBe(table.ofMember.get(list.file));
  });

  it('joins OCaml units to DWARF units when there is no map', () => {
    const noMap = buildCompilationUnits([], [listMl], [{ unit: 'Stdlib__List', start: 0x1000, end: 0x1100 }]);
    expect(noMap.ofOcaml.get('Stdlib__List')).toBe(noMap.ofDwarf.get(listMl));
    expect(noMap.ofOcaml.get('Stdlib__List')).toMatchObject({ dwarf: listMl, ocamlUnit: 'Stdlib__List' });
  });

  it('keeps evidence that overlaps nothing as a unit of its own', () => {
    const alone = buildCompilationUnits(
      [list],
      [dwarf('x.c', [0x5000, 0x5010])],
      [{ unit: 'M', start: 0, end: 0 }],
    );
    expect(alone.ofDwarf.size).toBe(1);
    expect([...alone.ofDwarf.values()][0]?.member).toBeUndefined();
    expect(alone.ofOcaml.get('M')?.member).toBeUndefined();
  });
});
