/**
 * Test-only: the DWARF sections of a file as bytes (dumped by objcopy) and what binutils' readelf says
 * about its compile units and `.debug_aranges`, as the independent truth for readDwarfUnits.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DwarfSections } from '../../builder/dwarf/read-dwarf-units.js';

const run = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });

const SECTION_KEYS: Record<string, keyof DwarfSections> = {
  '.debug_info': 'info',
  '.debug_abbrev': 'abbrev',
  '.debug_str': 'str',
  '.debug_line_str': 'lineStr',
  '.debug_str_offsets': 'strOffsets',
  '.debug_addr': 'addr',
  '.debug_aranges': 'aranges',
  '.debug_ranges': 'ranges',
  '.debug_rnglists': 'rnglists',
};

/** Dumps the DWARF sections of `file` with objcopy. */
export function dumpDwarfSections(file: string): DwarfSections {
  const header = run('readelf', ['-hSW', file]);
  const sections: DwarfSections = {
    littleEndian: /little endian/.test(header),
    addressSize: /Class:\s+ELF32/.test(header) ? 4 : 8,
  };
  const present = Object.keys(SECTION_KEYS).filter((name) => new RegExp(`\\]\\s+\\${name}\\s`).test(header));
  if (present.length === 0) return sections;
  const dir = mkdtempSync(path.join(tmpdir(), 'dwarf-sections-'));
  try {
    const args = present.flatMap((name) => ['--dump-section', `${name}=${path.join(dir, name.slice(1))}`]);
    run('objcopy', [...args, file, path.join(dir, 'copy')]);
    for (const name of present) {
      const key = SECTION_KEYS[name];
      if (key)
        (sections as unknown as Record<string, Uint8Array>)[key] = new Uint8Array(
          readFileSync(path.join(dir, name.slice(1))),
        );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return sections;
}

/** A compile unit as `readelf --debug-dump=info --dwarf-depth=1` prints it. */
export interface ReadelfUnit {
  offset: number;
  version: number;
  tag: string;
  name?: string;
  compDir?: string;
  producer?: string;
  dwoName?: string;
  language?: number;
  languageLabel?: string;
  lowPc?: number;
  highPc?: number;
  hasRanges: boolean;
}

/** The top-level DIE of every unit, per readelf. */
export function readelfUnits(file: string): ReadelfUnit[] {
  const units: ReadelfUnit[] = [];
  let unit: ReadelfUnit | undefined;
  let inUnitDie = false;
  for (const line of run('readelf', ['--debug-dump=info', '--dwarf-depth=1', file]).split('\n')) {
    // With split DWARF readelf goes on to print the .dwo files' units: those are not in this file.
    if (/^Contents of the \.debug_info\.dwo section/.test(line)) break;
    const head = /Compilation Unit @ offset (0x[0-9a-f]+|0):/.exec(line);
    if (head) {
      unit = { offset: Number(head[1]), version: 0, tag: '', hasRanges: false };
      units.push(unit);
      continue;
    }
    if (!unit) continue;
    const version = /^\s+Version:\s+(\d+)/.exec(line);
    if (version) unit.version = Number(version[1]);
    const die = /^ <(\d+)><[0-9a-f]+>: Abbrev Number: \d+ \((\w+)\)/.exec(line);
    if (die) {
      inUnitDie = die[1] === '0';
      if (inUnitDie) unit.tag = die[2] ?? '';
      continue;
    }
    if (inUnitDie) readAttributeLine(unit, line);
  }
  return units;
}

function readAttributeLine(unit: ReadelfUnit, line: string): void {
  const m = /^\s+<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s(.*)$/.exec(line);
  if (!m) return;
  const value = (m[2] ?? '').trim();
  const text = (
    /^\(indirect (?:line )?string, offset: (?:0x[0-9a-f]+|\d+)\): (.*)$/.exec(value)?.[1] ??
    /^\(indexed string: (?:0x[0-9a-f]+|\d+)\): (.*)$/.exec(value)?.[1] ??
    value
  ).trimEnd();
  switch (m[1]) {
    case 'DW_AT_name':
      unit.name = text;
      break;
    case 'DW_AT_comp_dir':
      unit.compDir = text;
      break;
    case 'DW_AT_producer':
      unit.producer = text;
      break;
    case 'DW_AT_dwo_name':
    case 'DW_AT_GNU_dwo_name':
      unit.dwoName = text;
      break;
    case 'DW_AT_language': {
      const lang = /^(\d+)\s+\((.*)\)/.exec(value.trim());
      unit.language = Number(lang?.[1]);
      unit.languageLabel = lang?.[2];
      break;
    }
    case 'DW_AT_low_pc':
      unit.lowPc = parseAddress(value);
      break;
    case 'DW_AT_high_pc':
      unit.highPc = parseAddress(value);
      break;
    case 'DW_AT_ranges':
      unit.hasRanges = true;
  }
}

function parseAddress(value: string): number {
  const m = /(0x[0-9a-f]+|\b\d+\b)\s*$/.exec(value.replace(/\(index: (?:0x[0-9a-f]+|\d+)\): /, ''));
  return Number(m?.[1]);
}

/** `.debug_aranges` per readelf: unit offset → `[low, high)` ranges. */
export function readelfAranges(file: string): Map<number, { low: number; high: number }[]> {
  const out = new Map<number, { low: number; high: number }[]>();
  let unit = -1;
  for (const line of run('readelf', ['--debug-dump=aranges', file]).split('\n')) {
    const head = /Offset into \.debug_info:\s+(0x[0-9a-f]+|\d+)/.exec(line);
    if (head) {
      unit = Number(head[1]);
      if (!out.has(unit)) out.set(unit, []);
      continue;
    }
    const tuple = /^\s+([0-9a-f]{8,16})\s+([0-9a-f]{8,16})\s*$/.exec(line);
    if (tuple && unit >= 0) {
      const low = parseInt(tuple[1] ?? '', 16);
      const length = parseInt(tuple[2] ?? '', 16);
      if (length > 0) out.get(unit)?.push({ low, high: low + length });
    }
  }
  return out;
}

/** Sorted, merged ranges (the same normal form readDwarfUnits returns). */
export function normaliseRanges(ranges: { low: number; high: number }[]): { low: number; high: number }[] {
  const sorted = ranges.filter((r) => r.high > r.low).sort((a, b) => a.low - b.low);
  const out: { low: number; high: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.low <= last.high) last.high = Math.max(last.high, r.high);
    else out.push({ ...r });
  }
  return out;
}
