/**
 * The shared OCaml-on-Solo5 unikernels (`../shared/data/unikernels`, read in place) and their truth,
 * read from the data's own files with plain string splitting: `objects.tsv` and
 * `objects-members.tsv` (worked out from the GNU ld map by a separate script) and `readelf -S -W`.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** `../shared/data/unikernels` next to the repository. */
export const UNIKERNELS = path.resolve(import.meta.dirname, '../../../shared/data/unikernels');
export const HAVE_UNIKERNELS = existsSync(path.join(UNIKERNELS, 'README.md'));
export const TARGETS = ['hvt', 'spt', 'virtio', 'muen', 'xen'] as const;

/** The image, its unpacked map, and its truth files. */
export function imagePath(target: string, stripped = false): string {
  return path.join(UNIKERNELS, target, `kv.${target}${stripped ? '.stripped' : ''}`);
}

/** The GNU ld map, gunzipped in memory (the data keeps it as `kv.<t>.map.gz`). */
export function readMapText(target: string): string {
  return gunzipSync(readFileSync(path.join(UNIKERNELS, target, `kv.${target}.map.gz`))).toString('utf8');
}

/** `.text` bytes per library group of `objects.tsv` (`ocaml-stdlib (stdlib.a)` → 215175). */
export function textByLibrary(target: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [section, library, bytes] of rows(target, 'objects.tsv'))
    if (section === '.text') out.set(library as string, Number(bytes));
  return out;
}

/**
 * The library group of every map input as tcbscope's evidence labels it: `libnolibc.a(memcpy.o)`
 * for archive members, the object's base name otherwise (the startup object's random name is
 * `camlstartup.o` in the truth files).
 */
export function libraryOfMember(target: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, library, member] of rows(target, 'objects-members.tsv')) {
    const archive = /\((\S+\.a)\)$/.exec(library as string)?.[1];
    out.set(archive !== undefined ? `${archive}(${member})` : (member as string), library as string);
  }
  return out;
}

/** Sum of `sh_size` of the executable sections, from `readelf -S -W`. */
export function codeBytes(target: string, stripped = false): number {
  const file = path.join(UNIKERNELS, target, `kv.${target}${stripped ? '.stripped' : ''}.readelf-S.txt`);
  let sum = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    // [Nr] Name Type Address Off Size ES Flg Lk Inf Al
    const m =
      /^\s*\[\s*\d+\]\s+\S+\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+(\S*X\S*)\s/.exec(line);
    if (m) sum += parseInt(m[1] as string, 16);
  }
  return sum;
}

function rows(target: string, file: string): string[][] {
  const text = readFileSync(path.join(UNIKERNELS, target, `kv.${target}.${file}`), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
}
