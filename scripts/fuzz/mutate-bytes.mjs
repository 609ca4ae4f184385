// Byte-level mutations for binary formats (ELF, ar, tar, .deb). Offsets can be steered into "focus"
// ranges (a section's bytes, an archive header) so that a small file's interesting structures are hit
// far more often than uniform positions would hit them.

const INTERESTING_8 = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x30, 0x0a];
const INTERESTING_32 = [
  0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
  0xfffffffe, 0x40,
];

/** A position inside `length` bytes, inside a focus range when there are some and the dice say so. */
function pickOffset(rng, length, focus) {
  if (focus && focus.length > 0 && rng.chance(0.8)) {
    const [start, end] = rng.pick(focus);
    const lo = Math.min(start, length - 1);
    const hi = Math.min(end, length);
    if (hi > lo) return lo + rng.below(hi - lo);
  }
  return rng.below(length);
}

function writeU32(bytes, offset, value, bigEndian) {
  for (let i = 0; i < 4 && offset + i < bytes.length; i++) {
    const shift = bigEndian ? 24 - 8 * i : 8 * i;
    bytes[offset + i] = (value >>> shift) & 0xff;
  }
}

const MUTATORS = [
  // Flip one bit.
  (rng, b, focus) => {
    const o = pickOffset(rng, b.length, focus);
    b[o] ^= 1 << rng.below(8);
    return b;
  },
  // An interesting byte.
  (rng, b, focus) => {
    b[pickOffset(rng, b.length, focus)] = rng.pick(INTERESTING_8);
    return b;
  },
  // An interesting 32-bit value, aligned, either byte order (sizes, counts, offsets live there).
  (rng, b, focus) => {
    const o = pickOffset(rng, b.length, focus) & ~3;
    writeU32(b, o, rng.pick(INTERESTING_32), rng.chance(0.3));
    return b;
  },
  // A small step up or down of one byte (an off-by-one in a length field).
  (rng, b, focus) => {
    const o = pickOffset(rng, b.length, focus);
    b[o] = (b[o] + (rng.chance(0.5) ? 1 : 255) * (1 + rng.below(4))) & 0xff;
    return b;
  },
  // Copy a block over another place (tables that point into themselves).
  (rng, b, focus) => {
    const from = rng.below(b.length);
    const to = pickOffset(rng, b.length, focus);
    const n = 1 + rng.below(Math.min(64, b.length));
    b.copyWithin(to, from, Math.min(from + n, b.length));
    return b;
  },
  // Random bytes over a short stretch.
  (rng, b, focus) => {
    const o = pickOffset(rng, b.length, focus);
    const n = 1 + rng.below(16);
    for (let i = o; i < Math.min(o + n, b.length); i++) b[i] = rng.below(256);
    return b;
  },
  // Truncate (cut short files are the commonest damage).
  (rng, b, focus) => b.slice(0, pickOffset(rng, b.length, focus)),
  // Delete a stretch (everything after it moves: offsets now point elsewhere).
  (rng, b, focus) => {
    const o = pickOffset(rng, b.length, focus);
    const n = Math.min(1 + rng.below(256), b.length - o);
    const out = new Uint8Array(b.length - n);
    out.set(b.subarray(0, o));
    out.set(b.subarray(o + n), o);
    return out.length > 0 ? out : b;
  },
  // Insert a copy of a stretch.
  (rng, b, focus) => {
    const o = pickOffset(rng, b.length, focus);
    const from = rng.below(b.length);
    const chunk = b.slice(from, from + 1 + rng.below(256));
    const out = new Uint8Array(b.length + chunk.length);
    out.set(b.subarray(0, o));
    out.set(chunk, o);
    out.set(b.subarray(o), o + chunk.length);
    return out;
  },
];

/**
 * Returns a mutated copy of `input`: one to a few mutations, each drawn from `rng`.
 * `focus` is a list of [start, end) byte ranges the mutations should mostly land in.
 */
export function mutateBytes(rng, input, focus) {
  let b = Uint8Array.from(input);
  const rounds = 1 + (rng.chance(0.5) ? 0 : rng.below(8));
  for (let i = 0; i < rounds && b.length > 0; i++) b = rng.pick(MUTATORS)(rng, b, focus);
  return b;
}
