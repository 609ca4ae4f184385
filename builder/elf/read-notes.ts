/**
 * ELF notes: from SHT_NOTE sections, or from PT_NOTE segments when the file has no section headers.
 */
import { UserError } from '../../analyzer/model/user-error.js';
import { ByteReader, elfByteReader, decodeCString, failBadField } from './byte-reader.js';
import { PT_NOTE, SHT_NOTE } from './elf-constants.js';
import type { ElfFile, ElfNote } from './elf-types.js';

/** Told of a note section whose notes cannot be read (a size past its end), when the caller reads on. */
export type DamagedNoteHandler = (sectionIndex: number, error: UserError) => void;

/** NT_GNU_BUILD_ID. */
const NT_GNU_BUILD_ID = 3;

/**
 * Every note of the file, in file order of their containers. Entries are padded to 8 bytes when the
 * container is 8-aligned (as `.note.gnu.property` is in ELF64), else to 4 — as readelf does —
 * except that an 8-aligned container whose notes only fit the 4-byte format is read in that one.
 * Throws ELF_BAD_FIELD when a note's namesz or descsz runs past its container, unless `onDamaged`
 * is given: then that section's notes are left out and the handler is told.
 */
export function readNotes(elf: ElfFile, onDamaged?: DamagedNoteHandler): ElfNote[] {
  const r = elfByteReader(elf);
  const notes: ElfNote[] = [];
  if (elf.sections.length > 0) {
    for (const s of elf.sections) {
      if (s.type !== SHT_NOTE || s.fileSize === 0) continue;
      if (!onDamaged) {
        readNotesWithFallback(r, s.offset, s.fileSize, s.addralign === 8, s.name, true, notes);
        continue;
      }
      // One damaged note section costs its own notes only; the notes before it in it are dropped
      // too, since a wrong size means the ones read may be misparsed as well.
      const found: ElfNote[] = [];
      try {
        readNotesWithFallback(r, s.offset, s.fileSize, s.addralign === 8, s.name, true, found);
        notes.push(...found);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        onDamaged(s.index, error);
      }
    }
    return notes;
  }
  elf.segments.forEach((seg, i) => {
    if (seg.type !== PT_NOTE || seg.filesz === 0) return;
    readNotesWithFallback(r, seg.offset, seg.filesz, seg.align === 8, `NOTE segment ${i}`, false, notes);
  });
  return notes;
}

/** The GNU build-id (owner `GNU`, type 3) as lowercase hex, or undefined; pass `notes` when already read. */
export function readBuildId(elf: ElfFile, notes: readonly ElfNote[] = readNotes(elf)): string | undefined {
  const note = notes.find((n) => n.owner === 'GNU' && n.type === NT_GNU_BUILD_ID);
  if (!note) return undefined;
  let hex = '';
  for (const b of note.desc) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * An 8-aligned container usually holds 8-byte-format notes (`.note.gnu.property`), but a C
 * structure with 64-bit fields placed in a note section (Solo5's manifest) is 8-aligned and still
 * in the 4-byte format. readelf rejects those; we read the container in the 8-byte format first
 * and, when its notes do not fit that way, in the 4-byte format.
 */
function readNotesWithFallback(
  r: ByteReader,
  start: number,
  size: number,
  aligned8: boolean,
  container: string,
  fromSection: boolean,
  out: ElfNote[],
): void {
  if (!aligned8) return readNoteRange(r, start, size, 4, container, fromSection, out);
  const found: ElfNote[] = [];
  try {
    readNoteRange(r, start, size, 8, container, fromSection, found);
  } catch (e8) {
    try {
      found.length = 0;
      readNoteRange(r, start, size, 4, container, fromSection, found);
    } catch {
      throw e8;
    }
  }
  out.push(...found);
}

function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

function readNoteRange(
  r: ByteReader,
  start: number,
  size: number,
  align: number,
  container: string,
  fromSection: boolean,
  out: ElfNote[],
): void {
  const end = start + size;
  r.need(start, size, container);
  let pos = start;
  for (let n = 0; pos < end; n++) {
    const at = `${container} note ${n}`;
    if (end - pos < 12)
      failBadField(`a note header needs 12 bytes, ${end - pos} remain in ${container}`, pos, at);
    const namesz = r.u32(pos);
    const descsz = r.u32(pos + 4);
    const type = r.u32(pos + 8);
    const nameStart = pos + 12;
    // Padding aligns offsets within the (aligned) container, not the sizes: with 8-byte alignment a
    // 4-byte name after the 12-byte header needs no padding.
    const descStart = start + alignUp(nameStart + namesz - start, align);
    if (nameStart + namesz > end) failBadField(`namesz ${namesz} runs past the end of ${container}`, pos, at);
    if (descStart + descsz > end)
      failBadField(`descsz ${descsz} runs past the end of ${container}`, pos + 4, at);
    const note: ElfNote = {
      owner: decodeCString(r.bytes, nameStart, nameStart + namesz),
      type,
      desc: r.bytes.subarray(descStart, descStart + descsz),
      descOffset: descStart,
    };
    if (fromSection) note.section = container;
    out.push(note);
    pos = start + alignUp(descStart + descsz - start, align);
  }
}
