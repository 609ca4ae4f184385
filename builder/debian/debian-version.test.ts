import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, external, tool } from '../../test/support/test-needs.js';
import { compareDebianVersions, parseDebianVersion } from './debian-version.js';

const LISTS = '/var/lib/apt/lists';
const lists = existsSync(LISTS) ? readdirSync(LISTS).filter((n) => /_Packages(\.lz4)?$/.test(n)) : [];
// The indexes are there once `apt-get update` has run; the install script runs it only when it installs.
const available = check(
  tool('dpkg'),
  tool('/usr/lib/apt/apt-helper'),
  external(lists.length > 0, `no Packages index in ${LISTS} (apt-get update)`),
);

/** Versions taken from the machine's real Packages indexes (apt-helper decompresses them). */
function sampleVersions(): string[] {
  const versions = new Set<string>();
  for (const name of lists) {
    const text = execFileSync('/usr/lib/apt/apt-helper', ['cat-file', `${LISTS}/${name}`], {
      maxBuffer: 1 << 28,
    }).toString();
    const all = [...text.matchAll(/^Version: (.+)$/gm)].map((m) => m[1] as string);
    for (let i = 0; i < all.length; i += Math.max(1, Math.floor(all.length / 60)))
      versions.add(all[i] as string);
    // Versions with epochs, tildes and pluses are the interesting ones: take some of each.
    for (const pattern of [/:/, /~/, /\+/])
      all
        .filter((v) => pattern.test(v))
        .slice(0, 20)
        .forEach((v) => versions.add(v));
  }
  return [...versions];
}

function dpkgSign(a: string, b: string): number {
  if (spawnSync('dpkg', ['--compare-versions', a, 'lt', b]).status === 0) return -1;
  if (spawnSync('dpkg', ['--compare-versions', a, 'eq', b]).status === 0) return 0;
  return 1;
}

describe.skipIf(available.skip)(
  available.title('compareDebianVersions against dpkg --compare-versions'),
  () => {
    it('agrees on pairs of versions from the real index', () => {
      const versions = sampleVersions();
      expect(versions.length).toBeGreaterThan(100);
      let pairs = 0;
      for (let i = 0; i + 1 < versions.length; i++) {
        const a = versions[i] as string;
        const b = versions[(i * 7 + 3) % versions.length] as string;
        expect([a, b, Math.sign(compareDebianVersions(a, b))]).toEqual([a, b, dpkgSign(a, b)]);
        pairs++;
      }
      expect(pairs).toBeGreaterThan(100);
    });

    it('agrees on tilde, epoch, zero-padding and revision cases', () => {
      const cases = [
        ['1.0~rc1', '1.0'],
        ['1.0~rc1', '1.0~rc1~1'],
        ['1:0.1', '2.0'],
        ['1.0-1', '1.0'],
        ['1.01', '1.1'],
        ['1.0a', '1.0+'],
        ['1.0-1~bpo1', '1.0-1'],
        ['2.0', '10.0'],
        ['0:1.0', '1.0'],
        ['1.0.0', '1.0'],
        ['6.1.192-2', '6.1.176-1'],
        ['3.0.22-1~deb12u2', '3.0.22-1'],
        ['1.2.3+dfsg', '1.2.3'],
        ['a', 'A'],
        ['1.0-1+b1', '1.0-1.1'],
      ];
      for (const [a, b] of cases)
        expect([a, b, Math.sign(compareDebianVersions(a as string, b as string))]).toEqual([
          a,
          b,
          dpkgSign(a as string, b as string),
        ]);
    });
  },
);

describe('parseDebianVersion', () => {
  it('refuses a non-numeric epoch with DEB_BAD', () => {
    expect(() => parseDebianVersion('x:1.0')).toThrow(/DEB_BAD/);
  });
});
