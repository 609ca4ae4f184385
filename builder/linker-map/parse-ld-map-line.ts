/**
 * Classifies one entry of the "Linker script and memory map" part of a GNU ld map. ld prints a name
 * longer than its column (14 characters) on a line of its own and the address, size and file on the
 * next, so an entry may span two lines; the parser reports the last line it used.
 */

/** One classified entry of the memory map. `last` is the index of the last line it occupies. */
export type MemoryMapLine =
  | { kind: 'output'; name: string; address?: number; size?: number; last: number }
  | { kind: 'input'; name: string; address: number; size: number; file: string; last: number }
  | { kind: 'fill'; address: number; size: number; statement?: string; last: number }
  | { kind: 'symbol'; address: number; name: string; last: number }
  | { kind: 'load'; file: string; last: number }
  | { kind: 'relax-note'; last: number }
  | { kind: 'other'; last: number };

const HEX = '0x([0-9a-fA-F]+)';
const ADDRESS_SIZE = new RegExp(`^\\s+${HEX}\\s+${HEX}(?:\\s+load address ${HEX})?\\s*$`);
const OUTPUT_ONE_LINE = new RegExp(`^([^\\s(]+)\\s+${HEX}\\s+${HEX}(?:\\s+load address ${HEX})?\\s*$`);
const INPUT_ONE_LINE = new RegExp(`^ ([^\\s*][^\\s]*)\\s+${HEX}\\s+${HEX}\\s+(\\S.*?)\\s*$`);
const INPUT_CONTINUED = new RegExp(`^\\s+${HEX}\\s+${HEX}\\s+(\\S.*?)\\s*$`);
const FILL = new RegExp(`^ \\*fill\\*\\s+${HEX}\\s+${HEX}(?:\\s+\\S+)?\\s*$`);
const DATA_STATEMENT = new RegExp(`^\\s+${HEX}\\s+${HEX}\\s+((?:BYTE|SHORT|LONG|QUAD|SQUAD)\\b.*?)\\s*$`);
const SYMBOL = new RegExp(`^\\s{2,}${HEX}\\s+(\\S.*?)\\s*$`);
const RELAX_NOTE = new RegExp(`^\\s+${HEX} \\(size before relaxing\\)\\s*$`);

/** Classifies the entry that starts at `lines[i]`. */
export function parseMemoryMapLine(lines: readonly string[], i: number): MemoryMapLine {
  const line = lines[i] ?? '';
  if (line.trim().length === 0) return { kind: 'other', last: i };
  if (line.startsWith('LOAD ')) return { kind: 'load', file: line.slice(5).trim(), last: i };
  if (!line.startsWith(' ')) return parseOutputSection(lines, i);
  if (line.startsWith(' *')) return parseFill(line, i);
  if (/^ \S/.test(line)) return parseInputSection(lines, i);
  return parseIndented(line, i);
}

function parseOutputSection(lines: readonly string[], i: number): MemoryMapLine {
  const line = lines[i] ?? '';
  const one = OUTPUT_ONE_LINE.exec(line);
  if (one) return { kind: 'output', name: one[1] ?? '', address: hex(one[2]), size: hex(one[3]), last: i };
  const name = /^([^\s(]+)\s*$/.exec(line)?.[1];
  if (name === undefined) return { kind: 'other', last: i };
  const next = ADDRESS_SIZE.exec(lines[i + 1] ?? '');
  if (next) return { kind: 'output', name, address: hex(next[1]), size: hex(next[2]), last: i + 1 };
  return { kind: 'output', name, last: i };
}

function parseInputSection(lines: readonly string[], i: number): MemoryMapLine {
  const line = lines[i] ?? '';
  const one = INPUT_ONE_LINE.exec(line);
  if (one)
    return {
      kind: 'input',
      name: one[1] ?? '',
      address: hex(one[2]),
      size: hex(one[3]),
      file: one[4] ?? '',
      last: i,
    };
  const name = /^ ([^\s*][^\s]*)\s*$/.exec(line)?.[1];
  if (name === undefined) return { kind: 'other', last: i };
  const next = INPUT_CONTINUED.exec(lines[i + 1] ?? '');
  if (!next) return { kind: 'other', last: i };
  return { kind: 'input', name, address: hex(next[1]), size: hex(next[2]), file: next[3] ?? '', last: i + 1 };
}

function parseFill(line: string, i: number): MemoryMapLine {
  const m = FILL.exec(line);
  return m ? { kind: 'fill', address: hex(m[1]), size: hex(m[2]), last: i } : { kind: 'other', last: i };
}

/** Deeply indented lines: symbols, assignments, data statements, `PROVIDE`, relaxation notes. */
function parseIndented(line: string, i: number): MemoryMapLine {
  if (RELAX_NOTE.test(line)) return { kind: 'relax-note', last: i };
  const data = DATA_STATEMENT.exec(line);
  if (data)
    return { kind: 'fill', address: hex(data[1]), size: hex(data[2]), statement: data[3] ?? '', last: i };
  const sym = SYMBOL.exec(line);
  if (!sym) return { kind: 'other', last: i };
  const name = sym[2] ?? '';
  // Assignments (`. = ALIGN (0x8)`, `_edata = .`, `PROVIDE (end = .)`) are not symbols of an input section.
  if (name.includes(' = ') || name.startsWith('PROVIDE') || name.startsWith('0x'))
    return { kind: 'other', last: i };
  return { kind: 'symbol', address: hex(sym[1]), name, last: i };
}

/** Splits `path/libfoo.a(member.o)` into archive and member; undefined for a plain file. */
export function splitArchiveMember(file: string): { archive: string; member: string } | undefined {
  const m = /^(.*[^\s])\(([^()]+)\)$/.exec(file);
  if (!m) return undefined;
  return { archive: m[1] ?? '', member: m[2] ?? '' };
}

function hex(digits: string | undefined): number {
  return parseInt(digits ?? '0', 16);
}
