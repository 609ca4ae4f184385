import type { Attribution, Diagnostic, Region } from '../../analyzer/model/manifest.js';
import type { ElfFile, ElfSection, ElfSymbolTable } from '../elf/elf-types.js';
import { AttributionBuilder } from './attribution-builder.js';
import type { CompiledRule } from './attribution-rules.js';
import type { InstallIndex } from './install-index.js';
import { boundariesWithin, buildIntervalIndex, findInterval, type IntervalIndex } from './interval-index.js';
import { isOcamlUnitSymbol, ocamlUnitOf, parseOcamlMarker } from './ocaml-symbols.js';
import {
  pickArchiveDefinition,
  resolveUnit,
  type ArchiveDefinition,
  type DwarfUnitEvidence,
  type MapInputEvidence,
  type PlaceFacts,
  type ResolverContext,
} from './unit-resolver.js';

/** Everything attribution reads: the parsed image and whatever evidence the build left. */
export interface AttributionInput {
  elf: ElfFile;
  regions: Region[];
  /** `.symtab`, or `.dynsym` for a stripped image, or none. */
  symbols?: ElfSymbolTable;
  map?: { inputs: MapInputEvidence[]; fills: { section: string; address: number; size: number }[] };
  dwarfUnits?: DwarfUnitEvidence[];
  install?: InstallIndex;
  /** Installed static archives that define each symbol (used where the map is absent). */
  archiveSymbols?: ReadonlyMap<string, ArchiveDefinition[]>;
  rules: readonly CompiledRule[];
  ownPackage: string;
}

const STB_GLOBAL = 1;
const STB_WEAK = 2;
const STT_SECTION = 3;
const STT_FILE = 4;
const SHN_LORESERVE = 0xff00;

/** Per-section evidence, in offsets from the section start. */
interface SectionEvidence {
  map: IntervalIndex<MapInputEvidence | 'fill'>;
  markers: IntervalIndex<string>;
  dwarf: IntervalIndex<DwarfUnitEvidence>;
}

/**
 * Attributes every byte of the file: regions that are not sections go to `[ELF structure]`,
 * sections that are not loaded to `[not loaded]`, and loaded sections are swept symbol by symbol
 * in address order; bytes no symbol covers become `[unattributed <section>]` leaves, split wherever
 * the evidence changes and attributed through it when it knows more.
 */
export function attributeImage(input: AttributionInput): {
  attribution: Attribution;
  diagnostics: Diagnostic[];
} {
  const { elf, regions, symbols } = input;
  const builder = new AttributionBuilder();
  const diagnostics: Diagnostic[] = [];
  const ctx: ResolverContext = {
    install: input.install,
    rules: input.rules,
    ownPackage: input.ownPackage,
    archiveSymbols: input.archiveSymbols,
  };
  const bySection = groupSymbols(elf, symbols);
  const knownUnits = new Set<string>();
  const markers = collectMarkers(symbols, knownUnits);
  const mapBySection = groupBy(input.map?.inputs ?? [], (i) => i.section);
  const fillsBySection = groupBy(input.map?.fills ?? [], (f) => f.section);

  regions.forEach((region, regionIndex) => {
    const section = region.sectionIndex !== undefined ? elf.sections[region.sectionIndex] : undefined;
    if (region.kind !== 'section' || !section) {
      const unit = builder.unitFor({
        name: region.kind === 'padding' ? '[padding]' : region.name,
        package: '[ELF structure]',
        language: 'metadata',
        evidence: 'structure',
      });
      builder.addLeaf(
        {
          name: region.name,
          region: regionIndex,
          address: 0,
          offset: region.offset,
          fileSize: region.fileSize,
          memSize: region.memSize,
          exec: false,
        },
        unit,
      );
      return;
    }
    if (!section.alloc) {
      const unit = builder.unitFor({
        name: section.name,
        package: '[not loaded]',
        language: 'metadata',
        evidence: 'structure',
      });
      builder.addLeaf(
        {
          name: section.name,
          region: regionIndex,
          address: 0,
          offset: region.offset,
          fileSize: region.fileSize,
          memSize: 0,
          exec: false,
        },
        unit,
      );
      return;
    }
    const evidence: SectionEvidence = {
      map: buildIntervalIndex([
        ...(mapBySection.get(section.name) ?? []).map((m) => ({
          start: m.address - section.address,
          end: m.address - section.address + m.size,
          value: m as MapInputEvidence | 'fill',
        })),
        ...(fillsBySection.get(section.name) ?? []).map((f) => ({
          start: f.address - section.address,
          end: f.address - section.address + f.size,
          value: 'fill' as const,
        })),
      ]),
      markers: buildIntervalIndex((markers.get(section.index) ?? []).map((m) => ({ ...m, value: m.unit }))),
      dwarf: buildIntervalIndex(section.exec ? dwarfRangesIn(input.dwarfUnits ?? [], section) : []),
    };
    sweepSection({
      builder,
      ctx,
      section,
      regionIndex,
      region,
      symbols,
      indices: bySection.get(section.index) ?? [],
      evidence,
      knownUnits,
    });
  });
  if (!symbols)
    diagnostics.push({
      code: 'no-symbols',
      severity: 'warning',
      message: 'the image has no symbol table: loaded sections are attributed from other evidence only',
    });
  return { attribution: builder.finish(), diagnostics };
}

interface SweepArgs {
  builder: AttributionBuilder;
  ctx: ResolverContext;
  section: ElfSection;
  region: Region;
  regionIndex: number;
  symbols?: ElfSymbolTable;
  indices: number[];
  evidence: SectionEvidence;
  knownUnits: ReadonlySet<string>;
}

/** Linear sweep over the section's sized symbols sorted by offset; overlaps are clipped, gaps named. */
function sweepSection(a: SweepArgs): void {
  const { section, symbols } = a;
  const size = section.size;
  const inFile = section.fileSize > 0;
  let cursor = 0;
  const cache = new Map<string, number>();
  const emit = (name: string, start: number, end: number, unit: number): void => {
    const len = end - start;
    a.builder.addLeaf(
      {
        name,
        region: a.regionIndex,
        address: section.address + start,
        offset: section.offset + (inFile ? start : 0),
        fileSize: inFile ? len : 0,
        memSize: section.alloc ? len : 0,
        exec: section.exec,
      },
      unit,
    );
  };
  const gap = (from: number, to: number): void => {
    if (to <= from) return;
    const cuts: number[] = [];
    boundariesWithin(a.evidence.map, from, to, cuts);
    boundariesWithin(a.evidence.markers, from, to, cuts);
    boundariesWithin(a.evidence.dwarf, from, to, cuts);
    cuts.sort((x, y) => x - y);
    let start = from;
    for (const cut of [...cuts, to]) {
      if (cut <= start) continue;
      const facts = factsAt(a, start, undefined);
      const key = cacheKey(a, start, facts);
      let unit = cache.get(key);
      if (unit === undefined) cache.set(key, (unit = a.builder.unitFor(resolveUnit(a.ctx, facts))));
      emit(`[unattributed ${section.name}]`, start, cut, unit);
      start = cut;
    }
  };
  if (symbols) {
    for (const i of a.indices) {
      const off = symbols.sectionOffset[i] as number;
      const end = Math.min(off + (symbols.size[i] as number), size);
      const start = Math.max(off, cursor);
      if (end <= start) continue;
      gap(cursor, start);
      const name = symbols.name(i);
      const bind = (symbols.info[i] as number) >> 4;
      const facts = factsAt(a, start, name, bind === STB_GLOBAL || bind === STB_WEAK);
      // Symbols with the same unit-level evidence resolve alike; only evidence-less ones go by name.
      const hasUnitEvidence =
        facts.ocamlUnit !== undefined || facts.mapInput !== undefined || facts.dwarf !== undefined;
      const key = hasUnitEvidence ? cacheKey(a, start, facts) : `name:${name}`;
      let unit = cache.get(key);
      if (unit === undefined) cache.set(key, (unit = a.builder.unitFor(resolveUnit(a.ctx, facts))));
      emit(name, start, end, unit);
      cursor = end;
    }
  }
  gap(cursor, size);
}

function factsAt(a: SweepArgs, at: number, symbol: string | undefined, global = false): PlaceFacts {
  const facts: PlaceFacts = { section: a.section.name, exec: a.section.exec };
  if (symbol !== undefined) facts.symbol = symbol;
  const fromName = symbol !== undefined ? ocamlUnitOf(symbol, a.knownUnits) : undefined;
  const m = findInterval(a.evidence.markers, at);
  if (fromName && (fromName.known || m < 0)) {
    facts.ocamlUnit = fromName.unit;
    facts.ocamlUnitFrom = 'symbol';
  } else if (m >= 0 && (symbol === undefined || isOcamlUnitSymbol(symbol) || !symbol.startsWith('caml'))) {
    facts.ocamlUnit = a.evidence.markers.values[m] as string;
    facts.ocamlUnitFrom = 'marker';
  }
  const mi = findInterval(a.evidence.map, at);
  if (mi >= 0) {
    const v = a.evidence.map.values[mi];
    if (v === 'fill') {
      facts.inFill = true;
      // Fill exists because the next input section asks for alignment: it is that section's padding.
      const next = a.evidence.map.values[mi + 1];
      if (next !== undefined && next !== 'fill' && a.evidence.map.starts[mi + 1] === a.evidence.map.ends[mi])
        facts.fillBefore = next;
    } else facts.mapInput = v;
  }
  // Archive indexes list global definitions only: a local symbol of the same name is another function.
  if (!facts.mapInput && !facts.inFill && symbol !== undefined && global) {
    const def = pickArchiveDefinition(a.ctx, symbol);
    if (def)
      facts.mapInput = {
        section: a.section.name,
        address: 0,
        size: 0,
        archive: def.archive,
        object: def.member,
        file: def.archive,
        via: 'armap',
      };
  }
  const di = findInterval(a.evidence.dwarf, at);
  if (di >= 0) facts.dwarf = a.evidence.dwarf.values[di];
  return facts;
}

function cacheKey(a: SweepArgs, at: number, f: PlaceFacts): string {
  const armap = f.mapInput?.via === 'armap' ? `${f.mapInput.archive}(${f.mapInput.object})` : '';
  return `${f.ocamlUnit ?? ''}|${findInterval(a.evidence.map, at)}|${findInterval(a.evidence.dwarf, at)}|${f.inFill ? 'fill' : ''}|${armap}`;
}

/** Symbol indices per section, sorted by offset, larger first at equal offsets, then table order. */
function groupSymbols(elf: ElfFile, symbols: ElfSymbolTable | undefined): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (!symbols) return out;
  for (let i = 1; i < symbols.count; i++) {
    const shndx = symbols.shndx[i] as number;
    const type = (symbols.info[i] as number) & 0xf;
    if (shndx === 0 || shndx >= SHN_LORESERVE || shndx >= elf.sections.length) continue;
    if (type === STT_SECTION || type === STT_FILE || (symbols.size[i] as number) <= 0) continue;
    let list = out.get(shndx);
    if (!list) out.set(shndx, (list = []));
    list.push(i);
  }
  for (const list of out.values()) {
    list.sort(
      (x, y) =>
        (symbols.sectionOffset[x] as number) - (symbols.sectionOffset[y] as number) ||
        (symbols.size[y] as number) - (symbols.size[x] as number) ||
        x - y,
    );
  }
  return out;
}

/** OCaml unit ranges from code_begin/code_end and data_begin/data_end marker pairs, per section. */
function collectMarkers(
  symbols: ElfSymbolTable | undefined,
  knownUnits: Set<string>,
): Map<number, { start: number; end: number; unit: string }[]> {
  const out = new Map<number, { start: number; end: number; unit: string }[]>();
  if (!symbols) return out;
  const open = new Map<string, { shndx: number; offset: number }>();
  for (let i = 1; i < symbols.count; i++) {
    if ((symbols.size[i] as number) !== 0) continue;
    const name = symbols.name(i);
    if (!name.startsWith('caml')) continue;
    const marker = parseOcamlMarker(name);
    if (!marker) continue;
    knownUnits.add(marker.unit);
    const shndx = symbols.shndx[i] as number;
    const offset = symbols.sectionOffset[i] as number;
    const kind = marker.marker.startsWith('code') ? 'code' : 'data';
    if (marker.marker === 'code_begin' || marker.marker === 'data_begin')
      open.set(`${kind}:${marker.unit}`, { shndx, offset });
    if (marker.marker === 'code_end' || marker.marker === 'data_end') {
      const begin = open.get(`${kind}:${marker.unit}`);
      if (begin && begin.shndx === shndx && offset > begin.offset) {
        let list = out.get(shndx);
        if (!list) out.set(shndx, (list = []));
        list.push({ start: begin.offset, end: offset, unit: marker.unit });
      }
    }
  }
  return out;
}

function dwarfRangesIn(
  units: readonly DwarfUnitEvidence[],
  section: ElfSection,
): { start: number; end: number; value: DwarfUnitEvidence }[] {
  const out: { start: number; end: number; value: DwarfUnitEvidence }[] = [];
  const lo = section.address;
  const hi = section.address + section.size;
  for (const unit of units) {
    for (const r of unit.ranges) {
      const start = Math.max(r.low, lo);
      const end = Math.min(r.high, hi);
      if (end > start && r.low !== 0) out.push({ start: start - lo, end: end - lo, value: unit });
    }
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
