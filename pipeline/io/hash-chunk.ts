/**
 * Bytes read and hashed at a time when a file is hashed in parts. A chunk that stays in the core's
 * cache between the read that fills it and the hash that reads it back: on libLLVM-14.so.1 (110 MB)
 * the hashing thread took about 80 ms with 256 KiB chunks against 85 ms with 4 MiB ones (Node 20,
 * page cache warm, best of four runs each).
 */
export const HASH_CHUNK_BYTES = 256 << 10;
