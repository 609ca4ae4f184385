/**
 * One compilation unit is seen through up to three kinds of evidence: the linker map's member
 * (`stdlib.a(camlinternalFormat.o)`), the DWARF unit (`camlinternalFormat.ml`) and the OCaml unit's
 * `code_begin`/`code_end` and `data_begin`/`data_end` markers (`CamlinternalFormat`). Their names differ,
 * their addresses do not: each DWARF unit and each OCaml unit joins the map member (else, for OCaml
 * units without a map, the DWARF unit) whose bytes it overlaps most. Members never join each other,
 * so a sloppy range cannot chain two objects into one unit.
 */
import { buildIntervalIndex, type IntervalIndex } from './interval-index.js';
import type { DwarfUnitEvidence, MapInputEvidence } from './unit-resolver.js';

/** One compilation unit with the evidence of each kind that saw it. */
export interface CompilationUnit {
  /** Stable index, in order of creation (members in map order, then DWARF, then OCaml units). */
  id: number;
  /** The map member's first input section (it names archive, object and file). */
  member?: MapInputEvidence;
  dwarf?: DwarfUnitEvidence;
  ocamlUnit?: string;
}

/** Lookups from any one piece of evidence to the unit it belongs to. */
export interface CompilationUnitTable {
  /** By the map input's `file` (`/lib/stdlib.a(stdlib__List.o)`, `main.o`). */
  ofMember: ReadonlyMap<string, CompilationUnit>;
  ofDwarf: ReadonlyMap<DwarfUnitEvidence, CompilationUnit>;
  ofOcaml: ReadonlyMap<string, CompilationUnit>;
}

/** An OCaml unit's marker range, in image addresses. */
export interface OcamlUnitRange {
  unit: string;
  start: number;
  end: number;
}

/** Groups the evidence of one image into compilation units. */
export function buildCompilationUnits(
  mapInputs: readonly MapInputEvidence[],
  dwarfUnits: readonly DwarfUnitEvidence[],
  ocamlRanges: readonly OcamlUnitRange[],
): CompilationUnitTable {
  const units: CompilationUnit[] = [];
  const ofMember = new Map<string, CompilationUnit>();
  for (const input of mapInputs) {
    if (input.via === 'armap' || ofMember.has(input.file)) continue;
    const unit: CompilationUnit = { id: units.length, member: input };
    units.push(unit);
    ofMember.set(input.file, unit);
  }
  const memberIndex = buildIntervalIndex(
    mapInputs
      .filter((m) => m.via !== 'armap')
      .map((m) => ({ start: m.address, end: m.address + m.size, value: ofMember.get(m.file) })),
  );
  const ofDwarf = new Map<DwarfUnitEvidence, CompilationUnit>();
  for (const dwarf of dwarfUnits) {
    const ranges = dwarf.ranges.filter((r) => r.low !== 0).map((r) => ({ start: r.low, end: r.high }));
    let unit = largestOverlap(memberIndex, ranges);
    if (!unit) units.push((unit = { id: units.length }));
    unit.dwarf ??= dwarf;
    ofDwarf.set(dwarf, unit);
  }
  const dwarfIndex = buildIntervalIndex(
    [...ofDwarf].flatMap(([d, unit]) => d.ranges.map((r) => ({ start: r.low, end: r.high, value: unit }))),
  );
  const ofOcaml = new Map<string, CompilationUnit>();
  for (const [name, ranges] of groupRanges(ocamlRanges)) {
    let unit = largestOverlap(memberIndex, ranges) ?? largestOverlap(dwarfIndex, ranges);
    if (!unit) units.push((unit = { id: units.length }));
    unit.ocamlUnit ??= name;
    ofOcaml.set(name, unit);
  }
  return { ofMember, ofDwarf, ofOcaml };
}

function groupRanges(ranges: readonly OcamlUnitRange[]): Map<string, { start: number; end: number }[]> {
  const out = new Map<string, { start: number; end: number }[]>();
  for (const r of ranges) {
    const list = out.get(r.unit);
    if (list) list.push(r);
    else out.set(r.unit, [r]);
  }
  return out;
}

/** The value whose intervals overlap `ranges` by the most bytes; the first seen wins a tie. */
function largestOverlap<T>(
  index: IntervalIndex<T | undefined>,
  ranges: readonly { start: number; end: number }[],
): T | undefined {
  const bytes = new Map<T, number>();
  for (const r of ranges) {
    for (let i = firstEndAfter(index, r.start); i < index.starts.length; i++) {
      const start = index.starts[i] as number;
      if (start >= r.end) break;
      const value = index.values[i];
      const overlap = Math.min(r.end, index.ends[i] as number) - Math.max(r.start, start);
      if (value !== undefined && overlap > 0) bytes.set(value, (bytes.get(value) ?? 0) + overlap);
    }
  }
  let best: T | undefined;
  let most = 0;
  for (const [value, n] of bytes) if (n > most) [best, most] = [value, n];
  return best;
}

function firstEndAfter<T>(index: IntervalIndex<T>, at: number): number {
  let lo = 0;
  let hi = index.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((index.ends[mid] as number) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
