import type { Attribution, Manifest } from '../../analyzer/model/manifest.js';

/** Compressors supplied by the caller (the core does no compression itself: `node:zlib` lives at the edge). */
export interface JsCompressors {
  /** Size of the gzip stream of `bytes` (tcbscope's CLI uses zlib level 9). */
  gzip(bytes: Uint8Array): number;
  /** Size of the brotli stream of `bytes` (quality 11, the brotli tool's default). */
  brotli(bytes: Uint8Array): number;
}

/** What a browser downloads, overall and per package. */
export type JsDownloads = NonNullable<Manifest['downloads']>;

/**
 * Compressed sizes of the whole bundle and of each package's bytes. A package's figure is the
 * compressed size of the concatenation of its leaves in file order: what that code would cost on its
 * own. Compression exploits repetition across the whole file, so per-package sizes do not add up to
 * the total (their sum is usually larger). Packages are listed in the attribution's order.
 */
export function computeDownloadSizes(
  bytes: Uint8Array,
  attribution: Attribution,
  compress: JsCompressors,
): JsDownloads {
  const { leaves, units } = attribution;
  const perPackage = new Map<string, number[]>();
  for (let i = 0; i < leaves.offset.length; i++) {
    const pkg = units[leaves.unit[i]!]!.package;
    let list = perPackage.get(pkg);
    if (!list) perPackage.set(pkg, (list = []));
    list.push(i);
  }
  const packages = attribution.packages
    .filter((p) => perPackage.has(p.name))
    .map(({ name }) => {
      const rows = perPackage.get(name)!;
      const total = rows.reduce((s, i) => s + leaves.fileSize[i]!, 0);
      const joined = new Uint8Array(total);
      let at = 0;
      for (const i of rows) {
        const off = leaves.offset[i]!;
        const size = leaves.fileSize[i]!;
        joined.set(bytes.subarray(off, off + size), at);
        at += size;
      }
      return { name, gzip: compress.gzip(joined), brotli: compress.brotli(joined) };
    });
  return { gzip: compress.gzip(bytes), brotli: compress.brotli(bytes), packages };
}
