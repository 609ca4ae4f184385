import type { ElfSymbolTable } from '../elf/elf-types.js';
import { parseOcamlMarker } from './ocaml-symbols.js';

/** One OCaml unit's code or data, between its begin and end markers, in offsets of one section. */
export interface MarkerRange {
  start: number;
  end: number;
  unit: string;
}

/**
 * OCaml unit ranges from `code_begin`/`code_end` and `data_begin`/`data_end` marker pairs, per
 * section index. Every unit the markers name is added to `knownUnits`. The symbol table lists an
 * end marker before its begin marker as often as after (it is not in address order), so begins and
 * ends are collected first and paired afterwards.
 */
export function collectMarkers(
  symbols: ElfSymbolTable | undefined,
  knownUnits: Set<string>,
): Map<number, MarkerRange[]> {
  const out = new Map<number, MarkerRange[]>();
  if (!symbols) return out;
  const begins = new Map<string, { shndx: number; offset: number }>();
  const ends = new Map<string, { shndx: number; offset: number }>();
  for (let i = 1; i < symbols.count; i++) {
    if ((symbols.size[i] as number) !== 0) continue;
    const name = symbols.name(i);
    if (!name.startsWith('caml')) continue;
    const marker = parseOcamlMarker(name);
    if (!marker) continue;
    knownUnits.add(marker.unit);
    const at = { shndx: symbols.shndx[i] as number, offset: symbols.sectionOffset[i] as number };
    const kind = marker.marker.startsWith('code') ? 'code' : 'data';
    if (marker.marker === 'code_begin' || marker.marker === 'data_begin')
      begins.set(`${kind}:${marker.unit}`, at);
    if (marker.marker === 'code_end' || marker.marker === 'data_end') ends.set(`${kind}:${marker.unit}`, at);
  }
  for (const key of [...begins.keys()].sort()) {
    const begin = begins.get(key) as { shndx: number; offset: number };
    const end = ends.get(key);
    if (!end || end.shndx !== begin.shndx || end.offset <= begin.offset) continue;
    let list = out.get(begin.shndx);
    if (!list) out.set(begin.shndx, (list = []));
    list.push({ start: begin.offset, end: end.offset, unit: key.slice(key.indexOf(':') + 1) });
  }
  return out;
}
