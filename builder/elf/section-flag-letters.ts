/**
 * Section flags as `readelf -S` prints them (`WAT` for `.tbss`, `AMS` for merged strings), so that a
 * manifest's sections can be read beside binutils' own table and checked against it letter for letter.
 */
import { EM_ARM, EM_X86_64 } from './elf-constants.js';

/** Letters of the generic SHF_* bits, by bit number (SHF_WRITE is bit 0). */
const GENERIC: Record<number, string> = {
  0: 'W',
  1: 'A',
  2: 'X',
  4: 'M',
  5: 'S',
  6: 'I',
  7: 'L',
  8: 'O',
  9: 'G',
  10: 'T',
  11: 'C',
  21: 'R', // SHF_GNU_RETAIN
  24: 'D', // SHF_GNU_MBIND
  31: 'E', // SHF_EXCLUDE
};
/** Bits 20-27 are the OS's (SHF_MASKOS), 28-31 the processor's (SHF_MASKPROC). */
const OS_BITS: readonly [number, number] = [20, 27];
const PROC_BITS: readonly [number, number] = [28, 31];

/**
 * readelf's letters for `flags` on a file for `machine`, lowest bit first as readelf walks them;
 * OS- and processor-specific bits it cannot name print once as `o` and `p`, other unknown bits as `x`.
 */
export function sectionFlagLetters(flags: number, machine: number): string {
  let out = '';
  let os = false;
  let proc = false;
  for (let bit = 0; bit < 64; bit++) {
    if (Math.floor(flags / 2 ** bit) % 2 === 0) continue;
    // Once readelf has printed `o`, it drops every other OS bit (SHF_GNU_RETAIN included).
    if (os && bit >= OS_BITS[0] && bit <= OS_BITS[1]) continue;
    const letter = GENERIC[bit] ?? machineLetter(bit, machine);
    if (letter !== undefined) out += letter;
    else if (bit >= OS_BITS[0] && bit <= OS_BITS[1]) {
      if (!os) out += 'o';
      os = true;
    } else if (bit >= PROC_BITS[0] && bit <= PROC_BITS[1]) {
      if (!proc) out += 'p';
      proc = true;
    } else out += 'x';
  }
  return out;
}

/** SHF_X86_64_LARGE (`l`) and SHF_ARM_PURECODE (`y`), the processor bits readelf names. */
function machineLetter(bit: number, machine: number): string | undefined {
  if (bit === 28 && machine === EM_X86_64) return 'l';
  if (bit === 29 && machine === EM_ARM) return 'y';
  return undefined;
}
