// lz4js ships no types; only the frame decoder is used (apt keeps its indexes as LZ4 frames).
declare module 'lz4js' {
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
}
