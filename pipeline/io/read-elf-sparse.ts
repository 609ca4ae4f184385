import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../../analyzer/model/user-error.js';
import { ELF_HEADER_BYTES, decodeElfHeader } from '../../builder/elf/decode-elf-header.js';
import { planHeaderTables, planSectionReads, type ByteRange } from '../../builder/elf/plan-elf-reads.js';
import { readElf } from '../../builder/elf/read-elf.js';

/** A file as the ELF readers need it, and its hash. */
export interface SparseFile {
  /** File-sized; only the ranges the readers decode are filled, the rest are untouched zero pages. */
  bytes: Uint8Array;
  sha256: string;
  /** True when the whole file was read (not ELF, or a layout the planner leaves to the full read). */
  complete: boolean;
}

const CHUNK = 4 << 20;

/**
 * Reads an ELF file for analysis without holding its code in memory: the hash streams over the
 * whole file in chunks, and only headers, tables and metadata sections are loaded. Files the
 * planner cannot map (not ELF, odd layouts, damage) are read whole, so the reader reports on real bytes.
 */
export function readElfFileSparse(path: string): SparseFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UserError(
      'FILE_NOT_FOUND',
      `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      { file: path },
    );
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UserError('FILE_NOT_FOUND', 'is a folder, not a file', { file: path });
    const size = stat.size;
    // A plain typed array is backed by zero pages the OS maps lazily: unread parts cost no memory.
    const bytes = new Uint8Array(size);
    const sha256 = hashFile(fd, size);
    const fill = (ranges: ByteRange[]) => ranges.forEach((r) => readFully(fd, bytes, r.offset, r.size));
    fill([{ offset: 0, size: Math.min(size, ELF_HEADER_BYTES) }]);
    try {
      const tables = planHeaderTables(decodeElfHeader(bytes.subarray(0, ELF_HEADER_BYTES)), size);
      if (tables) {
        fill(tables);
        fill(planSectionReads(readElf(bytes)));
        return { bytes, sha256, complete: false };
      }
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      // Not ELF, or damaged tables: fall through to the full read so the error names real bytes.
    }
    fill([{ offset: 0, size }]);
    return { bytes, sha256, complete: true };
  } finally {
    closeSync(fd);
  }
}

function hashFile(fd: number, size: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(size, 1)));
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
