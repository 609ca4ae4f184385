/**
 * Whether no byte in `[start, end)` of `bytes` has its top bit set. The middle is read as aligned
 * 32-bit words and their bits OR-ed together, a quarter of the loads of a byte loop: string tables
 * of a few MB (libLLVM's .dynstr) and 8 MB bundles are checked in a millisecond or two.
 */
export function isAsciiRange(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  let i = start;
  for (; i < end && (bytes.byteOffset + i) % 4 !== 0; i++) if ((bytes[i] as number) >= 0x80) return false;
  const words = Math.floor((end - i) / 4);
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    let any = 0;
    for (let w = 0; w < words; w++) any |= view[w] as number;
    if ((any & 0x80808080) !== 0) return false;
    i += words * 4;
  }
  for (; i < end; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}
