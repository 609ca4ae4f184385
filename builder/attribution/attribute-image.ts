import type { Attribution, Diagnostic, Region } from '../../analyzer/model/manifest.js';
import type { ElfFile, ElfSection, ElfSymbolTable } from '../elf/elf-types.js';
import { AttributionBuilder } from './attribution-builder.js';
import { symbolRulesMayMatch, type CompiledRule } from './attribution-rules.js';
import {
  buildCompilationUnits,
  type CompilationUnit,
  type CompilationUnitTable,
} from './compilation-units.js';
import type { InstallIndex } from './install-index.js';
import type { DuniverseIndex } from './origin-paths.js';
import { boundariesWithin, buildIntervalIndex, findInterval, type IntervalIndex } from './interval-index.js';
import { isOcamlUnitSymbol, ocamlUnitOf } from './ocaml-symbols.js';
import { collectMarkers } from './ocaml-unit-markers.js';
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
  /** opam-monorepo's duniverse folders and the packages a lock file pins there (only when a lock file is given). */
  duniverse?: DuniverseIndex;
}

const STB_LOCAL = 0;
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
    duniverse: input.duniverse,
  };
  const bySection = groupSymbols(elf, symbols);
  const knownUnits = new Set<string>();
  const markers = collectMarkers(symbols, knownUnits);
  const units = buildCompilationUnits(
    input.map?.inputs ?? [],
    input.dwarfUnits ?? [],
    [...markers].flatMap(([shndx, list]) => {
      const base = elf.sections[shndx]?.address ?? 0;
      return list.map((m) => ({ unit: m.unit, start: base + m.start, end: base + m.end }));
    }),
  );
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
      units,
      symbolFree: { byName: new Map(), byPlace: new Map() },
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
  units: CompilationUnitTable;
  /** symbolFreeUnit's answers in this section: by name, and by place (its map entry's index, or -1). */
  symbolFree: { byName: Map<string, number>; byPlace: Map<number, number> };
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
    a.builder.addLeafFields(
      name,
      a.regionIndex,
      section.address + start,
      section.offset + (inFile ? start : 0),
      inFile ? len : 0,
      section.alloc ? len : 0,
      section.exec,
      unit,
    );
  };
  const gapName = `[unattributed ${section.name}]`;
  // A section without a map, markers or DWARF gives every gap the same facts, hence one unit: the
  // sweep of a stripped shared library (libLLVM's 32k gaps between functions) resolves it once.
  const { map, markers, dwarf } = a.evidence;
  const bare = map.starts.length === 0 && markers.starts.length === 0 && dwarf.starts.length === 0;
  let bareUnit: number | undefined;
  const cuts: number[] = [];
  const gap = (from: number, to: number, before?: number, after?: number): void => {
    if (to <= from) return;
    if (bare) {
      const unit = (bareUnit ??= unitAt(a, cache, from, undefined, false));
      emit(gapName, from, to, paddingUnit(a.builder, unit, before, after) ?? unit);
      return;
    }
    cuts.length = 0;
    boundariesWithin(map, from, to, cuts);
    boundariesWithin(markers, from, to, cuts);
    boundariesWithin(dwarf, from, to, cuts);
    cuts.sort((x, y) => x - y);
    cuts.push(to);
    let start = from;
    for (const cut of cuts) {
      if (cut <= start) continue;
      const unit = unitAt(a, cache, start, undefined, false);
      emit(gapName, start, cut, paddingUnit(a.builder, unit, before, after) ?? unit);
      start = cut;
    }
  };
  let previous: number | undefined;
  if (symbols) {
    for (const i of a.indices) {
      const off = symbols.sectionOffset[i] as number;
      const end = Math.min(off + (symbols.size[i] as number), size);
      const start = Math.max(off, cursor);
      if (end <= start) continue;
      const name = symbols.name(i);
      const bind = (symbols.info[i] as number) >> 4;
      const global = bind === STB_GLOBAL || bind === STB_WEAK;
      const shared = bare ? bareSymbolUnit(a, name, global) : undefined;
      const unit = shared ?? unitAt(a, cache, start, name, global);
      gap(cursor, start, previous, unit);
      emit(name, start, end, unit);
      previous = unit;
      cursor = end;
    }
  }
  gap(cursor, size);
}

/**
 * In a section without map, markers or DWARF, the unit symbolFreeUnit gave a name that no evidence
 * can reach (not an OCaml unit's name, no archive index to look it up in, no symbol rule matching):
 * every such name has the same facts there, so the unit found for the first serves them all without
 * computing them again. Undefined before the first, where the unit takes the name, or for any other
 * name: unitAt decides those.
 */
function bareSymbolUnit(a: SweepArgs, name: string, global: boolean): number | undefined {
  const unit = a.symbolFree.byPlace.get(-1);
  if (unit === undefined || unit < 0) return undefined;
  if (isOcamlUnitSymbol(name) || (global && a.ctx.archiveSymbols) || symbolRulesMayMatch(a.ctx.rules, name))
    return undefined;
  return unit;
}

/**
 * Bytes no symbol and no other evidence covers, between two symbols of one package, are that
 * package's alignment padding: a linker places one object's functions together and pads between
 * them (Solo5's xen bindings align their hypercall page to 4 KiB). Only where a map is absent does
 * this apply, since a map says which fill is the linker's; a gap at either end of a section, or
 * between two packages, stays unattributed.
 */
function paddingUnit(
  builder: AttributionBuilder,
  unit: number,
  before: number | undefined,
  after: number | undefined,
): number | undefined {
  if (before === undefined || after === undefined) return undefined;
  if (!isUnnamed(builder.unitAt(unit).package)) return undefined;
  const left = builder.unitAt(before);
  const right = builder.unitAt(after);
  if (left.package !== right.package || isUnnamed(left.package) || left.package.startsWith('['))
    return undefined;
  return builder.unitFor({
    // Named and typed as the alignment fill a map shows (unit-resolver's resolveFill), so one image
    // read with and without its map shows its padding the same way.
    name: '[alignment fill]',
    package: left.package,
    ...(left.library === right.library && left.library !== undefined ? { library: left.library } : {}),
    language: 'metadata',
    evidence: 'name-rule',
    evidenceDetail: `no map: bytes no symbol covers, between two symbols of ${left.package} (${left.name} and ${right.name})`,
  });
}

/**
 * The unit of the bytes at one place. Places of one compilation unit resolve once, from the unit's
 * evidence alone, so every byte of it lands in the same unit whichever symbol comes first; a symbol's
 * own name (a name rule) decides only where the unit's evidence names no package.
 */
function unitAt(
  a: SweepArgs,
  cache: Map<string, number>,
  at: number,
  symbol: string | undefined,
  global: boolean,
): number {
  const { facts, unit: cu } = factsAt(a, at, symbol, global);
  const hasUnitEvidence =
    facts.ocamlUnit !== undefined || facts.mapInput !== undefined || facts.dwarf !== undefined;
  if (!cu && !hasUnitEvidence && symbol !== undefined && !symbolRulesMayMatch(a.ctx.rules, symbol))
    return symbolFreeUnit(a, at, facts, symbol);
  const key = cu
    ? `cu:${cu.id}`
    : hasUnitEvidence || symbol === undefined
      ? cacheKey(a, at, facts)
      : `name:${symbol}`;
  let unit = cache.get(key);
  if (unit === undefined) {
    const resolved = resolveUnit(a.ctx, cu ? { ...facts, symbol: undefined } : facts);
    cache.set(key, (unit = a.builder.unitFor(resolved)));
    if (cu && isUnnamed(resolved.package)) cache.set(`${key}|unnamed`, unit);
  }
  if (!cu || symbol === undefined || !cache.has(`${key}|unnamed`)) return unit;
  const byName = `${key}|name:${symbol}`;
  let named = cache.get(byName);
  if (named === undefined) {
    const resolved = resolveUnit(a.ctx, facts);
    cache.set(byName, (named = isUnnamed(resolved.package) ? unit : a.builder.unitFor(resolved)));
  }
  return named;
}

/**
 * The unit of a named place without unit evidence whose name no symbol rule matches. The rules
 * then decide as for the place without a name, and the resolver reads the name nowhere else, so
 * one resolution per place's evidence stands for every such name; the first name's result shows
 * whether the unit took its name (a rule that matched on other facts and names no unit), and there
 * each name resolves on its own. Names are remembered here, as `name:` keys are in unitAt.
 */
function symbolFreeUnit(a: SweepArgs, at: number, facts: PlaceFacts, symbol: string): number {
  const { byName, byPlace } = a.symbolFree;
  // A name seen before keeps the unit it got first, as it would resolving name by name. Without a
  // map every such place has the same facts, so a name resolves the same wherever it is met, and
  // 44k unique names need not be remembered.
  const placesDiffer = a.evidence.map.starts.length > 0;
  const seen = placesDiffer ? byName.get(symbol) : undefined;
  if (seen !== undefined) return seen;
  // Without unit evidence the facts differ from place to place only by the map entry (fill or
  // none) around it: the section and whether it is code are the sweep's own.
  const place = findInterval(a.evidence.map, at);
  let unit = byPlace.get(place);
  if (unit === undefined) {
    const resolved = resolveUnit(a.ctx, facts);
    // -1: this evidence's unit is named after its symbol.
    unit = resolved.name === symbol ? -1 : a.builder.unitFor(resolved);
    byPlace.set(place, unit);
  }
  if (unit < 0) unit = a.builder.unitFor(resolveUnit(a.ctx, facts));
  if (placesDiffer) byName.set(symbol, unit);
  return unit;
}

function isUnnamed(pkg: string): boolean {
  return pkg === 'unknown' || pkg === '[unattributed]';
}

function factsAt(
  a: SweepArgs,
  at: number,
  symbol: string | undefined,
  global = false,
): { facts: PlaceFacts; unit?: CompilationUnit } {
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
  if (facts.fillBefore) {
    const owner = a.units.ofMember.get(facts.fillBefore.file);
    if (owner) facts.fillOwner = unitEvidence(owner);
  }
  const unit = facts.inFill ? undefined : compilationUnitOf(a.units, facts);
  if (!unit) return { facts };
  // The unit's evidence replaces the place's own, so that no symbol can rename or split the unit.
  const own: PlaceFacts = { ...facts };
  delete own.ocamlUnit;
  delete own.ocamlUnitFrom;
  return { facts: { ...own, ...unitEvidence(unit) }, unit };
}

/** The compilation unit a place belongs to, by the strongest evidence it has: map member, DWARF, OCaml unit. */
function compilationUnitOf(table: CompilationUnitTable, f: PlaceFacts): CompilationUnit | undefined {
  if (f.mapInput && f.mapInput.via !== 'armap') return table.ofMember.get(f.mapInput.file);
  if (f.dwarf) return table.ofDwarf.get(f.dwarf);
  return f.ocamlUnit !== undefined ? table.ofOcaml.get(f.ocamlUnit) : undefined;
}

/** A compilation unit's evidence as place facts: every place of the unit then resolves the same way. */
function unitEvidence(
  unit: CompilationUnit,
): Pick<PlaceFacts, 'mapInput' | 'dwarf' | 'ocamlUnit' | 'ocamlUnitFrom'> {
  const out: Pick<PlaceFacts, 'mapInput' | 'dwarf' | 'ocamlUnit' | 'ocamlUnitFrom'> = {};
  if (unit.member) out.mapInput = unit.member;
  if (unit.dwarf) out.dwarf = unit.dwarf;
  if (unit.ocamlUnit !== undefined) [out.ocamlUnit, out.ocamlUnitFrom] = [unit.ocamlUnit, 'marker'];
  return out;
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
  // Of aliases that cover the same bytes, the global name is the one the leaf takes: it is the name
  // other objects link against, and the one name rules know (Solo5's xen bindings export their local
  // HYPERCALL_PAGE as solo5__xen_HYPERCALL_PAGE).
  const local = (i: number): number => ((symbols.info[i] as number) >> 4 === STB_LOCAL ? 1 : 0);
  const compare = (x: number, y: number): number =>
    (symbols.sectionOffset[x] as number) - (symbols.sectionOffset[y] as number) ||
    (symbols.size[y] as number) - (symbols.size[x] as number) ||
    local(x) - local(y) ||
    x - y;
  for (const [shndx, list] of out) out.set(shndx, sortByOffset(list, symbols.sectionOffset, compare));
  return out;
}

/** Offsets and indices up to these pack exactly into one double as offset × 2^20 + index. */
const PACK_INDEX = 2 ** 20;
const PACK_OFFSET = 2 ** 32;

/**
 * The indices sorted by `compare`, whose first key is the offset. Sorting numbers packed as
 * offset × 2^20 + index in a Float64Array needs no comparator calls, which are most of the cost on
 * 44k symbols; only runs of equal offset (aliases) then go through `compare`. The plain sort is
 * kept for tables whose offsets or indices do not fit.
 */
function sortByOffset(
  list: number[],
  offsets: Float64Array,
  compare: (x: number, y: number) => number,
): number[] {
  const packed = new Float64Array(list.length);
  for (let k = 0; k < list.length; k++) {
    const i = list[k] as number;
    const off = offsets[i] as number;
    if (!(Math.abs(off) < PACK_OFFSET && Number.isInteger(off) && i < PACK_INDEX)) return list.sort(compare);
    packed[k] = off * PACK_INDEX + i;
  }
  packed.sort();
  const sorted = new Array<number>(list.length);
  for (let k = 0; k < packed.length; k++) {
    const v = packed[k] as number;
    const off = Math.floor(v / PACK_INDEX);
    sorted[k] = v - off * PACK_INDEX;
  }
  for (let start = 0; start < sorted.length;) {
    let end = start + 1;
    const off = offsets[sorted[start] as number];
    while (end < sorted.length && offsets[sorted[end] as number] === off) end++;
    if (end - start > 1) {
      const run = sorted.slice(start, end).sort(compare);
      for (let k = 0; k < run.length; k++) sorted[start + k] = run[k] as number;
    }
    start = end;
  }
  return sorted;
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
