/**
 * Link evidence from installed static archives, for images built without a linker map: the core
 * works out which symbols to ask about (those the image defines) from the symbol table it already
 * parsed, and the pipeline's reader answers from the archives' symbol indexes.
 */
import type { ArchiveDefinition } from '../attribution/unit-resolver.js';
import type { ElfSymbolTable } from '../elf/elf-types.js';

/** Reads the archive definitions of the `wanted` symbols (an I/O adapter the pipeline passes in). */
export type ReadArchiveSymbols = (wanted: ReadonlySet<string>) => ReadonlyMap<string, ArchiveDefinition[]>;

/** The archive definitions of every symbol `symbols` defines; undefined when there is nothing to ask. */
export function findArchiveDefinitions(
  symbols: ElfSymbolTable | undefined,
  read: ReadArchiveSymbols | undefined,
): ReadonlyMap<string, ArchiveDefinition[]> | undefined {
  if (!symbols || !read) return undefined;
  return read(definedSymbolNames(symbols));
}

/** Names of the symbols that are defined in a section of the image (st_shndx not SHN_UNDEF). */
export function definedSymbolNames(symbols: ElfSymbolTable): Set<string> {
  const names = new Set<string>();
  for (let i = 1; i < symbols.count; i++) if ((symbols.shndx[i] as number) !== 0) names.add(symbols.name(i));
  return names;
}
