/**
 * The committed Solo5 fixtures as one build of three targets, with their truth taken from outside
 * tcbscope: sizes from stat, sha256 from node:crypto over the file, sections from `readelf -SW`
 * recorded at build time, devices from the fixture's C source. Used by the store, ingest and web
 * API tests, which must never compare tcbscope with itself.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { FIXTURE_IMAGES_DIR, readSectionTable } from './binutils-truth.js';

const repo = resolve(import.meta.dirname, '../..');
const quiet = (): void => undefined;

/** Folder of the committed Solo5 images and their truth files. */
export const SOLO5_DIR = join(FIXTURE_IMAGES_DIR, 'solo5');

/** The images and the target fixtures/build.sh gives each (its ABI_TARGET: 1 hvt, 2 spt, 6 xen), by target. */
export const SOLO5_IMAGES = [
  { target: 'hvt', name: 'solo5-hvt' },
  { target: 'spt', name: 'solo5-spt-aarch64' },
  { target: 'xen', name: 'solo5-xen' },
] as const;

/** The conventional stack manifests committed by `npm run stacks`. */
export const STACK_DIR = join(repo, 'stacks/debian-12-amd64');

/** Truth about one fixture image, none of it computed by tcbscope. */
export interface ImageTruth {
  target: string;
  name: string;
  path: string;
  /** `fs.statSync(path).size`. */
  size: number;
  /** sha256 of the file's bytes (node:crypto). */
  sha256: string;
  /** Sum of the sizes of executable (X) sections in the recorded `readelf -SW`. */
  codeSize: number;
  /** Sum of the sizes of allocated (A) sections in the recorded `readelf -SW`. */
  memorySize: number;
}

/** Stat, hash and readelf truth of every Solo5 fixture image, in target order. */
export function readSolo5Truth(): ImageTruth[] {
  return SOLO5_IMAGES.map(({ target, name }) => {
    const path = join(SOLO5_DIR, name);
    const sections = readSectionTable(`${path}.readelf-S.txt`);
    const sum = (flag: string) =>
      sections.filter((s) => s.flags.includes(flag) && s.type !== 'NULL').reduce((n, s) => n + s.size, 0);
    return {
      target,
      name,
      path,
      size: statSync(path).size,
      sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
      codeSize: sum('X'),
      memorySize: sum('A'),
    };
  });
}

/** The devices the fixture's source declares (`fixtures/src/solo5/notes.c`), in declaration order. */
export function readDeclaredDevices(): { name: string; kind: string }[] {
  const source = readFileSync(join(repo, 'fixtures/src/solo5/notes.c'), 'utf8');
  return [...source.matchAll(/\{ \.name = "([^"]*)", \.type = DEVICE_(NET|BLOCK)/g)].map((m) => ({
    name: m[1] as string,
    kind: (m[2] as string).toLowerCase(),
  }));
}

/** The manifest `tcbscope inspect IMAGE --map IMAGE.map` writes for one fixture image. */
export function inspectSolo5(name: string, options: { name?: string } = {}): Manifest {
  const image = join(SOLO5_DIR, name);
  return inspectImage({ image, map: `${image}.map`, ...options }, quiet);
}

/** The committed stack manifests, read as plain JSON (by file name). */
export function readStackFiles(): { file: string; manifest: Manifest }[] {
  return readdirSync(STACK_DIR)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => ({
      file: join(STACK_DIR, n),
      manifest: JSON.parse(readFileSync(join(STACK_DIR, n), 'utf8')) as Manifest,
    }));
}

/** The store's tables. */
export const STORE_TABLES = ['jobs', 'builds', 'images', 'image_packages', 'stacks'] as const;

/** Rows per table, read by a connection of our own (not the store's code). */
export function countRows(file: string): Record<(typeof STORE_TABLES)[number], number> {
  return withRawDb(file, (db) =>
    Object.fromEntries(
      STORE_TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
    ),
  ) as Record<(typeof STORE_TABLES)[number], number>;
}

/** Runs `fn` on a read-only connection of our own to the database file. */
export function withRawDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
