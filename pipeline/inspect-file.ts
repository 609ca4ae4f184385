import { basename, dirname, resolve } from 'node:path';
import {
  MANIFEST_VERSION,
  type Manifest,
  type Provenance,
  type ProvenanceInput,
} from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import {
  buildInstallIndex,
  findByPath,
  type InstallIndex,
  type InstallList,
} from '../builder/attribution/install-index.js';
import { isElf } from '../builder/elf/elf-magic.js';
import { buildImageManifest } from '../builder/image/build-image-manifest.js';
import type { ReadArchiveSymbols } from '../builder/image/find-archive-definitions.js';
import { readLdMap } from '../builder/linker-map/read-ld-map.js';
import { readMapInput } from './io/read-map-input.js';
import { loadRules } from './io/load-rules.js';
import { readInputFile, readInputHead, readInputText, sha256Hex } from './io/read-input-file.js';
import { readInstallLists } from './io/read-install-lists.js';
import { readArchiveSymbols } from './io/read-archive-symbols.js';
import { readElfFileSparse, type SparseElfFile } from './io/read-elf-sparse.js';
import { hashFileAside } from './io/hash-file-aside.js';
import { requireRegularFile } from './io/input-file-kind.js';
import { readToolVersion } from './io/tool-version.js';

/** Where the library reports what it is doing (a progress line, never a result). */
export type ProgressLog = (line: string) => void;

/** Options of `inspect`, as the user gives them; everything optional but the image. */
export interface InspectOptions {
  image: string;
  map?: string;
  /** Source map of a JavaScript bundle (else an inline map or a `sourceMappingURL` next to it, else none). */
  sourceMap?: string;
  meta?: string[];
  /** Install lists the caller already read (from `meta`): they are used instead of reading `meta` again. */
  installLists?: InstallList[];
  rules?: string;
  name?: string;
  target?: string;
  /** Brotli quality (0–11) of a JavaScript bundle's download sizes; default DEFAULT_BROTLI_QUALITY (5). */
  brotliQuality?: number;
  /** gzip level (1–9) of a JavaScript bundle's download sizes; default DEFAULT_GZIP_LEVEL (6). */
  gzipLevel?: number;
}

/** ELF images go to the ELF reader, everything else to the JavaScript bundle reader. */
export async function inspectAny(options: InspectOptions, log: ProgressLog): Promise<Manifest> {
  const elf = isElf(readInputHead(options.image, 4));
  return elf || !/\.m?js$/.test(options.image)
    ? inspectImageHashingAside(options, log)
    : inspectJs(options, log);
}

/**
 * {@link inspectImage} with the image's SHA-256 computed on another thread while this one parses and
 * attributes it; the manifest is the same, the hash filled in where inspectImage puts it.
 */
export async function inspectImageHashingAside(options: InspectOptions, log: ProgressLog): Promise<Manifest> {
  // Checked before the worker starts: a FIFO or a folder must fail here, not block the thread. The
  // thread starts before the image is parsed, so that its start-up and the parse overlap too.
  requireRegularFile(options.image);
  const hashing = hashFileAside(options.image);
  let manifest: Manifest;
  try {
    manifest = inspectImageFrom(options, log, readImage(options.image, false));
  } catch (error) {
    await hashing.catch(() => undefined); // let the thread finish before the error ends the command
    throw error;
  }
  const sha256 = await hashing;
  manifest.identity.sha256 = sha256;
  const input = manifest.provenance.inputs.find((i) => i.role === 'image');
  if (input) input.sha256 = sha256;
  return manifest;
}

/** Reads a JavaScript bundle (js_of_ocaml output) and its source map, and builds its manifest. */
export async function inspectJs(options: InspectOptions, log: ProgressLog): Promise<Manifest> {
  // Loaded on demand: the bundle reader pulls in ts-morph (the TypeScript compiler), ~1 s of start-up
  // that ELF images should not pay.
  const [
    { jsCompressors, DEFAULT_BROTLI_QUALITY, DEFAULT_GZIP_LEVEL },
    { inspectJsBundle },
    { findSourceMapReference },
  ] = await Promise.all([
    import('./io/js-compressors.js'),
    import('../builder/js/build-js-manifest.js'),
    import('../builder/js/find-source-map-reference.js'),
  ]);
  const bytes = readInputFile(options.image);
  const inputs = [{ role: 'image', path: options.image, sha256: sha256Hex(bytes), size: bytes.byteLength }];
  let mapFile = options.sourceMap;
  if (mapFile === undefined) {
    const ref = findSourceMapReference(bytes, options.image);
    if (ref?.kind === 'url' && !/^[a-z]+:/i.test(ref.url)) mapFile = resolve(dirname(options.image), ref.url);
  }
  const sourceMapText = mapFile !== undefined ? readInputText(mapFile) : undefined;
  if (mapFile !== undefined && sourceMapText !== undefined)
    inputs.push({
      role: 'source-map',
      path: mapFile,
      sha256: sha256Hex(Buffer.from(sourceMapText)),
      size: Buffer.byteLength(sourceMapText),
    });
  const index = readIndex(options, log);
  const name = options.name ?? basename(options.image);
  const brotliQuality = options.brotliQuality ?? DEFAULT_BROTLI_QUALITY;
  const gzipLevel = options.gzipLevel ?? DEFAULT_GZIP_LEVEL;
  try {
    return await inspectJsBundle({
      name,
      bytes,
      sourceMapText,
      sourceMapName: mapFile,
      sha256: inputs[0]?.sha256 as string,
      packageOfPath: index ? (p) => findByPath(index, p)?.package : undefined,
      compress: jsCompressors(brotliQuality, gzipLevel),
      provenance: withCompression(provenanceOf('inspect', options, inputs, index), brotliQuality, gzipLevel),
    });
  } catch (error) {
    // The bundle reader names the bundle by its manifest name; messages name the path the user gave.
    if (error instanceof UserError && error.location.file === name)
      throw new UserError(error.code, error.detail, { ...error.location, file: options.image });
    throw error;
  }
}

/** Reads the image and its evidence files and builds the manifest (all file access happens here). */
export function inspectImage(options: InspectOptions, log: ProgressLog): Manifest {
  return inspectImageFrom(options, log, readImage(options.image, true));
}

function inspectImageFrom(options: InspectOptions, log: ProgressLog, image: SparseElfFile): Manifest {
  const { elf, sha256 } = image;
  const inputs = [{ role: 'image', path: options.image, sha256, size: elf.fileSize }];
  let map;
  if (options.map) {
    const { text, fileBytes } = readMapInput(options.map);
    inputs.push({
      role: 'linker-map',
      path: options.map,
      sha256: sha256Hex(fileBytes),
      size: fileBytes.length,
    });
    try {
      map = readLdMap(text);
    } catch (error) {
      throw error instanceof UserError ? error.inFile(options.map) : error;
    }
  }
  const install = readIndex(options, log);
  const rules = loadRules(options.rules);
  try {
    return buildImageManifest({
      name: options.name ?? basename(options.image),
      elf,
      sha256,
      target: options.target,
      map,
      install,
      // Without a map, the installed static archives' own symbol indexes are the link evidence left.
      readArchiveSymbols: install ? archiveSymbolReader(install, log) : undefined,
      rules,
      provenance: provenanceOf('inspect', options, inputs, install),
    });
  } catch (error) {
    throw error instanceof UserError ? error.inFile(options.image) : error;
  }
}

/** The image, loaded sparsely and parsed once; its format errors name the file. */
function readImage(path: string, hash: boolean): SparseElfFile {
  try {
    return readElfFileSparse(path, { hash });
  } catch (error) {
    throw error instanceof UserError ? error.inFile(path) : error;
  }
}

/** Install lists from every metadata folder, as one index (undefined when none was given). */
function readIndex(options: InspectOptions, log: ProgressLog): InstallIndex | undefined {
  const lists =
    options.installLists ??
    (options.meta ?? []).flatMap((dir) => {
      log(`reading install lists in ${dir}`);
      return readInstallLists(dir);
    });
  return lists.length > 0 ? buildInstallIndex(lists) : undefined;
}

/** Download sizes depend on the compression settings: the manifest says which gave its figures. */
function withCompression(provenance: Provenance, brotliQuality: number, gzipLevel: number): Provenance {
  provenance.environment.brotliQuality = String(brotliQuality);
  provenance.environment.gzipLevel = String(gzipLevel);
  return provenance;
}

function provenanceOf(
  command: string,
  o: InspectOptions,
  inputs: ProvenanceInput[],
  index: InstallIndex | undefined,
): Provenance {
  const argv = [
    command,
    o.image,
    ...(o.map ? ['--map', o.map] : []),
    ...(o.sourceMap ? ['--source-map', o.sourceMap] : []),
    ...(o.meta ?? []).flatMap((d) => ['--meta', d]),
  ];
  return {
    tool: 'tcbscope',
    toolVersion: readToolVersion(),
    command: argv,
    environment: {
      manifestVersion: String(MANIFEST_VERSION),
      installLists: String(index?.lists.length ?? 0),
    },
    inputs,
  };
}

/**
 * The archive-symbol reader the core calls when the image comes without a map: it looks in every
 * static archive the install lists name.
 */
function archiveSymbolReader(install: InstallIndex, log: ProgressLog): ReadArchiveSymbols {
  return (wanted) => {
    const archives = install.lists.flatMap((l) => l.files.filter((f) => f.endsWith('.a')));
    log(`reading the symbol indexes of ${archives.length} installed static archives`);
    const { definitions, skipped } = readArchiveSymbols(archives, wanted);
    if (skipped.length > 0) log(`skipped ${skipped.length} unreadable archives (first: ${skipped[0]})`);
    return definitions;
  };
}
