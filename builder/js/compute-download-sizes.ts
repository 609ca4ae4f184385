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
  whole: WholeDownloadSizes = startWholeDownloadSizes(bytes, compress),
): Promise<JsDownloads> {
  const { leaves, units } = attribution;
  const plain = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
      // Leaves that follow one another in the file are copied as one run: a package's leaves are
      // mostly adjacent, and a view per leaf (a Buffer, when the CLI passes one) was most of the cost.
      for (let r = 0; r < rows.length;) {
        const off = leaves.offset[rows[r]!]!;
        let end = off + leaves.fileSize[rows[r]!]!;
        for (r++; r < rows.length && leaves.offset[rows[r]!] === end; r++) end += leaves.fileSize[rows[r]!]!;
        joined.set(plain.subarray(off, end), at);
        at += end - off;
      }
      return { name, gzip: compress.gzip(joined), brotli: compress.brotli(joined) };
    });
  // Every compression is started before any is awaited: asynchronous compressors run side by side.
  const sizes = await Promise.all(packages.flatMap((p) => [p.gzip, p.brotli]));
  return {
    gzip: await whole.gzip,
    brotli: await whole.brotli,
    packages: packages.map((p, i) => ({ name: p.name, gzip: sizes[2 * i]!, brotli: sizes[2 * i + 1]! })),
  };
}

/** The whole bundle's compressed sizes, possibly still being computed. */
export interface WholeDownloadSizes {
  gzip: number | Promise<number>;
  brotli: number | Promise<number>;
}

/**
 * Starts compressing the whole bundle. It needs no attribution, so a caller can start it first and
 * let asynchronous compressors work on other threads while the source map is read (the two largest
 * compressions then overlap the main thread's work instead of following it).
 */
export function startWholeDownloadSizes(bytes: Uint8Array, compress: JsCompressors): WholeDownloadSizes {
  const sizes = { gzip: compress.gzip(bytes), brotli: compress.brotli(bytes) };
  // Awaited later, after the attribution; a rejection in between must not count as unhandled.
  for (const size of [sizes.gzip, sizes.brotli]) if (size instanceof Promise) size.catch(() => undefined);
  return sizes;
}
