/**
 * The setup the advisory tests (audit, sbom --advisories, report --advisories) share: the gate
 * fixture that links zlib (tally-crc) inspected with this machine's dpkg metadata, so that zlib's
 * Debian package is one of the manifest's packages, and that package's installed version as dpkg
 * itself reports it, which the tests' OSV files are written against; and, for the tests of bad
 * advisory files, a manifest without packages and a folder holding one bad file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { FIXTURE_IMAGES_DIR } from './binutils-truth.js';
import { tool } from './test-needs.js';

/** Where dpkg keeps the file lists the inspection attributes the image's archives by. */
export const DPKG_INFO = '/var/lib/dpkg/info';

/** The Debian package that owns the libz.a tally-crc links. */
export const ZLIB_PACKAGE = 'zlib1g-dev';

/** Writes tally-crc's manifest (image, linker map, dpkg metadata) to `file` as JSON. */
export function writeTallyCrcManifest(file: string): void {
  const manifest = inspectImage(
    {
      image: path.join(FIXTURE_IMAGES_DIR, 'gate/tally-crc'),
      map: path.join(FIXTURE_IMAGES_DIR, 'gate/tally-crc.map'),
      meta: [DPKG_INFO],
    },
    () => {},
  );
  writeFileSync(file, JSON.stringify(manifest));
}

/** The version of `pkg` that dpkg-query reports installed. */
export function installedVersion(pkg: string): string {
  return execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' });
}

/**
 * What this machine lacks for the setup, for a skip title: dpkg-query, and zlib's Debian package
 * installed (its file list is what ties libz.a to it).
 */
export function missingForTallyCrcAdvisories(): string[] {
  return [
    ...(tool('dpkg-query').ok ? [] : ['dpkg-query']),
    ...(existsSync(path.join(DPKG_INFO, `${ZLIB_PACKAGE}:amd64.list`))
      ? []
      : [`the ${ZLIB_PACKAGE} package`]),
  ];
}

/** Writes the greet fixture's manifest (no Debian packages: only the advisories are read) to `file`. */
export function writeGreetManifest(file: string): void {
  writeFileSync(
    file,
    JSON.stringify(inspectImage({ image: path.join(FIXTURE_IMAGES_DIR, 'greet/greet') }, () => {})),
  );
}

/**
 * Writes `doc` (JSON, or text as it is) as the only advisory file, ADV-0.json, of a new folder
 * under `work` named after the case, and returns the folder.
 */
export function writeBadAdvisory(work: string, name: string, doc: unknown): string {
  const dir = path.join(work, `bad-${name.replace(/\W+/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'ADV-0.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
  return dir;
}
