import { UserError } from '../../analyzer/model/user-error.js';

/**
 * The segments of a source map's `mappings` string, decoded into parallel typed arrays, sorted by
 * generated line then column. Only what byte attribution needs is kept: original lines and columns are
 * validated, then dropped.
 */
export interface DecodedMappings {
  count: number;
  /** 0-based generated line. */
  line: Int32Array;
  /** 0-based generated column, in UTF-16 code units (the source map convention). */
  column: Int32Array;
  /** Index into `sources`, or -1 for a one-field segment (generated code mapped to nothing). */
  source: Int32Array;
  /** Index into `names`, or -1. */
  name: Int32Array;
}

const BASE64_VALUE = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  BASE64_VALUE[c.charCodeAt(0)] = i;
});

const SEMICOLON = 59;
const COMMA = 44;

/**
 * Decodes the Base64 VLQ `mappings` of a version 3 source map by hand (no wasm, no per-segment objects),
 * checking every index against `sourceCount` and `nameCount`. Throws `SOURCEMAP_BAD` naming the
 * generated line and the character offset in `mappings` of the first bad segment.
 */
export function decodeSourceMapMappings(
  mappings: string,
  sourceCount: number,
  nameCount: number,
  file?: string,
): DecodedMappings {
  let cap = Math.max(16, mappings.length >> 3);
  let line: Int32Array = new Int32Array(cap);
  let column: Int32Array = new Int32Array(cap);
  let source: Int32Array = new Int32Array(cap);
  let name: Int32Array = new Int32Array(cap);
  let count = 0;
  const unsortedLines: number[] = [];

  let genLine = 0;
  let genCol = 0;
  let src = 0;
  let origLine = 0;
  let origCol = 0;
  let nm = 0;
  let prevColInLine = -1;
  const fields = [0, 0, 0, 0, 0];
  const fail = (detail: string, pos: number): never => {
    throw new UserError('SOURCEMAP_BAD', detail, {
      file,
      line: genLine + 1,
      at: `mappings, character ${pos}`,
    });
  };

  let i = 0;
  const n = mappings.length;
  while (i < n) {
    const c = mappings.charCodeAt(i);
    if (c === SEMICOLON) {
      genLine++;
      genCol = 0;
      prevColInLine = -1;
      i++;
      continue;
    }
    if (c === COMMA) {
      i++;
      continue;
    }
    const segStart = i;
    let nf = 0;
    // Read VLQ fields until the segment ends.
    while (i < n) {
      const d = mappings.charCodeAt(i);
      if (d === SEMICOLON || d === COMMA) break;
      let value = 0;
      let shift = 0;
      for (;;) {
        if (i >= n) fail('segment ends inside a number', segStart);
        const ch = mappings.charCodeAt(i++);
        const digit = ch < 128 ? BASE64_VALUE[ch]! : -1;
        if (digit < 0) fail(`character ${JSON.stringify(String.fromCharCode(ch))} is not Base64`, i - 1);
        value += (digit & 31) * 2 ** shift;
        shift += 5;
        if ((digit & 32) === 0) break;
        if (shift > 30) fail('number too large', segStart);
      }
      if (nf >= 5) fail('more than 5 fields in a segment', segStart);
      fields[nf++] = value % 2 === 1 ? -(value - 1) / 2 : value / 2;
    }
    if (nf !== 1 && nf !== 4 && nf !== 5) fail(`segment has ${nf} fields (1, 4 or 5 expected)`, segStart);
    genCol += fields[0]!;
    if (genCol < 0) fail('negative generated column', segStart);
    let segSource = -1;
    let segName = -1;
    if (nf >= 4) {
      src += fields[1]!;
      origLine += fields[2]!;
      origCol += fields[3]!;
      if (src < 0 || src >= sourceCount)
        fail(`source index ${src} is outside sources[0..${sourceCount - 1}]`, segStart);
      if (origLine < 0 || origCol < 0) fail('negative original line or column', segStart);
      segSource = src;
      if (nf === 5) {
        nm += fields[4]!;
        if (nm < 0 || nm >= nameCount)
          fail(`name index ${nm} is outside names[0..${nameCount - 1}]`, segStart);
        segName = nm;
      }
    }
    if (genCol < prevColInLine && unsortedLines[unsortedLines.length - 1] !== genLine)
      unsortedLines.push(genLine);
    prevColInLine = genCol;
    if (count === cap) {
      cap *= 2;
      line = grow(line, cap);
      column = grow(column, cap);
      source = grow(source, cap);
      name = grow(name, cap);
    }
    line[count] = genLine;
    column[count] = genCol;
    source[count] = segSource;
    name[count] = segName;
    count++;
  }
  const decoded = {
    count,
    line: line.subarray(0, count),
    column: column.subarray(0, count),
    source: source.subarray(0, count),
    name: name.subarray(0, count),
  };
  for (const l of unsortedLines) sortLine(decoded, l);
  return decoded;
}

function grow(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** The spec does not require segments in column order; generators emit them so, but a rare line may not be. */
function sortLine(m: DecodedMappings, target: number): void {
  let lo = 0;
  while (lo < m.count && m.line[lo]! < target) lo++;
  let hi = lo;
  while (hi < m.count && m.line[hi] === target) hi++;
  const order = Array.from({ length: hi - lo }, (_, k) => lo + k).sort(
    (a, b) => m.column[a]! - m.column[b]! || a - b,
  );
  const col = order.map((k) => m.column[k]!);
  const src = order.map((k) => m.source[k]!);
  const nm = order.map((k) => m.name[k]!);
  m.column.set(col, lo);
  m.source.set(src, lo);
  m.name.set(nm, lo);
}
