import type { Attribution, Manifest } from '../../analyzer/model/manifest.js';

/**
 * Compressors supplied by the caller (the core does no compression itself: `node:zlib` lives at the
 * edge). They may answer asynchronously, so that the caller can run them on other threads.
 */
export interface JsCompressors {
  /** Size of the gzip stream of `bytes` (tcbscope's CLI: zlib level 6 unless asked for another). */
  gzip(bytes: Uint8Array): number | Promise<number>;
  /** Size of the brotli stream of `bytes` (tcbscope's CLI: quality 5 unless asked for another). */
  brotli(bytes: Uint8Array): number | Promise<number>;
}

/** What a browser downloads, overall and per package. */
export type JsDownloads = NonNullable<Manifest['downloads']>;

/**
 * Compressed sizes of the whole bundle and of each package's bytes. A package's figure is the
 * compressed size of the concatenation of its leaves in file order: what that code would cost on its
 * own. Compression exploits repetition across the whole file, so per-package sizes do not add up to
 * the total (their sum is usually larger). Packages are listed in the attribution's order.
 */
export async function computeDownloadSizes(
  bytes: Uint8Array,
  attribution: Attribution,
  compress: JsCompressors,
): Promise<JsDownloads> {
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
  // Every compression is started before any is awaited: asynchronous compressors run side by side.
  const whole = [compress.gzip(bytes), compress.brotli(bytes)] as const;
  const sizes = await Promise.all(packages.flatMap((p) => [p.gzip, p.brotli]));
  return {
    gzip: await whole[0],
    brotli: await whole[1],
    packages: packages.map((p, i) => ({ name: p.name, gzip: sizes[2 * i]!, brotli: sizes[2 * i + 1]! })),
  };
}
