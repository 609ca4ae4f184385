/**
 * Reads a GNU ld map file (`-Wl,-Map=FILE`): which input section of which object (or archive member)
 * landed where in each output section, the linker's fill between them, and which archive members were
 * pulled in and why. The map is the linker's own account of the layout, so it attributes every byte of
 * `.text` to an object file even when the image carries no symbols or debug information.
 */
import { UserError } from '../../analyzer/model/user-error.js';
import { parseMemoryMapLine, splitArchiveMember, type MemoryMapLine } from './parse-ld-map-line.js';

/** One input section placed by the linker. */
export interface LinkerMapInput {
  /** The output section it was placed in, e.g. `.text`. */
  section: string;
  /** The input section's name in its object, e.g. `.text.caml.camlFoo__bar_12`, `.text`, `COMMON`. */
  inputSection: string;
  address: number;
  size: number;
  /** The archive path when the input came from an archive member (`/usr/lib/ocaml/stdlib.a`), else undefined. */
  archive?: string;
  /** The object file: the member name for archives (`memcpy.o`), else the path as written. */
  object: string;
  /** The input file as the map writes it (`./liba.a(a1.o)`, `main.o`, `linker stubs`). */
  file: string;
  /** Symbols the map lists inside this input section (address and name; the map gives no sizes). */
  symbols: { address: number; name: string }[];
}

/** Bytes the linker put in an output section that come from no input file. */
export interface LinkerMapFill {
  section: string;
  address: number;
  size: number;
  /** Absent for alignment padding (`*fill*`); the statement (`QUAD 0x0`) for linker-script data. */
  statement?: string;
}

/** An archive member the linker pulled in, from the map's first part. */
export interface LinkerMapArchiveMember {
  archive: string;
  member: string;
  /** The file whose reference pulled it in (`main.o`, `./libb.a(b1.o)`). */
  neededBy?: string;
  /** The symbol that file referenced. */
  symbol?: string;
}

/** An output section as the map states it (`.text 0x1060 0x1b7`). */
export interface LinkerMapOutputSection {
  name: string;
  address: number;
  size: number;
}

/** Everything read from one GNU ld map. */
export interface LinkerMap {
  /** Input sections in map order (which is address order within each output section). Sections discarded by the linker are not here. */
  inputs: LinkerMapInput[];
  fills: LinkerMapFill[];
  archiveMembers: LinkerMapArchiveMember[];
  /** Output sections with an address and size, `/DISCARD/` excluded. */
  outputSections: LinkerMapOutputSection[];
  /** How many input sections the linker discarded (`--gc-sections`, `/DISCARD/`, duplicate COMDAT groups). */
  discarded: number;
  /** Files named on `LOAD` lines, in order. */
  loadedFiles: string[];
}

type Part = 'archive' | 'other' | 'discarded' | 'memory-config' | 'memory-map';

/** Top-level headings of a GNU ld map and the part each one opens. */
const HEADINGS: ReadonlyMap<string, Part> = new Map<string, Part>([
  ['Archive member included to satisfy reference by file (symbol)', 'archive'],
  ['Archive member included because of file (symbol)', 'archive'],
  ['Discarded input sections', 'discarded'],
  ['Memory Configuration', 'memory-config'],
  ['Linker script and memory map', 'memory-map'],
]);

/** Headings of parts this reader skips (their lines are informational). */
const OTHER_HEADINGS = [
  'Merging program properties',
  'As-needed library included to satisfy reference by file (symbol)',
  'Allocating common symbols',
  'Linker stubs',
  'Cross Reference Table',
];

/**
 * Parses the text of a GNU ld map file.
 * @throws UserError `MAP_BAD` (with the line) when the text is not a GNU ld map.
 */
export function readLdMap(text: string): LinkerMap {
  const lines = text.split(/\r?\n/);
  const map: LinkerMap = {
    inputs: [],
    fills: [],
    archiveMembers: [],
    outputSections: [],
    discarded: 0,
    loadedFiles: [],
  };
  const state: MapState = { part: 'other', section: undefined, current: undefined, sawMemoryMap: false };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = readHeading(line);
    if (heading !== undefined) {
      state.part = heading;
      state.current = undefined;
      if (heading === 'memory-map') state.sawMemoryMap = true;
      continue;
    }
    if (state.part === 'archive') i = readArchiveLine(lines, i, map);
    else if (state.part === 'discarded') i = countDiscarded(lines, i, map);
    else if (state.part === 'memory-map') i = readMemoryMapLine(lines, i, map, state);
  }
  if (!state.sawMemoryMap) throw notAMap(lines);
  return map;
}

interface MapState {
  part: Part;
  /** The output section being listed. */
  section: string | undefined;
  /** The input section that symbol lines belong to. */
  current: LinkerMapInput | undefined;
  sawMemoryMap: boolean;
}

function readHeading(line: string): Part | undefined {
  if (line.length === 0 || line.startsWith(' ')) return undefined;
  const trimmed = line.trimEnd();
  const part = HEADINGS.get(trimmed);
  if (part !== undefined) return part;
  return OTHER_HEADINGS.includes(trimmed) ? 'other' : undefined;
}

function notAMap(lines: string[]): UserError {
  const first = lines.findIndex((l) => l.trim().length > 0);
  const line = first < 0 ? 1 : first + 1;
  const head = (lines[first] ?? '').trim();
  // lld writes a table headed "VMA LMA Size Align Out In Symbol": say so rather than "not a map".
  const detail = /^\s*VMA\s+LMA\s+Size\s+Align\s+Out\s+In\s+Symbol/.test(head)
    ? 'this is an LLVM lld map; only GNU ld maps are supported'
    : 'no "Linker script and memory map" part found; this is not a GNU ld map';
  return new UserError('MAP_BAD', detail, { line, column: 1 });
}

/** `archive(member)` then, on the same line or the next (indented), `file (symbol)`. Returns the last line index used. */
function readArchiveLine(lines: string[], i: number, map: LinkerMap): number {
  const line = lines[i] ?? '';
  if (line.trim().length === 0 || line.startsWith(' ')) return i;
  const m = /^(\S+)(?:\s+(.*))?$/.exec(line.trimEnd());
  if (!m) return i;
  const split = splitArchiveMember(m[1] ?? '');
  if (!split) return i;
  let rest = m[2];
  let last = i;
  const next = lines[i + 1];
  if (rest === undefined && next !== undefined && /^\s+\S/.test(next)) {
    rest = next.trim();
    last = i + 1;
  }
  const entry: LinkerMapArchiveMember = { archive: split.archive, member: split.member };
  const why = rest === undefined ? null : /^(.*?)\s+\((.*)\)$/.exec(rest);
  if (why) {
    entry.neededBy = why[1];
    entry.symbol = why[2];
  } else if (rest) entry.neededBy = rest;
  map.archiveMembers.push(entry);
  return last;
}

/** Counts input-section entries in "Discarded input sections" (name, possibly wrapped, then address and size). */
function countDiscarded(lines: string[], i: number, map: LinkerMap): number {
  const parsed = parseMemoryMapLine(lines, i);
  if (parsed.kind === 'input') map.discarded++;
  return parsed.last;
}

function readMemoryMapLine(lines: string[], i: number, map: LinkerMap, state: MapState): number {
  const parsed = parseMemoryMapLine(lines, i);
  applyMemoryMapLine(parsed, map, state);
  return parsed.last;
}

function applyMemoryMapLine(p: MemoryMapLine, map: LinkerMap, state: MapState): void {
  switch (p.kind) {
    case 'output':
      state.section = p.name;
      state.current = undefined;
      if (p.name !== '/DISCARD/' && p.address !== undefined && p.size !== undefined) {
        map.outputSections.push({ name: p.name, address: p.address, size: p.size });
      }
      return;
    case 'input': {
      state.current = undefined;
      if (state.section === undefined || state.section === '/DISCARD/') return;
      const split = splitArchiveMember(p.file);
      const input: LinkerMapInput = {
        section: state.section,
        inputSection: p.name,
        address: p.address,
        size: p.size,
        object: split ? split.member : p.file,
        file: p.file,
        symbols: [],
      };
      if (split) input.archive = split.archive;
      map.inputs.push(input);
      state.current = input;
      return;
    }
    case 'fill':
      state.current = undefined;
      if (state.section !== undefined && state.section !== '/DISCARD/') {
        const fill: LinkerMapFill = { section: state.section, address: p.address, size: p.size };
        if (p.statement !== undefined) fill.statement = p.statement;
        map.fills.push(fill);
      }
      return;
    case 'symbol':
      state.current?.symbols.push({ address: p.address, name: p.name });
      return;
    case 'load':
      map.loadedFiles.push(p.file);
      return;
    case 'relax-note':
      return;
    default:
      state.current = undefined;
  }
}
