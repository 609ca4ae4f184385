/**
 * The dynamic section (DT_NEEDED, DT_SONAME, DT_RUNPATH, DT_RPATH) and the program interpreter.
 */
import { ByteReader, elfByteReader, decodeCString, failBadField } from './byte-reader.js';
import {
  DT_NEEDED,
  DT_NULL,
  DT_RPATH,
  DT_RUNPATH,
  DT_SONAME,
  DT_STRSZ,
  DT_STRTAB,
  PT_DYNAMIC,
  PT_INTERP,
  PT_LOAD,
  SHT_DYNAMIC,
} from './elf-constants.js';
import type { ElfFile } from './elf-types.js';
import { requireLoaded } from './loaded-ranges.js';

/** What the dynamic section says about the libraries a file needs and its own name. */
export interface DynamicInfo {
  /** DT_NEEDED entries, in order. */
  needed: string[];
  soname?: string;
  /** DT_RUNPATH directories (each entry split at `:`), in order. */
  runpath: string[];
  /** DT_RPATH directories (each entry split at `:`), in order. */
  rpath: string[];
}

interface Range {
  offset: number;
  size: number;
  at: string;
}

/**
 * Reads the dynamic section (SHT_DYNAMIC, or PT_DYNAMIC with DT_STRTAB mapped through PT_LOAD when
 * the file has no section headers). A file without one (static, relocatable) gives empty lists.
 */
export function readDynamic(elf: ElfFile): DynamicInfo {
  const out: DynamicInfo = { needed: [], runpath: [], rpath: [] };
  const r = elfByteReader(elf);
  const entries = readEntries(r, elf);
  if (!entries) return out;
  const strtab = locateStrings(elf, entries);
  if (!strtab) return out;
  r.need(strtab.offset, strtab.size, strtab.at);
  for (const e of entries.list) {
    if (e.tag !== DT_NEEDED && e.tag !== DT_SONAME && e.tag !== DT_RUNPATH && e.tag !== DT_RPATH) continue;
    if (e.value >= strtab.size)
      failBadField(
        `d_val ${e.value} is past the end of the ${strtab.size}-byte dynamic string table`,
        e.offset,
        `${entries.at} entry ${e.index}`,
      );
    const text = decodeCString(elf.bytes, strtab.offset + e.value, strtab.offset + strtab.size);
    if (e.tag === DT_NEEDED) out.needed.push(text);
    else if (e.tag === DT_SONAME) out.soname = text;
    else if (e.tag === DT_RUNPATH) out.runpath.push(...text.split(':'));
    else out.rpath.push(...text.split(':'));
  }
  return out;
}

/** PT_INTERP (or the `.interp` section when there are no program headers), without its NUL. */
export function readInterpreter(elf: ElfFile): string | undefined {
  const range = locateInterpreter(elf);
  if (!range) return undefined;
  requireLoaded(elf.loaded, range.offset, range.size, range.at);
  return decodeCString(elf.bytes, range.offset, range.offset + range.size);
}

function locateInterpreter(elf: ElfFile): Range | undefined {
  const seg = elf.segments.find((s) => s.type === PT_INTERP);
  if (seg && seg.filesz > 0) return { offset: seg.offset, size: seg.filesz, at: 'INTERP segment' };
  if (elf.segments.length > 0) return undefined;
  const sec = elf.sections.find((s) => s.name === '.interp' && s.fileSize > 0);
  return sec ? { offset: sec.offset, size: sec.fileSize, at: 'section .interp' } : undefined;
}

interface DynEntry {
  index: number;
  offset: number;
  tag: number;
  value: number;
}

function readEntries(
  r: ByteReader,
  elf: ElfFile,
): { list: DynEntry[]; at: string; link?: number } | undefined {
  let range: Range | undefined;
  let link: number | undefined;
  const sec = elf.sections.find((s) => s.type === SHT_DYNAMIC);
  if (sec) {
    range = { offset: sec.offset, size: sec.fileSize, at: sec.name || 'dynamic section' };
    link = sec.link;
  } else if (elf.sections.length === 0) {
    const seg = elf.segments.find((s) => s.type === PT_DYNAMIC);
    if (seg) range = { offset: seg.offset, size: seg.filesz, at: 'DYNAMIC segment' };
  }
  if (!range) return undefined;
  r.need(range.offset, range.size, range.at);
  const entsize = elf.bits === 64 ? 16 : 8;
  const list: DynEntry[] = [];
  for (let i = 0; (i + 1) * entsize <= range.size; i++) {
    const off = range.offset + i * entsize;
    const tag = elf.bits === 64 ? r.i64(off) : r.view.getInt32(off, elf.littleEndian);
    if (tag === DT_NULL) break;
    list.push({ index: i, offset: off, tag, value: elf.bits === 64 ? r.u64(off + 8) : r.u32(off + 4) });
  }
  const result: { list: DynEntry[]; at: string; link?: number } = { list, at: range.at };
  if (link !== undefined) result.link = link;
  return result;
}

/** The dynamic string table: the section sh_link names, else DT_STRTAB/DT_STRSZ mapped through PT_LOAD. */
function locateStrings(elf: ElfFile, entries: { list: DynEntry[]; link?: number }): Range | undefined {
  if (entries.link !== undefined) {
    const s = elf.sections[entries.link];
    if (!s) return undefined;
    return { offset: s.offset, size: s.fileSize, at: s.name };
  }
  const addr = entries.list.find((e) => e.tag === DT_STRTAB)?.value;
  const size = entries.list.find((e) => e.tag === DT_STRSZ)?.value;
  if (addr === undefined || size === undefined) return undefined;
  const load = elf.segments.find(
    (s) => s.type === PT_LOAD && addr >= s.vaddr && addr + size <= s.vaddr + s.filesz,
  );
  if (!load) return undefined;
  return { offset: load.offset + (addr - load.vaddr), size, at: 'DT_STRTAB' };
}
