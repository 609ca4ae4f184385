// A small seeded generator: every fuzz input is a function of (seed, index) alone, so a run can be
// repeated exactly and any one input regenerated without the ones before it.

/** Mixes a 32-bit value (the finaliser of MurmurHash3): nearby seeds give unrelated streams. */
function mix32(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The generator for input `index` of a run with `seed`: sfc32 seeded from both numbers.
 * Returns an object with `u32()`, `below(n)`, `chance(p)` and `pick(list)`.
 */
export function createRandom(seed, index) {
  let a = mix32(seed ^ 0x9e3779b9);
  let b = mix32(index ^ 0x7f4a7c15);
  let c = mix32(a ^ b ^ 0x6a09e667);
  let d = 1;
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  const below = (n) => (n <= 1 ? 0 : u32() % n);
  return {
    u32,
    below,
    chance: (p) => u32() / 0x100000000 < p,
    pick: (list) => list[below(list.length)],
  };
}
