/**
 * Reads the binutils ground truth that `fixtures/build.sh` recorded beside each fixture image
 * (`<image>.readelf-S.txt`, `<image>.nm-S.txt`, ...), so tests compare tcbscope's readers with
 * what readelf, nm and size said about the same bytes when the fixture was built.
 * Each `parse*` takes the recorded text; each `read*` takes the path of a recorded file.
 * Numbers are JavaScript numbers: every address in the fixtures is below 2^53.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Root of the fixture images: committed cases in `<case>/`, large built ones in `build/<case>/`. */
export const FIXTURE_IMAGES_DIR = path.resolve(import.meta.dirname, '../../fixtures/images');

/** The large OCaml fixture image build.sh writes (not committed). */
export const OCAML_FIXTURE = path.join(FIXTURE_IMAGES_DIR, 'build/ocaml-https/ocaml-https');

/** The ground-truth files build.sh writes, by the suffix after `<image>.`. */
export const TRUTH_KINDS = [
  'readelf-h',
  'readelf-S',
  'readelf-l',
  'readelf-n',
  'readelf-d',
  'nm-S',
  'nm-D-S',
  'size-A',
  'sha256',
  'filesize',
] as const;

/** One kind of recorded binutils output. */
export type TruthKind = (typeof TRUTH_KINDS)[number];

/** A fixture image and the ground-truth files recorded for it. */
export interface FixtureImage {
  /** File name of the image, e.g. `solo5-hvt`. */
  name: string;
  /** The folder it sits in under fixtures/images, e.g. `solo5` or `ocaml-https`. */
  group: string;
  /** Absolute path of the image. */
  image: string;
  /** True for the large images build.sh writes under fixtures/images/build/ (not committed). */
  built: boolean;
  /** Absolute path of each recorded truth file that exists for this image. */
  truth: Partial<Record<TruthKind, string>>;
}

/** One row of `readelf -SW`; address, offset, size and entsize are parsed from hex. */
export interface TruthSection {
  index: number;
  name: string;
  type: string;
  address: number;
  offset: number;
  size: number;
  entsize: number;
  /** readelf's flag letters, e.g. `AX`, `WA`, `MS`, or `` for none. */
  flags: string;
  link: number;
  info: number;
  align: number;
}

/** `size -A`: one row per section it lists (decimal in the file) and its `Total` line. */
export interface TruthSizeA {
  sections: { name: string; size: number; address: number }[];
  total: number;
}

/** One line of `nm -S` / `nm -D -S`; address and size are absent where nm prints none (undefined symbols, unsized ones). */
export interface TruthSymbol {
  address: number | undefined;
  size: number | undefined;
  /** nm's one-letter type, e.g. `T`, `t`, `D`, `B`, `R`, `U`, `w`. */
  type: string;
  name: string;
}

/** One note as `readelf -n` prints it. */
export interface TruthNote {
  /** The section named in "Displaying notes found in: ..." (undefined when readelf read a segment). */
  section: string | undefined;
  owner: string;
  /** The "Data size" column: the descriptor size in bytes. */
  dataSize: number;
  /** The description as printed, e.g. `NT_GNU_BUILD_ID (unique build ID bitstring)` or `Unknown note type: (0x31494241)`. */
  description: string;
  /** The bytes of "description data:" lines, which readelf prints for notes it does not decode. */
  data: number[] | undefined;
  /** The indented lines readelf printed under the note, verbatim but trimmed. */
  details: string[];
}

/** `readelf -dW`: the DT_NEEDED names in order, DT_SONAME, and every entry's tag name and printed value. */
export interface TruthDynamic {
  needed: string[];
  soname: string | undefined;
  entries: { tag: string; value: string }[];
}

const SECTION_ROW =
  /^\s*\[\s*(\d+)\]\s(.*?)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([A-Za-z]*)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/;

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

function hex(text: string): number {
  return parseInt(text, 16);
}

/** Parses `readelf -SW` text into its section rows, in header order. */
export function parseSectionTable(text: string): TruthSection[] {
  const rows: TruthSection[] = [];
  for (const line of text.split('\n')) {
    const m = SECTION_ROW.exec(line);
    if (!m) continue;
    const [, index, name, type, address, offset, size, entsize, flags, link, info, align] =
      m as unknown as string[];
    rows.push({
      index: Number(index),
      name: (name ?? '').trim(),
      type: type ?? '',
      address: hex(address ?? ''),
      offset: hex(offset ?? ''),
      size: hex(size ?? ''),
      entsize: hex(entsize ?? ''),
      flags: flags ?? '',
      link: Number(link),
      info: Number(info),
      align: Number(align),
    });
  }
  return rows;
}

/** Parses `readelf -hW` text into label → value, e.g. `Number of section headers` → `23`. */
export function parseElfHeader(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s+([^:]+):\s+(.*?)\s*$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/** Parses `size -A` text. */
export function parseSizeA(text: string): TruthSizeA {
  const sections: TruthSizeA['sections'] = [];
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const t = /^Total\s+(\d+)\s*$/.exec(line);
    if (t) total = Number(t[1]);
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s*$/.exec(line);
    if (m && !t) sections.push({ name: m[1] ?? '', size: Number(m[2]), address: Number(m[3]) });
  }
  if (total === undefined) throw new Error('size -A text without a Total line');
  return { sections, total };
}

/** Parses `nm -S` (or `nm -D -S`) text; an empty file (a stripped image) gives no symbols. */
export function parseNmS(text: string): TruthSymbol[] {
  const symbols: TruthSymbol[] = [];
  for (const line of text.split('\n')) {
    // address? size? type name: nm pads a missing address with spaces; both columns are 8 or 16 hex digits.
    const m = /^([0-9a-f]{8,})?\s+(?:([0-9a-f]{8,})\s+)?(\S)\s(.+)$/.exec(line);
    if (!m) continue;
    symbols.push({
      address: m[1] === undefined ? undefined : hex(m[1]),
      size: m[2] === undefined ? undefined : hex(m[2]),
      type: m[3] ?? '',
      name: m[4] ?? '',
    });
  }
  return symbols;
}

/** Parses `readelf -n` text into its notes, each with the section it was found in. */
export function parseNotes(text: string): TruthNote[] {
  const notes: TruthNote[] = [];
  let section: string | undefined;
  let current: TruthNote | undefined;
  for (const line of text.split('\n')) {
    const found = /^Displaying notes found (?:in: (\S+)|at file offset)/.exec(line);
    if (found) {
      section = found[1];
      current = undefined;
      continue;
    }
    const note = /^ {2}(\S.*?)\s+0x([0-9a-f]+)\t(.*)$/.exec(line);
    if (note) {
      current = {
        section,
        owner: note[1] ?? '',
        dataSize: hex(note[2] ?? ''),
        description: (note[3] ?? '').trim(),
        data: undefined,
        details: [],
      };
      notes.push(current);
      continue;
    }
    if (!current || !/^ {3,}\S/.test(line)) continue;
    const detail = line.trim();
    current.details.push(detail);
    const data = /^description data:\s*(.*)$/.exec(detail);
    if (data) current.data = (data[1] ?? '').trim().split(/\s+/).filter(Boolean).map(hex);
  }
  return notes;
}

/** Parses `readelf -dW` text. */
export function parseDynamic(text: string): TruthDynamic {
  const entries: TruthDynamic['entries'] = [];
  const needed: string[] = [];
  let soname: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s*0x[0-9a-f]+\s+\((\w+)\)\s+(.*?)\s*$/.exec(line);
    if (!m) continue;
    const tag = m[1] ?? '';
    const value = m[2] ?? '';
    entries.push({ tag, value });
    const name = /\[(.*)\]$/.exec(value)?.[1];
    if (tag === 'NEEDED' && name !== undefined) needed.push(name);
    if (tag === 'SONAME' && name !== undefined) soname = name;
  }
  return { needed, soname, entries };
}

/** Reads a recorded `readelf -SW` file. */
export function readSectionTable(file: string): TruthSection[] {
  return parseSectionTable(readText(file));
}

/** Reads a recorded `readelf -hW` file. */
export function readElfHeader(file: string): Record<string, string> {
  return parseElfHeader(readText(file));
}

/** Reads a recorded `size -A` file. */
export function readSizeA(file: string): TruthSizeA {
  return parseSizeA(readText(file));
}

/** Reads a recorded `nm -S` or `nm -D -S` file. */
export function readNmS(file: string): TruthSymbol[] {
  return parseNmS(readText(file));
}

/** Reads a recorded `readelf -n` file. */
export function readNotes(file: string): TruthNote[] {
  return parseNotes(readText(file));
}

/** Reads a recorded `readelf -dW` file. */
export function readDynamic(file: string): TruthDynamic {
  return parseDynamic(readText(file));
}

/** Reads a recorded `stat -c %s` file: the image's size in bytes. */
export function readFileSize(file: string): number {
  return Number(readText(file).trim());
}

/** Reads a recorded `sha256sum` file: the image's digest in lower-case hex. */
export function readSha256(file: string): string {
  return readText(file).trim().split(/\s+/)[0] ?? '';
}

function listGroup(dir: string, group: string, built: boolean): FixtureImage[] {
  const files = new Set(readdirSync(dir));
  const images: FixtureImage[] = [];
  for (const name of [...files].sort()) {
    // An image is any file for which build.sh recorded readelf -h.
    if (!files.has(`${name}.readelf-h.txt`)) continue;
    const truth: FixtureImage['truth'] = {};
    for (const kind of TRUTH_KINDS)
      if (files.has(`${name}.${kind}.txt`)) truth[kind] = path.join(dir, `${name}.${kind}.txt`);
    images.push({ name, group, image: path.join(dir, name), built, truth });
  }
  return images;
}

function subdirectories(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => statSync(path.join(dir, d)).isDirectory())
    .sort();
}

/** Every fixture image with recorded truth: the committed ones, then the built ones when fixtures/images/build/ exists. */
export function fixturePaths(root: string = FIXTURE_IMAGES_DIR): FixtureImage[] {
  const committed = subdirectories(root)
    .filter((d) => d !== 'build')
    .flatMap((d) => listGroup(path.join(root, d), d, false));
  const buildDir = path.join(root, 'build');
  const built = subdirectories(buildDir).flatMap((d) => listGroup(path.join(buildDir, d), d, true));
  return [...committed, ...built];
}
