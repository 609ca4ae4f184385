/**
 * DW_LANG codes → the name after `DW_LANG_` (`C11`, `Mips_Assembler`, `OCaml`). GNU as labels the
 * units it generates for assembly sources `Mips_Assembler` whatever the target: that is how
 * assembly shows up in DWARF, OCaml native code included (ocamlopt emits assembly).
 */

const LANGUAGES: readonly string[] = [
  '',
  'C89',
  'C',
  'Ada83',
  'C_plus_plus',
  'Cobol74',
  'Cobol85',
  'Fortran77',
  'Fortran90',
  'Pascal83',
  'Modula2',
  'Java',
  'C99',
  'Ada95',
  'Fortran95',
  'PLI',
  'ObjC',
  'ObjC_plus_plus',
  'UPC',
  'D',
  'Python',
  'OpenCL',
  'Go',
  'Modula3',
  'Haskell',
  'C_plus_plus_03',
  'C_plus_plus_11',
  'OCaml',
  'Rust',
  'C11',
  'Swift',
  'Julia',
  'Dylan',
  'C_plus_plus_14',
  'Fortran03',
  'Fortran08',
  'RenderScript',
  'BLISS',
  'Kotlin',
  'Zig',
  'Crystal',
  'C_plus_plus_17',
  'C_plus_plus_20',
  'C17',
  'Fortran18',
  'Ada2005',
  'Ada2012',
  'HIP',
  'Assembly',
  'C_sharp',
  'Mojo',
];

const VENDOR_LANGUAGES: ReadonlyMap<number, string> = new Map([
  [0x8001, 'Mips_Assembler'],
  [0x8e57, 'GOOGLE_RenderScript'],
  [0xb000, 'BORLAND_Delphi'],
]);

/** The DW_LANG name for `code`; `unknown` when the unit states none, `0x…` for a code this table lacks. */
export function nameDwarfLanguage(code: number | undefined): string {
  if (code === undefined) return 'unknown';
  const name = code > 0 && code < LANGUAGES.length ? LANGUAGES[code] : VENDOR_LANGUAGES.get(code);
  return name ?? `0x${code.toString(16)}`;
}
