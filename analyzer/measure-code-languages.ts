import type { Language, Manifest } from './model/manifest.js';
import { measureUnitBytes } from './size-basis.js';

/** Code bytes (executable sections; a bundle without whitespace) by the language of the unit that holds them. */
export function measureCodeLanguages(m: Manifest): Partial<Record<Language, number>> {
  const out: Partial<Record<Language, number>> = {};
  const code = measureUnitBytes(m, 'code');
  m.attribution.units.forEach((u, i) => {
    const bytes = code[i] as number;
    if (bytes > 0) out[u.language] = (out[u.language] ?? 0) + bytes;
  });
  return out;
}

/**
 * Code bytes written in C or assembly, and their share of the code whose language is known
 * (OCaml, C, assembly, JS): linker fill and code no evidence names (`unknown`) are left out of
 * both sides, so "100%" means every code byte of known language is C or assembly.
 */
export function measureCAsmCode(m: Manifest): { bytes: number; share: number | null } {
  const l = measureCodeLanguages(m);
  const bytes = (l.C ?? 0) + (l.assembly ?? 0);
  const known = bytes + (l.OCaml ?? 0) + (l.JS ?? 0);
  return { bytes, share: known === 0 ? null : bytes / known };
}
