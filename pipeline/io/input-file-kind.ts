import { statSync, type Stats } from 'node:fs';
import { UserError } from '../../analyzer/model/user-error.js';

/**
 * How large a file read whole into memory may be before tcbscope refuses it, in bytes. Images are
 * read in parts (pipeline/io/read-elf-sparse.ts) and have no such limit; manifests, maps, bundles and
 * metadata files are parsed from one buffer, so an unbounded one (a device, a runaway log) would
 * exhaust memory before any parser could object. `--max-input-size` raises it.
 */
export const DEFAULT_MAX_INPUT_BYTES = 1024 * 1024 * 1024;

/** Node cannot hold a file of 2 GiB or more in one Buffer read; past this a whole read is refused. */
const WHOLE_READ_CEILING = 2 ** 31 - 1;

let maxInputBytes = DEFAULT_MAX_INPUT_BYTES;

/** Sets the whole-read limit for this process (from the global `--max-input-size` flag). */
export function setMaxInputBytes(bytes: number): void {
  maxInputBytes = bytes;
}

/** The whole-read limit in force. */
export function getMaxInputBytes(): number {
  return maxInputBytes;
}

/**
 * Refuses anything at `path` that is not a regular file before it is opened: opening a FIFO blocks
 * until a writer appears and a character device such as /dev/zero never ends, so the check has to
 * come from stat, not from a read. Returns the file's stats.
 */
export function requireRegularFile(path: string): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new UserError('FILE_NOT_FOUND', describeFsError(error), { file: path });
  }
  if (stats.isFile()) return stats;
  throw new UserError('INPUT_NOT_FILE', `is ${describeKind(stats)}`, { file: path });
}

/**
 * As {@link requireRegularFile}, and also refuses a file too large to be read whole, naming the limit
 * and the flag that raises it.
 */
export function requireReadableWhole(path: string): Stats {
  const stats = requireRegularFile(path);
  const limit = Math.min(maxInputBytes, WHOLE_READ_CEILING);
  if (stats.size > limit) {
    const why =
      limit === WHOLE_READ_CEILING
        ? `is ${formatSize(stats.size)}; files read whole must be under 2 GiB`
        : `is ${formatSize(stats.size)}, over the limit of ${formatSize(limit)} for files read whole`;
    throw new UserError('INPUT_TOO_LARGE', why, { file: path });
  }
  return stats;
}

/** The error of a failed file-system call as words a user can act on, with the system's code. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder (ENOENT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder (ENOTDIR)';
    case 'EISDIR':
      return 'is a folder, not a file (EISDIR)';
    case 'EEXIST':
      return 'a file is in the way of a folder on the path (EEXIST)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'ELOOP':
      return 'too many symbolic links on the path (ELOOP)';
    case 'ENAMETOOLONG':
      return 'the path is too long (ENAMETOOLONG)';
    default:
      return `cannot access (${code ?? String(error)})`;
  }
}

function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/** Sizes in the units the limit flag takes, so the message and the flag agree. */
export function formatSize(bytes: number): string {
  const units: [string, number][] = [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ];
  for (const [unit, size] of units)
    if (bytes >= size) return `${Number((bytes / size).toPrecision(3))} ${unit}`;
  return `${bytes} bytes`;
}

/**
 * Parses a `--max-input-size` value: a whole number of bytes with an optional K, M or G suffix
 * (binary units, as formatSize prints them). Returns undefined when it is not one.
 */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+)\s*([KMG]i?B?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const scale = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(m[2] ?? '').charAt(0).toUpperCase()] ?? 1;
  const bytes = Number(m[1]) * scale;
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
