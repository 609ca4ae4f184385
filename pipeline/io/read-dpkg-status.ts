import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getField, parseDeb822 } from '../../builder/debian/parse-deb822.js';
import { readDebianCopyrightLicence } from '../../builder/debian/read-debian-copyright.js';
import type { DpkgPackageInfo } from '../../builder/findlib/findlib-dependencies.js';

/** Installed packages' versions and homepages from dpkg's status file. */
export function readDpkgStatus(file: string): Map<string, DpkgPackageInfo> {
  const out = new Map<string, DpkgPackageInfo>();
  if (!existsSync(file)) return out;
  for (const p of parseDeb822(readFileSync(file, 'utf8'), file)) {
    const name = getField(p, 'Package');
    if (name === undefined || !/ installed$/.test(getField(p, 'Status') ?? '')) continue;
    const info: DpkgPackageInfo = {};
    const version = getField(p, 'Version');
    const homepage = getField(p, 'Homepage');
    if (version !== undefined) info.version = version;
    if (homepage !== undefined) info.homepage = homepage;
    out.set(name, info);
  }
  return out;
}

/**
 * An installed package's licence from its machine-readable copyright file, found from the dpkg
 * database folder (`<root>/var/lib/dpkg/info` → `<root>/usr/share/doc/<package>/copyright`).
 */
export function readInstalledLicence(dpkgInfoDir: string, pkg: string): string | undefined {
  const file = resolve(dpkgInfoDir, '../../../../usr/share/doc', pkg, 'copyright');
  return existsSync(file) ? readDebianCopyrightLicence(readFileSync(file, 'utf8')) : undefined;
}
