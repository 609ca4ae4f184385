import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ArchiveDefinition } from '../../builder/attribution/unit-resolver.js';
import {
  AR_HEADER_SIZE,
  AR_MAGIC_SIZE,
  decodeArMemberName,
  readArMemberHeader,
  readArSymbolTable,
} from '../../builder/archive/read-ar-symbol-table.js';

/**
 * Which installed static archive members were linked into an image, and the symbols they define:
 * a member counts when every global symbol it defines is among the image's `defined` symbols.
 * Reads only each archive's symbol index, its long-name table and the headers of the members
 * kept, never the members themselves.
 * Archives that cannot be read are skipped and counted: they are the system's, not the user's input.
 */
export function readArchiveSymbols(
  archives: readonly string[],
  defined: ReadonlySet<string>,
): { definitions: Map<string, ArchiveDefinition[]>; skipped: string[] } {
  const definitions = new Map<string, ArchiveDefinition[]>();
  const skipped: string[] = [];
  for (const archive of [...archives].sort()) {
    try {
      readOne(archive, defined, definitions);
    } catch {
      skipped.push(archive);
    }
  }
  return { definitions, skipped };
}

function readOne(
  archive: string,
  defined: ReadonlySet<string>,
  into: Map<string, ArchiveDefinition[]>,
): void {
  const fd = openSync(archive, 'r');
  try {
    const read = (offset: number, size: number): Uint8Array => {
      const buf = new Uint8Array(size);
      const n = readSync(fd, buf, 0, size, offset);
      if (n !== size) throw new Error(`short read in ${archive}`);
      return buf;
    };
    // An empty archive (the magic alone) has nothing to index.
    if (fstatSync(fd).size < AR_MAGIC_SIZE + AR_HEADER_SIZE) return;
    if (new TextDecoder().decode(read(0, AR_MAGIC_SIZE)) !== '!<arch>\n') return;
    const index = readArMemberHeader(read(AR_MAGIC_SIZE, AR_HEADER_SIZE), AR_MAGIC_SIZE, archive);
    if (index.rawName !== '/' && index.rawName !== '/SYM64/') return; // no symbol index (built without ranlib)
    const table = readArSymbolTable(
      read(index.dataOffset, index.size),
      index.rawName === '/SYM64/',
      archive,
      index.dataOffset,
    );
    let longNames: Uint8Array | undefined;
    const next = index.dataOffset + index.size + (index.size % 2);
    try {
      const h = readArMemberHeader(read(next, AR_HEADER_SIZE), next, archive);
      if (h.rawName === '//') longNames = read(h.dataOffset, h.size);
    } catch {
      // an archive with only an index has no second member
    }
    // A linker takes whole members: a member whose global definitions are not all in the image was
    // not linked, even if it defines one of the image's symbols (valgrind's archives define _start).
    const byMember = new Map<number, string[]>();
    table.names.forEach((name, i) => {
      const at = table.memberOffsets[i] as number;
      const list = byMember.get(at);
      if (list) list.push(name);
      else byMember.set(at, [name]);
    });
    for (const [at, names] of byMember) {
      if (!names.every((n) => defined.has(n))) continue;
      const member = decodeArMemberName(
        readArMemberHeader(read(at, AR_HEADER_SIZE), at, archive).rawName,
        longNames,
      );
      for (const name of names) {
        const list = into.get(name);
        if (list) list.push({ archive, member });
        else into.set(name, [{ archive, member }]);
      }
    }
  } finally {
    closeSync(fd);
  }
}
