import type { Language } from '../../analyzer/model/manifest.js';

/**
 * The language a source file name says, or undefined. The name is better evidence than DWARF's
 * language code: OCaml 5 writes the DWARF of `.ml` units through the assembler, so their code says
 * assembler while the name says `.ml`.
 */
export function sourceLanguage(name: string): Language | undefined {
  if (/\.(ml|mli|mll|mly)(\.in)?$/.test(name)) return 'OCaml';
  if (/\.(c|h|cc|cpp|cxx|C)$/.test(name)) return 'C';
  if (/\.(S|s|asm)$/.test(name)) return 'assembly';
  return undefined;
}
