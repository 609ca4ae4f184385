import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { xz } from '@napi-rs/lzma';
import { decompress as lz4Decompress } from 'lz4js';
import type { ProvenanceInput } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { readPackagesIndex } from '../../builder/debian/read-packages-index.js';
import type { DebPackageRecord } from '../../builder/debian/read-packages-index.js';
import { readInputFile, sha256Hex } from './read-input-file.js';

/** Where apt keeps the indexes it downloaded. */
export const APT_LISTS_DIR = '/var/lib/apt/lists';

/** The `Packages` indexes apt keeps for this machine's sources (plain or compressed). */
export function findAptIndexes(dir = APT_LISTS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /_Packages(\.(lz4|gz|xz))?$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Parsed indexes of this process, by path: apt's lists are large and read by every stack command. */
const indexMemo = new Map<string, { mtimeMs: number; records: DebPackageRecord[]; input: ProvenanceInput }>();

/** Reads index files (`.lz4`, `.gz`, `.xz` or plain) into records, with each file's hash for provenance. */
export function readIndexFiles(paths: string[]): { records: DebPackageRecord[]; inputs: ProvenanceInput[] } {
  if (paths.length === 0)
    throw new UserError('DEB_MISSING', `no Packages index found in ${APT_LISTS_DIR}`, {
      file: APT_LISTS_DIR,
    });
  const records: DebPackageRecord[] = [];
  const inputs: ProvenanceInput[] = [];
  for (const path of paths) {
    const stat = existsSync(path) ? statSync(path) : undefined;
    const memo = stat ? indexMemo.get(path) : undefined;
    if (stat && memo && memo.mtimeMs === stat.mtimeMs && memo.input.size === stat.size) {
      records.push(...memo.records);
      inputs.push(memo.input);
      continue;
    }
    const raw = readInputFile(path);
    let text: string;
    try {
      const bytes = path.endsWith('.lz4')
        ? lz4Decompress(raw)
        : path.endsWith('.gz')
          ? gunzipSync(raw)
          : path.endsWith('.xz')
            ? xz.decompressSync(raw)
            : raw;
      text = new TextDecoder().decode(bytes);
    } catch (error) {
      throw new UserError('DEB_BAD', `index does not decompress (${(error as Error).message})`, {
        file: path,
      });
    }
    let parsed: DebPackageRecord[];
    try {
      parsed = readPackagesIndex(text, path);
    } catch (error) {
      throw error instanceof UserError ? error.inFile(path) : error;
    }
    const input: ProvenanceInput = {
      role: 'index',
      path: basename(path),
      sha256: sha256Hex(raw),
      size: raw.length,
    };
    if (stat) indexMemo.set(path, { mtimeMs: stat.mtimeMs, records: parsed, input });
    records.push(...parsed);
    inputs.push(input);
  }
  return { records, inputs };
}

/** A `.deb` on disk whose SHA256 matched the index. */
export interface FetchedDeb {
  path: string;
  bytes: Buffer;
  sha256: string;
}

/** File names a `.deb` of this record may have: the pool's name, and apt-get download's (`:` as `%3a`). */
function debFileNames(record: DebPackageRecord): string[] {
  const names = [`${record.package}_${record.version.replace(/:/g, '%3a')}_${record.architecture}.deb`];
  if (record.filename) names.unshift(basename(record.filename));
  return [...new Set(names)];
}

/**
 * Finds a record's `.deb` in `debsDir` or the cache, else downloads it with `apt-get download
 * NAME=VERSION` into the cache; then checks its SHA256 against the index (`DEB_BAD` on mismatch).
 */
export function fetchDeb(
  record: DebPackageRecord,
  options: { cacheDir: string; debsDir?: string; log(line: string): void },
): FetchedDeb {
  const dirs = [options.debsDir, options.cacheDir].filter((d): d is string => d !== undefined);
  let path = findDeb(dirs, record);
  if (!path) {
    mkdirSync(options.cacheDir, { recursive: true });
    options.log(`downloading ${record.package} ${record.version}`);
    const result = spawnSync('apt-get', ['download', '-q', `${record.package}=${record.version}`], {
      cwd: options.cacheDir,
      encoding: 'utf8',
    });
    if (result.error || result.status !== 0) {
      const why = result.error
        ? result.error.message
        : (result.stderr || '')
            .trim()
            .split('\n')
            .filter((l) => !l.startsWith('W:'))
            .pop();
      throw new UserError(
        'DEB_MISSING',
        `apt-get download ${record.package}=${record.version} failed: ${why ?? `exit ${result.status}`}`,
        { at: record.package },
      );
    }
    path = findDeb([options.cacheDir], record);
    if (!path)
      throw new UserError(
        'DEB_MISSING',
        `apt-get download ${record.package}=${record.version} left no .deb in ${options.cacheDir}`,
        { at: record.package },
      );
  }
  const bytes = readInputFile(path);
  const sha256 = sha256Hex(bytes);
  if (record.sha256 && record.sha256 !== sha256) {
    const inCache = resolve(path).startsWith(resolve(options.cacheDir));
    if (inCache) rmSync(path, { force: true }); // a damaged download must not stay cached
    throw new UserError(
      'DEB_BAD',
      `${record.package} ${record.version}: SHA256 ${sha256} differs from the index's ${record.sha256}${inCache ? ' (removed from the cache)' : ''}`,
      { file: path },
    );
  }
  return { path, bytes, sha256 };
}

function findDeb(dirs: string[], record: DebPackageRecord): string | undefined {
  for (const dir of dirs) {
    for (const name of debFileNames(record)) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
  }
  return undefined;
}
