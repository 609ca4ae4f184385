/**
 * Runs GNU binutils (readelf, nm) on a file during a test and parses their text, so that the ELF
 * reader is checked against an independent implementation on the same bytes.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const outputs = new Map<string, string>();

/** Runs a tool and returns its standard output (C locale, so the text is stable); repeated runs are served from memory. */
export function runTool(tool: string, args: string[]): string {
  const key = JSON.stringify([tool, ...args]);
  let out = outputs.get(key);
  if (out === undefined) {
    out = execFileSync(tool, args, { maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: 'C' } }).toString(
      'utf8',
    );
    outputs.set(key, out);
  }
  return out;
}

/**
 * Runs every binutils command the parsers below use on `files`, a few at a time, without blocking
 * the event loop (a long synchronous stretch trips vitest's worker RPC timeout); later calls are
 * then served from memory.
 */
export async function prefetchBinutils(files: string[], concurrency = 2): Promise<void> {
  const jobs: [string, string[]][] = [];
  for (const f of files) {
    for (const flag of ['-hW', '-SW', '-lW', '-dW', '-nW', '-sW']) jobs.push(['readelf', [flag, f]]);
    jobs.push(
      ['nm', ['-S', '--without-symbol-versions', f]],
      ['nm', ['-D', '-S', '--without-symbol-versions', f]],
    );
  }
  const next = async (): Promise<void> => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const [tool, args] = job;
      const key = JSON.stringify([tool, ...args]);
      if (outputs.has(key)) continue;
      // nm exits 1 on a file without the table asked for; its (empty) output is still the answer.
      const result = await execFileAsync(tool, args, {
        maxBuffer: 1 << 30,
        env: { ...process.env, LC_ALL: 'C' },
      }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
      outputs.set(key, String(result.stdout));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, next));
}

/** `readelf -hW`: label → value, e.g. `Number of section headers` → `31`. */
export function readelfHeader(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of runTool('readelf', ['-hW', file]).split('\n')) {
    const m = /^\s+([^:]+):\s+(.*?)\s*$/.exec(line);
    if (m && m[1] && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/** One row of `readelf -SW`. Numbers are parsed from readelf's hex (address, offset, size, entsize) and decimal columns. */
export interface ReadelfSection {
  index: number;
  name: string;
  type: string;
  address: bigint;
  offset: number;
  size: number;
  entsize: number;
  flags: string;
  link: number;
  info: number;
  align: number;
}

const SECTION_ROW =
  /^\s*\[\s*(\d+)\]\s(.*?)\s+(SYMTAB SECTION INDICES|\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([A-Za-z]*)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/;

/** `readelf -SW`: every section header row. */
export function readelfSections(file: string): ReadelfSection[] {
  const rows: ReadelfSection[] = [];
  for (const line of runTool('readelf', ['-SW', file]).split('\n')) {
    const m = SECTION_ROW.exec(line);
    if (!m) continue;
    const [, index, name, type, address, offset, size, entsize, flags, link, info, align] =
      m as unknown as string[];
    rows.push({
      index: Number(index),
      name: (name as string).trim(),
      type: type as string,
      address: BigInt(`0x${address}`),
      offset: parseInt(offset as string, 16),
      size: parseInt(size as string, 16),
      entsize: parseInt(entsize as string, 16),
      flags: flags as string,
      link: Number(link),
      info: Number(info),
      align: Number(align),
    });
  }
  return rows;
}

/** One row of `readelf -lW`. */
export interface ReadelfSegment {
  type: string;
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: number;
  flags: string;
  align: number;
}

const SEGMENT_ROW =
  /^\s+(\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+([RWE ]{3})\s+0x([0-9a-f]+)\s*$/;

/** `readelf -lW`: every program header row. */
export function readelfSegments(file: string): ReadelfSegment[] {
  const rows: ReadelfSegment[] = [];
  for (const line of runTool('readelf', ['-lW', file]).split('\n')) {
    const m = SEGMENT_ROW.exec(line);
    if (!m) continue;
    const [, type, offset, vaddr, , filesz, memsz, flags, align] = m as unknown as string[];
    rows.push({
      type: type as string,
      offset: parseInt(offset as string, 16),
      vaddr: BigInt(`0x${vaddr}`),
      filesz: parseInt(filesz as string, 16),
      memsz: parseInt(memsz as string, 16),
      flags: (flags as string).replace(/ /g, ''),
      align: parseInt(align as string, 16),
    });
  }
  return rows;
}

/** `readelf -dW`: NEEDED, SONAME, RUNPATH, RPATH in order. */
export function readelfDynamic(file: string): {
  needed: string[];
  soname?: string;
  runpath: string[];
  rpath: string[];
} {
  const out: { needed: string[]; soname?: string; runpath: string[]; rpath: string[] } = {
    needed: [],
    runpath: [],
    rpath: [],
  };
  for (const line of runTool('readelf', ['-dW', file]).split('\n')) {
    const m = /\((NEEDED|SONAME|RUNPATH|RPATH)\)\s+.*?: \[(.*)\]\s*$/.exec(line);
    if (!m) continue;
    const value = m[2] as string;
    if (m[1] === 'NEEDED') out.needed.push(value);
    else if (m[1] === 'SONAME') out.soname = value;
    else if (m[1] === 'RUNPATH') out.runpath.push(...value.split(':'));
    else out.rpath.push(...value.split(':'));
  }
  return out;
}

/** One note as `readelf -nW` lists it. */
export interface ReadelfNote {
  /** Section name, or undefined for notes found in segments. */
  section?: string;
  owner: string;
  dataSize: number;
  /** The description column (`NT_GNU_BUILD_ID (unique build ID bitstring)`, `Unknown note type: (0x31494241)`). */
  description: string;
  /** Lines readelf printed under the note (decoded contents, `description data: ...` bytes). */
  details: string[];
}

/** `readelf -nW`: every note, with its container. */
export function readelfNotes(file: string): ReadelfNote[] {
  const notes: ReadelfNote[] = [];
  let section: string | undefined;
  for (const line of runTool('readelf', ['-nW', file]).split('\n')) {
    const head = /^Displaying notes found (?:in|at file offset).*?(?:: (\S+))?$/.exec(line);
    if (head) {
      section = line.includes(' in: ') ? line.split(' in: ')[1]?.trim() : undefined;
      continue;
    }
    const m = /^\s{2}(\S.*?)\s+0x([0-9a-f]+)\t(.*)$/.exec(line);
    if (m && m[1] !== 'Owner') {
      const note: ReadelfNote = {
        owner: m[1] as string,
        dataSize: parseInt(m[2] as string, 16),
        description: (m[3] as string).trim(),
        details: [],
      };
      if (section !== undefined) note.section = section;
      notes.push(note);
    } else if (notes.length > 0 && /^\s{3,}\S/.test(line)) {
      notes[notes.length - 1]?.details.push(line.trim());
    }
  }
  return notes;
}

/** One line of `nm -S`: value and size as bigint (absent for undefined symbols / symbols without a size). */
export interface NmSymbol {
  value?: bigint;
  size?: bigint;
  letter: string;
  name: string;
}

/** `nm -S` (or `nm -D -S` with `dynamic`), symbol versions left out. */
export function nmSymbols(file: string, dynamic: boolean): NmSymbol[] {
  const args = [...(dynamic ? ['-D'] : []), '-S', '--without-symbol-versions', file];
  const rows: NmSymbol[] = [];
  for (const line of runTool('nm', args).split('\n')) {
    let m = /^([0-9a-f]+) ([0-9a-f]+) (\S) (.*)$/.exec(line);
    if (m) {
      rows.push({
        value: BigInt(`0x${m[1]}`),
        size: BigInt(`0x${m[2]}`),
        letter: m[3] as string,
        name: m[4] as string,
      });
      continue;
    }
    m = /^([0-9a-f]+) (\S) (.*)$/.exec(line);
    if (m) {
      rows.push({ value: BigInt(`0x${m[1]}`), letter: m[2] as string, name: m[3] as string });
      continue;
    }
    m = /^\s+(\S) (.*)$/.exec(line);
    if (m) rows.push({ letter: m[1] as string, name: m[2] as string });
  }
  return rows;
}

/** `readelf -sW` rows of one table: index, value, size, type, bind, ndx and the name (versions stripped). */
export function readelfSymbols(
  file: string,
  dynamic: boolean,
): { index: number; value: bigint; size: number; type: string; bind: string; ndx: string; name: string }[] {
  const rows: {
    index: number;
    value: bigint;
    size: number;
    type: string;
    bind: string;
    ndx: string;
    name: string;
  }[] = [];
  let inTable = false;
  for (const line of runTool('readelf', ['-sW', file]).split('\n')) {
    const head = /^Symbol table '(.*)'/.exec(line);
    if (head) {
      inTable = dynamic ? head[1] === '.dynsym' : head[1] !== '.dynsym';
      continue;
    }
    if (!inTable) continue;
    const m = /^\s*(\d+): ([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+(\S+)\s+(\S+)\s+\S+\s+(\S+)\s?(.*)$/.exec(line);
    if (!m) continue;
    rows.push({
      index: Number(m[1]),
      value: BigInt(`0x${m[2]}`),
      size: Number(m[3]),
      type: m[4] as string,
      bind: m[5] as string,
      ndx: m[6] as string,
      name: (m[7] as string).replace(/@{1,2}[^@\s]*( \(\d+\))?$/, ''),
    });
  }
  return rows;
}
