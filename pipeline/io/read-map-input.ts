import { gunzipSync } from 'node:zlib';
import { UserError } from '../../analyzer/model/user-error.js';
import { getMaxInputBytes } from './input-file-kind.js';
import { readInputFile } from './read-input-file.js';

/** A linker map as read from disk: its text, and the bytes the file held (hashed as the input). */
export interface MapInput {
  /** The map's text, unpacked when the file was gzip. */
  text: string;
  /** The file's own bytes (compressed when it was gzip): provenance hashes what the user passed. */
  fileBytes: Buffer;
}

/**
 * Reads a GNU ld map, plain or gzip (`kv.hvt.map.gz`): maps of real unikernels are about 1 MB of
 * text and are kept compressed, so a reviewer should not have to unpack one to pass it. The format is
 * told by gzip's magic bytes, not by the name; the unpacked text is held to the whole-read limit so a
 * small archive cannot expand without bound.
 */
export function readMapInput(path: string): MapInput {
  const fileBytes = readInputFile(path);
  if (fileBytes.length < 2 || fileBytes[0] !== 0x1f || fileBytes[1] !== 0x8b)
    return { text: fileBytes.toString('utf8'), fileBytes };
  try {
    const text = gunzipSync(fileBytes, { maxOutputLength: getMaxInputBytes() }).toString('utf8');
    return { text, fileBytes };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UserError('MAP_BAD', `gzip data could not be unpacked (${why})`, { file: path });
  }
}
