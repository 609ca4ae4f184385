/**
 * opam's version ordering, which follows Debian's: a version is alternating non-digit and digit
 * runs; non-digit runs compare character by character with `~` before everything (even the end of
 * the string), then letters, then other characters; digit runs compare as numbers.
 */

/** Negative, zero or positive as `a` sorts before, equal to or after `b` in opam's order. */
export function compareOpamVersions(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const [wordA, nextI] = takeRun(a, i, false);
    const [wordB, nextJ] = takeRun(b, j, false);
    const byWord = compareNonDigits(wordA, wordB);
    if (byWord !== 0) return byWord;
    const [numA, afterA] = takeRun(a, nextI, true);
    const [numB, afterB] = takeRun(b, nextJ, true);
    const byNumber = compareDigits(numA, numB);
    if (byNumber !== 0) return byNumber;
    i = afterA;
    j = afterB;
  }
  return 0;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function takeRun(s: string, from: number, digits: boolean): [string, number] {
  let end = from;
  while (end < s.length && isDigit(s[end]) === digits) end++;
  return [s.slice(from, end), end];
}

/** Rank of one character; the end of a run ranks between `~` and everything else. */
function rank(ch: string | undefined): number {
  if (ch === undefined) return 0;
  if (ch === '~') return -1;
  const code = ch.charCodeAt(0);
  const isLetter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return isLetter ? code : code + 256;
}

function compareNonDigits(a: string, b: string): number {
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const diff = rank(a[k]) - rank(b[k]);
    if (diff !== 0) return diff;
  }
  return 0;
}

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}
