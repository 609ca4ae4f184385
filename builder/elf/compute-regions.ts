/**
 * Byte accounting of an ELF file, as bloaty does it: every byte belongs to exactly one region, so
 * region sizes add up to the file size. Regions: the ELF header, the program header table, each
 * section with file bytes, the section header table, and `[padding]` for every gap (tail included).
 * SHT_NOBITS sections get a region with no file bytes so that `.bss` still counts in memory.
 *
 * Files without section headers are covered by their PT_LOAD segments (`[LOAD n]`); whatever no
 * segment covers is `[unaccounted: no section headers]`, because without sections we cannot tell
 * padding from stripped content.
 */
import type { Diagnostic, Region } from '../../analyzer/model/manifest.js';
import { PF_W, PF_X, PT_LOAD, SHF_TLS, SHT_NOBITS, SHT_NULL } from './elf-constants.js';
import type { ElfFile, ElfSection } from './elf-types.js';
import { sectionFlagLetters } from './section-flag-letters.js';

/** Regions sorted by offset, and what went wrong on the way (overlaps that were clipped). */
export interface RegionReport {
  regions: Region[];
  diagnostics: Diagnostic[];
}

/** One candidate range of file bytes, before overlaps are clipped. */
interface Span {
  name: string;
  kind: Region['kind'];
  start: number;
  end: number;
  memSize: number;
  flags: string[];
  sectionIndex?: number;
  /** readelf's view of the section (type, flag letters, sh_size), copied onto its regions. */
  section?: Pick<Region, 'sectionType' | 'sectionFlags' | 'sectionSize'>;
  /** Headers overlap the first PT_LOAD by design; only overlaps between real parts are reported. */
  expectOverlap: boolean;
}

/** The regions of the file; see {@link computeRegionReport} for the overlap diagnostics. */
export function computeRegions(elf: ElfFile): Region[] {
  return computeRegionReport(elf).regions;
}

/** Regions and diagnostics. Overlapping ranges are clipped so that no byte is counted twice. */
export function computeRegionReport(elf: ElfFile): RegionReport {
  const spans: Span[] = [];
  const empty: Region[] = [];
  const headerEnd = Math.min(elf.fileSize, elf.bits === 64 ? 64 : 52);
  spans.push({
    name: '[ELF header]',
    kind: 'elf-header',
    start: 0,
    end: headerEnd,
    memSize: 0,
    flags: [],
    expectOverlap: false,
  });
  if (elf.segments.length > 0) {
    spans.push({
      name: '[program headers]',
      kind: 'program-headers',
      start: elf.phoff,
      end: elf.phoff + elf.phnum * elf.phentsize,
      memSize: 0,
      flags: [],
      expectOverlap: false,
    });
  }
  if (elf.sections.length > 0) {
    spans.push({
      name: '[section headers]',
      kind: 'section-headers',
      start: elf.shoff,
      end: elf.shoff + elf.shnum * elf.shentsize,
      memSize: 0,
      flags: [],
      expectOverlap: false,
    });
    for (const s of elf.sections) {
      if (s.type === SHT_NULL) continue;
      // Empty sections keep a zero-byte region so that every section of the file shows.
      if (s.type === SHT_NOBITS || s.size === 0) empty.push(nobitsRegion(s, elf.machine));
      else
        spans.push({
          name: s.name,
          kind: 'section',
          start: s.offset,
          end: s.offset + s.fileSize,
          memSize: s.alloc ? s.size : 0,
          flags: sectionFlags(s),
          sectionIndex: s.index,
          section: readelfView(s, elf.machine),
          expectOverlap: false,
        });
    }
  } else {
    elf.segments.forEach((seg, i) => {
      if (seg.type !== PT_LOAD) return;
      const flags = ['alloc', ...(seg.flags & PF_W ? ['write'] : []), ...(seg.flags & PF_X ? ['exec'] : [])];
      spans.push({
        name: `[LOAD ${i}]`,
        kind: 'file',
        start: seg.offset,
        end: seg.offset + seg.filesz,
        memSize: seg.memsz,
        flags,
        expectOverlap: true,
      });
    });
  }
  const gapName = elf.sections.length > 0 ? '[padding]' : '[unaccounted: no section headers]';
  const gapKind: Region['kind'] = elf.sections.length > 0 ? 'padding' : 'file';
  const { regions, diagnostics } = placeSpans(spans, elf.fileSize, gapName, gapKind);
  regions.push(...empty);
  regions.sort(
    (a, b) =>
      a.offset - b.offset || b.fileSize - a.fileSize || (a.sectionIndex ?? -1) - (b.sectionIndex ?? -1),
  );
  return { regions, diagnostics };
}

type Piece = [start: number, end: number];

/**
 * Headers claim their bytes first (they are certain by construction); the other spans are swept in
 * file order, each clipped at the front by the ones before it and cut around the headers.
 */
function placeSpans(spans: Span[], fileSize: number, gapName: string, gapKind: Region['kind']): RegionReport {
  const regions: Region[] = [];
  const diagnostics: Diagnostic[] = [];
  const claimed: Piece[] = [];
  const headers = spans
    .filter((s) => s.kind !== 'section' && s.kind !== 'file')
    .sort((a, b) => a.start - b.start);
  const body = spans
    .filter((s) => s.kind === 'section' || s.kind === 'file')
    .sort((a, b) => a.start - b.start || b.end - a.end);
  for (const h of headers) {
    const pieces = subtract([h.start, h.end], claimed);
    if (pieces.length !== 1 || pieces[0]?.[0] !== h.start || pieces[0]?.[1] !== h.end)
      reportOverlap(diagnostics, h, 'another header table');
    emitPieces(regions, h, pieces);
    claimed.push(...pieces);
  }
  claimed.sort((a, b) => a[0] - b[0]);
  const headerClaims = claimed.slice();
  let cursor = 0;
  let owner = '';
  for (const span of body) {
    if (span.end <= span.start) continue;
    const start = Math.max(span.start, cursor);
    if (start > span.start) reportOverlap(diagnostics, span, owner);
    const pieces = subtract([start, Math.max(span.end, start)], headerClaims);
    const kept = pieces.reduce((n, p) => n + p[1] - p[0], 0);
    if (kept < Math.max(span.end, start) - start && !span.expectOverlap)
      reportOverlap(diagnostics, span, 'the ELF headers');
    emitPieces(regions, span, pieces);
    if (span.end > cursor) {
      cursor = span.end;
      owner = span.name;
    }
  }
  regions.sort((a, b) => a.offset - b.offset);
  const gaps: Region[] = [];
  let end = 0;
  for (const r of regions) {
    if (r.offset > end)
      gaps.push({
        name: gapName,
        kind: gapKind,
        offset: end,
        fileSize: r.offset - end,
        memSize: 0,
        flags: [],
      });
    end = Math.max(end, r.offset + r.fileSize);
  }
  if (end < fileSize)
    gaps.push({ name: gapName, kind: gapKind, offset: end, fileSize: fileSize - end, memSize: 0, flags: [] });
  regions.push(...gaps);
  return { regions, diagnostics };
}

/** The parts of `range` outside the sorted, disjoint `claimed` pieces. */
function subtract(range: Piece, claimed: Piece[]): Piece[] {
  const out: Piece[] = [];
  let [start] = range;
  const end = range[1];
  for (const [cs, ce] of claimed) {
    if (ce <= start || cs >= end) continue;
    if (cs > start) out.push([start, cs]);
    start = Math.max(start, ce);
  }
  if (start < end) out.push([start, end]);
  return out;
}

/** One region per piece; memory is counted once, on the first piece. A span with no bytes left keeps a zero-size region so it still shows. */
function emitPieces(regions: Region[], span: Span, pieces: Piece[]): void {
  const list: Piece[] = pieces.length > 0 ? pieces : [[span.start, span.start]];
  list.forEach(([start, end], i) => {
    const region: Region = {
      name: span.name,
      kind: span.kind,
      offset: start,
      fileSize: end - start,
      memSize: i === 0 ? span.memSize : 0,
      flags: span.flags,
    };
    if (span.sectionIndex !== undefined) region.sectionIndex = span.sectionIndex;
    if (span.section) Object.assign(region, span.section);
    regions.push(region);
  });
}

function reportOverlap(diagnostics: Diagnostic[], span: Span, owner: string): void {
  if (span.expectOverlap) return;
  diagnostics.push({
    code: 'elf-region-overlap',
    severity: 'warning',
    message: `${span.name} (0x${span.start.toString(16)}-0x${span.end.toString(16)}) overlaps ${owner}; the shared bytes are counted once, in ${owner}`,
    at: `offset 0x${span.start.toString(16)}`,
  });
}

/**
 * `.bss`-like sections take memory, not file bytes. `.tbss` (TLS) takes neither in the image: it is
 * the template of per-thread storage, allocated at run time per thread.
 */
function nobitsRegion(s: ElfSection, machine: number): Region {
  const memSize = s.alloc && (s.flags & SHF_TLS) === 0 ? s.size : 0;
  return {
    name: s.name,
    kind: 'section',
    offset: s.offset,
    fileSize: 0,
    memSize,
    sectionIndex: s.index,
    flags: sectionFlags(s),
    ...readelfView(s, machine),
  };
}

/** What readelf -S shows of a section beside its bytes: type, flag letters and sh_size. */
function readelfView(s: ElfSection, machine: number): Required<NonNullable<Span['section']>> {
  return { sectionType: s.typeName, sectionFlags: sectionFlagLetters(s.flags, machine), sectionSize: s.size };
}

function sectionFlags(s: ElfSection): string[] {
  const flags: string[] = [];
  if (s.alloc) flags.push('alloc');
  if (s.write) flags.push('write');
  if (s.exec) flags.push('exec');
  if ((s.flags & SHF_TLS) !== 0) flags.push('tls');
  return flags;
}
