import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { describeFsError, requireRegularFile } from './input-file-kind.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { ELF_HEADER_BYTES, decodeElfHeader } from '../../builder/elf/decode-elf-header.js';
import type { ElfFile } from '../../builder/elf/elf-types.js';
import {
  planHeaderTables,
  planSectionNameTable,
  planSectionReads,
  type ByteRange,
} from '../../builder/elf/plan-elf-reads.js';
import { mergeRanges } from '../../builder/elf/loaded-ranges.js';
import { readElf } from '../../builder/elf/read-elf.js';
import { HASH_CHUNK_BYTES } from './hash-chunk.js';

/** An ELF file parsed once, as the analysis needs it, and its hash. */
export interface SparseElfFile {
  /**
   * The parsed headers and tables. Its `bytes` are file-sized, but only the ranges the readers
   * decode are filled: the rest are untouched zero pages.
   */
  elf: ElfFile;
  sha256: string;
}

/**
 * Reads and parses an ELF file for analysis without holding its code in memory: the hash streams
 * over the whole file in chunks, and only headers, tables and metadata sections are loaded. The
 * ElfFile parsed to plan those reads is the one returned, so the analysis does not parse again.
 * Files the planner cannot map (not ELF, odd layouts, damage) are read whole and parsed, so that the
 * UserError readElf throws names real bytes.
 */
export function readElfFileSparse(path: string, options: { hash?: boolean } = {}): SparseElfFile {
  const fd = openImage(path);
  try {
    const size = fstatSync(fd).size;
    // A plain typed array is backed by zero pages the OS maps lazily: unread parts cost no memory.
    const bytes = new Uint8Array(size);
    // hash: false leaves sha256 empty, for a caller that hashes on another thread (hash-file-aside.ts).
    const sha256 = options.hash === false ? '' : hashFile(fd, size);
    const loaded: ByteRange[] = [];
    const fill = (ranges: ByteRange[]): void => {
      for (const r of ranges) readFully(fd, bytes, r.offset, r.size);
      loaded.push(...ranges);
    };
    const elf = parseSparsely(bytes, fill, loaded);
    if (elf) return { elf, sha256 };
    fill([{ offset: 0, size }]);
    return { elf: readElf(bytes, loaded), sha256 };
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads the header, its tables and the section names, parses them, then loads the metadata sections
 * they locate and returns the parse with every loaded range recorded; undefined when the planner
 * gives up.
 */
function parseSparsely(
  bytes: Uint8Array,
  fill: (ranges: ByteRange[]) => void,
  loaded: readonly ByteRange[],
): ElfFile | undefined {
  fill([{ offset: 0, size: Math.min(bytes.byteLength, ELF_HEADER_BYTES) }]);
  try {
    const header = decodeElfHeader(bytes.subarray(0, ELF_HEADER_BYTES));
    const tables = planHeaderTables(header, bytes.byteLength);
    if (!tables) return undefined;
    fill(tables);
    fill(planSectionNameTable(bytes, header));
    const elf = readElf(bytes, loaded);
    fill(planSectionReads(elf));
    return { ...elf, loaded: mergeRanges(loaded) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return undefined; // not ELF, or damaged tables: the full read reports it on real bytes
  }
}

function openImage(path: string): number {
  // Stat before open: opening a FIFO would block, and a device has no end to hash.
  requireRegularFile(path);
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw new UserError('FILE_NOT_FOUND', describeFsError(error), { file: path });
  }
}

function hashFile(fd: number, size: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(Math.min(HASH_CHUNK_BYTES, Math.max(size, 1)));
  for (let at = 0; at < size;) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - at), at);
    if (n === 0) break;
    hash.update(chunk.subarray(0, n));
    at += n;
  }
  return hash.digest('hex');
}

function readFully(fd: number, into: Uint8Array, offset: number, size: number): void {
  for (let done = 0; done < size;) {
    const n = readSync(fd, into, offset + done, size - done, offset + done);
    if (n === 0) break;
    done += n;
  }
}
