import { UserError } from '../../analyzer/model/user-error.js';
import { readAr } from './read-ar.js';
import { parseDeb822 } from './parse-deb822.js';
import { readTar } from './read-tar.js';
import type { TarEntry } from './read-tar.js';

/** Decompressors passed in by the caller, so that the core stays free of native and Node modules. */
export interface Decompressors {
  gzip(bytes: Uint8Array): Uint8Array;
  xz(bytes: Uint8Array): Uint8Array;
  zstd(bytes: Uint8Array): Uint8Array;
  bzip2?(bytes: Uint8Array): Uint8Array;
}

/** One file of a `.deb`'s data archive. */
export interface DebFile {
  /** Absolute install path: `/usr/sbin/nginx`. */
  path: string;
  type: TarEntry['type'];
  mode: number;
  size: number;
  linkTarget?: string;
  /** The file's bytes: a view into the decompressed data archive. */
  data: Uint8Array;
}

/** What a `.deb` holds: its format version, control fields, and data files. */
export interface DebContents {
  formatVersion: string;
  /** Fields of `control`, names as written. */
  control: Record<string, string>;
  controlMember: string;
  dataMember: string;
  files: DebFile[];
}

/**
 * Reads a binary `.deb` (an `ar` archive of `debian-binary`, `control.tar.*`, `data.tar.*`).
 * Throws `DEB_BAD` naming the file and the member for anything malformed or cut short.
 */
export function readDeb(bytes: Uint8Array, decompressors: Decompressors, file?: string): DebContents {
  const members = readAr(bytes, file);
  const binary = members[0];
  if (!binary || binary.name !== 'debian-binary')
    throw new UserError('DEB_BAD', 'first ar member is not "debian-binary"', { file, offset: 8 });
  const formatVersion = new TextDecoder().decode(binary.data).trim();
  if (!formatVersion.startsWith('2.'))
    throw new UserError('DEB_BAD', `unsupported .deb format version ${JSON.stringify(formatVersion)}`, {
      file,
      at: 'debian-binary',
    });
  const controlMember = members.find((m) => m.name.startsWith('control.tar'));
  const dataMember = members.find((m) => m.name.startsWith('data.tar'));
  if (!controlMember) throw new UserError('DEB_BAD', 'no control.tar member', { file });
  if (!dataMember) throw new UserError('DEB_BAD', 'no data.tar member', { file });

  const controlTar = decompressMember(
    controlMember.name,
    controlMember.data,
    decompressors,
    file,
    controlMember.offset,
  );
  const controlEntry = readTar(controlTar, `${file ?? '<deb>'}:${escapeName(controlMember.name)}`).find(
    (e) => e.path === 'control',
  );
  if (!controlEntry) throw new UserError('DEB_BAD', `${controlMember.name} has no "control" file`, { file });
  const paragraph = parseDeb822(new TextDecoder().decode(controlEntry.data), `${file ?? '<deb>'}:control`)[0];
  if (!paragraph) throw new UserError('DEB_BAD', 'the control file is empty', { file, at: 'control' });

  const dataTar = decompressMember(dataMember.name, dataMember.data, decompressors, file, dataMember.offset);
  const files = readTar(dataTar, `${file ?? '<deb>'}:${escapeName(dataMember.name)}`)
    .filter((e) => e.path !== '')
    .map((e) => {
      const out: DebFile = {
        path: '/' + e.path.replace(/\/$/, ''),
        type: e.type,
        mode: e.mode,
        size: e.size,
        data: e.data,
      };
      if (e.linkTarget !== undefined) out.linkTarget = e.linkTarget;
      return out;
    });
  return {
    formatVersion,
    control: paragraph.fields,
    controlMember: controlMember.name,
    dataMember: dataMember.name,
    files,
  };
}

/** Decompresses one member by its suffix; a decompressor's own failure becomes `DEB_BAD` at that member. */
function decompressMember(
  name: string,
  data: Uint8Array,
  d: Decompressors,
  file: string | undefined,
  offset: number,
): Uint8Array {
  const suffix = name.slice(name.lastIndexOf('.') + 1);
  const run = (fn: ((b: Uint8Array) => Uint8Array) | undefined): Uint8Array => {
    if (!fn)
      throw new UserError(
        'DEB_BAD',
        `member ${JSON.stringify(name)}: compression ${JSON.stringify(suffix)} is not supported`,
        {
          file,
          offset,
        },
      );
    try {
      return fn(data);
    } catch (error) {
      throw new UserError(
        'DEB_BAD',
        `member ${JSON.stringify(name)} does not decompress (${(error as Error).message})`,
        {
          file,
          offset,
          at: name,
        },
      );
    }
  };
  switch (suffix) {
    case 'tar':
      return data;
    case 'gz':
      return run(d.gzip);
    case 'xz':
      return run(d.xz);
    case 'zst':
      return run(d.zstd);
    case 'bz2':
      return run(d.bzip2);
    default:
      throw new UserError(
        'DEB_BAD',
        `member ${JSON.stringify(name)}: unknown compression ${JSON.stringify(suffix)}`,
        { file, offset },
      );
  }
}

/** A member name as it appears inside a message: escaped as in JSON (a newline stays on the one line). */
function escapeName(name: string): string {
  return JSON.stringify(name).slice(1, -1);
}
