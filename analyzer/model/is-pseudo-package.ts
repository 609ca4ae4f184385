/**
 * True for attribution rows that are not a real package: the bracketed pseudo-packages
 * (`[ELF structure]`, `[not loaded]`, `[linker]`, `[unattributed]`) that hold bytes no package put
 * there, and `unknown` — a unit was found (DWARF, the linker map, OCaml markers) but nothing names
 * its package. The one rule for every count of "packages in the image": compare, diff, build,
 * the summaries, the store and the web report all ask this function.
 */
export function isPseudoPackage(name: string): boolean {
  return name.startsWith('[') || name === 'unknown';
}
