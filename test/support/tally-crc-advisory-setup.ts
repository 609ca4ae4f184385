/**
 * The setup the advisory tests share: the gate fixture that links zlib (tally-crc) inspected with
 * this machine's dpkg metadata, so that zlib's Debian package is one of the manifest's packages,
 * and that package's installed version as dpkg itself reports it, which the tests' OSV files are
 * written against.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
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
