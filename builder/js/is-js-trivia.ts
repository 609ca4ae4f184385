/**
 * True when bytes `[from, to)` hold only JavaScript whitespace and comments. The range must start at a
 * token boundary (the readers call it on gaps between mapped code, or between statements), so a `//`
 * seen here opens a comment and is not part of a string.
 */
export function isJsTrivia(bytes: Uint8Array, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c) {
      i++;
    } else if (b === 0x2f && bytes[i + 1] === 0x2f && i + 1 < to) {
      while (i < to && bytes[i] !== 0x0a) i++;
    } else if (b === 0x2f && bytes[i + 1] === 0x2a && i + 1 < to) {
      let j = i + 2;
      while (j + 1 < to && !(bytes[j] === 0x2a && bytes[j + 1] === 0x2f)) j++;
      if (j + 1 >= to) return false;
      i = j + 2;
    } else {
      return false;
    }
  }
  return true;
}
