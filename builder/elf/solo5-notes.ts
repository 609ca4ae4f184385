/**
 * Solo5's own notes: the ABI note (which target the image was built for), the manifest note (the
 * devices it declares) and, for Xen, the PVH entry point note. Layouts follow Solo5's
 * elf_abi.h and mft_abi.h; problems are diagnostics, not errors: a tenant image with an odd note
 * is still an image we can measure.
 */
import {
  SOLO5_TARGETS,
  type Diagnostic,
  type Solo5DeviceKind,
  type Solo5Target,
} from '../../analyzer/model/manifest.js';
import { decodeCString } from './byte-reader.js';
import type { ElfFile, ElfNote } from './elf-types.js';

const ABI1 = 0x31494241;
const MFT1 = 0x3154464d;
const XEN_ELFNOTE_PHYS32_ENTRY = 0x12;
const MFT_RESERVED_FIRST = 0x40000000;
const NAME_SIZE = 68;

/** What the Solo5 and Xen notes of an image say. */
export interface Solo5Notes {
  abi?: { target: Solo5Target | 'unknown'; targetCode: number; version: number };
  /** `entries` is the raw count, reserved first entry included; `devices` leaves that entry out. */
  manifest?: {
    version: number;
    entries: number;
    devices: { name: string; kind: Solo5DeviceKind; typeCode: number }[];
  };
  xenPvhEntry?: number;
  diagnostics: Diagnostic[];
}

/** Decodes the Solo5 ABI1 and MFT1 notes and the Xen PVH entry note among `notes`. */
export function readSolo5Notes(elf: ElfFile, notes: ElfNote[]): Solo5Notes {
  const out: Solo5Notes = { diagnostics: [] };
  const view = new DataView(elf.bytes.buffer, elf.bytes.byteOffset, elf.bytes.byteLength);
  const le = elf.littleEndian;
  for (const note of notes) {
    if (note.owner === 'Solo5' && note.type === ABI1) {
      if (note.desc.byteLength < 8) {
        out.diagnostics.push(
          diag(
            'solo5-abi-short',
            `the Solo5 ABI note has ${note.desc.byteLength} descriptor bytes, fewer than 8`,
            note,
          ),
        );
        continue;
      }
      const code = view.getUint32(note.descOffset, le);
      // SOLO5_TARGETS is in ABI code order, starting at 1; code 0 is Solo5's "no target".
      const target: Solo5Target | undefined = code >= 1 ? SOLO5_TARGETS[code - 1] : undefined;
      if (!target) out.diagnostics.push(diag('solo5-abi-target', `unknown Solo5 ABI target ${code}`, note));
      out.abi = {
        target: target ?? 'unknown',
        targetCode: code,
        version: view.getUint32(note.descOffset + 4, le),
      };
    } else if (note.owner === 'Solo5' && note.type === MFT1) {
      const manifest = decodeManifest(elf, view, note, out.diagnostics);
      if (manifest) out.manifest = manifest;
    } else if (note.owner === 'Xen' && note.type === XEN_ELFNOTE_PHYS32_ENTRY) {
      const n = note.desc.byteLength;
      if (n === 4) out.xenPvhEntry = view.getUint32(note.descOffset, le);
      else if (n === 8)
        out.xenPvhEntry =
          view.getUint32(note.descOffset + (le ? 4 : 0), le) * 4294967296 +
          view.getUint32(note.descOffset + (le ? 0 : 4), le);
      else
        out.diagnostics.push(
          diag(
            'xen-pvh-entry-size',
            `the Xen PVH entry note has ${n} descriptor bytes, expected 4 or 8`,
            note,
          ),
        );
    }
  }
  if (out.manifest && !out.abi) {
    out.diagnostics.push({
      code: 'solo5-no-abi-note',
      severity: 'info',
      message:
        'the image has a Solo5 manifest but no ABI note: it was built for the stub target or the target is unknown',
    });
  }
  return out;
}

function diag(code: string, message: string, note: ElfNote): Diagnostic {
  return {
    code,
    severity: 'warning',
    message,
    at: `${note.section ?? 'note'} at offset 0x${note.descOffset.toString(16)}`,
  };
}

/**
 * The descriptor starts with padding that puts `struct mft` on an 8-byte boundary counted from the
 * note header (12 bytes of header plus the padded name put it at 20, so 4 bytes), then u32 version,
 * u32 entries and the entries. Entry size follows the target's C layout (104 bytes on 64-bit
 * targets, 96 on 32-bit ARM), so it is derived from descsz and checked rather than assumed; later
 * Solo5 versions add a `size_t dma_size` after `entries`, tried second.
 */
function decodeManifest(
  elf: ElfFile,
  view: DataView,
  note: ElfNote,
  diagnostics: Diagnostic[],
): Solo5Notes['manifest'] | undefined {
  const le = elf.littleEndian;
  const headerAndName = 12 + Math.ceil(6 / 4) * 4; // "Solo5\0" padded to 4
  const pad = (8 - (headerAndName % 8)) % 8;
  const descsz = note.desc.byteLength;
  if (descsz < pad + 8) {
    diagnostics.push(
      diag(
        'solo5-manifest-short',
        `the Solo5 manifest note has ${descsz} descriptor bytes, too few for its header`,
        note,
      ),
    );
    return undefined;
  }
  const base = note.descOffset + pad;
  const version = view.getUint32(base, le);
  const entries = view.getUint32(base + 4, le);
  const layout = chooseLayout(descsz - pad, entries, elf.bits === 64 ? 8 : 4);
  if (!layout) {
    diagnostics.push(
      diag(
        'solo5-manifest-layout',
        `the Solo5 manifest note declares ${entries} entries, which do not fit its ${descsz} descriptor bytes`,
        note,
      ),
    );
    return { version, entries, devices: [] };
  }
  if (entries > 0 && !KNOWN_ENTRY_SIZES.includes(layout.entrySize)) {
    diagnostics.push(
      diag(
        'solo5-manifest-entry-size',
        `the Solo5 manifest entries are ${layout.entrySize} bytes, not a size Solo5 0.12 writes; device names and types may be wrong`,
        note,
      ),
    );
  }
  const devices: { name: string; kind: Solo5DeviceKind; typeCode: number }[] = [];
  for (let i = 0; i < entries; i++) {
    const e = base + layout.header + i * layout.entrySize;
    const typeCode = view.getUint32(e + NAME_SIZE, le);
    const name = decodeCString(elf.bytes, e, e + NAME_SIZE);
    if (i === 0 && typeCode === MFT_RESERVED_FIRST) continue; // added by the build tool, not a device
    devices.push({ name, kind: typeCode === 1 ? 'block' : typeCode === 2 ? 'net' : 'unknown', typeCode });
  }
  return { version, entries, devices };
}

/** Entry sizes of Solo5 0.12's `struct mft_entry`: 64-bit targets, and 32-bit ARM (8-byte aligned u64, 4-byte pointer). */
const KNOWN_ENTRY_SIZES = [104, 96];

function chooseLayout(
  bytes: number,
  entries: number,
  pointerSize: number,
): { header: number; entrySize: number } | undefined {
  if (entries === 0) return bytes >= 8 ? { header: 8, entrySize: 0 } : undefined;
  const candidates: { header: number; entrySize: number }[] = [];
  for (const header of [8, 8 + pointerSize]) {
    const rest = bytes - header;
    if (rest > 0 && rest % entries === 0) candidates.push({ header, entrySize: rest / entries });
  }
  // A known entry size wins: with few entries both header sizes can divide evenly.
  return (
    candidates.find((c) => KNOWN_ENTRY_SIZES.includes(c.entrySize)) ??
    candidates.find((c) => c.entrySize >= NAME_SIZE + 4 && c.entrySize <= 1024)
  );
}
