// Where in a seed the mutations of each target should land: byte ranges computed once per seed in the
// main thread (with the built readers themselves, on the unmutated fixture).

const DWARF = /^\.(z?debug_|zdebug)/;
const SYMBOLS = new Set([
  '.symtab',
  '.dynsym',
  '.strtab',
  '.dynstr',
  '.dynamic',
  '.gnu.hash',
  '.hash',
  '.shstrtab',
]);

function sectionRanges(elf, keep) {
  return elf.sections
    .filter(keep)
    .filter((s) => s.fileSize > 0)
    .map((s) => [s.offset, s.offset + s.fileSize]);
}

function elfFocus(lib, bytes, kind) {
  const elf = lib.elf.readElf(bytes);
  if (kind === 'dwarf') return sectionRanges(elf, (s) => DWARF.test(s.name));
  if (kind === 'notes')
    return [
      ...sectionRanges(elf, (s) => s.type === 7),
      ...elf.segments.filter((p) => p.type === 4).map((p) => [p.offset, p.offset + p.fileSize]),
    ];
  if (kind === 'symbols') return sectionRanges(elf, (s) => SYMBOLS.has(s.name));
  return [
    [0, elf.headerSize],
    [elf.phoff, elf.phoff + elf.phnum * elf.phentsize],
    [elf.shoff, elf.shoff + elf.shnum * elf.shentsize],
  ];
}

/** ar member headers (60 bytes before each member's data) and the first bytes of each member. */
function arFocus(lib, bytes) {
  return [
    [0, 8],
    ...lib.readAr(bytes).flatMap((m) => [
      [m.offset - 60, m.offset],
      [m.offset, m.offset + 64],
    ]),
  ];
}

/** Every 512-byte block that holds a ustar header. */
function tarFocus(bytes) {
  const out = [];
  for (let o = 0; o + 512 <= bytes.length; o += 512) {
    if (bytes[o + 257] === 0x75 && bytes[o + 258] === 0x73 && bytes[o + 259] === 0x74) out.push([o, o + 512]);
  }
  return out;
}

/** The focus ranges of one seed for a target's `focus` kind; undefined means anywhere. */
export function computeFocus(lib, kind, bytes) {
  if (kind === undefined) return undefined;
  if (kind === 'ar-headers') return arFocus(lib, bytes);
  if (kind === 'tar-headers') return tarFocus(bytes);
  const ranges = elfFocus(lib, bytes, kind);
  return ranges.length > 0 ? ranges : undefined;
}
