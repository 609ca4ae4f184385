import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { readDeb } from '../../builder/debian/read-deb.js';
import { DEBIAN_DECOMPRESSORS } from '../../pipeline/io/debian-decompressors.js';
import { needDebs, run } from './deb-cache.js';

const PACKAGES = ['hello', 'zlib1g', 'libc6'];
const { debs, available } = needDebs(PACKAGES);

describe.skipIf(available.skip)(available.title('readDeb on real Debian packages'), () => {
  it.each(PACKAGES)('%s: control fields equal dpkg-deb -f', (name) => {
    const path = debs.get(name)!;
    const deb = readDeb(readFileSync(path), DEBIAN_DECOMPRESSORS, path);
    const names = [...run('dpkg-deb', ['-f', path]).matchAll(/^([A-Za-z0-9-]+):/gm)].map((m) => m[1]);
    expect(Object.keys(deb.control)).toEqual(names);
    for (const field of [
      'Package',
      'Version',
      'Architecture',
      'Installed-Size',
      'Depends',
      'Pre-Depends',
      'Source',
      'Section',
    ]) {
      if (!names.includes(field)) continue;
      expect([field, deb.control[field]]).toEqual([field, run('dpkg-deb', ['-f', path, field]).trim()]);
    }
  });

  it.each(PACKAGES)('%s: file list (names, sizes, link targets) equals dpkg-deb -c', (name) => {
    const path = debs.get(name)!;
    const deb = readDeb(readFileSync(path), DEBIAN_DECOMPRESSORS, path);
    const expected = run('dpkg-deb', ['-c', path])
      .trim()
      .split('\n')
      .map((line) => {
        const m = /^(\S)\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+\.(\/.*?)(?: -> (.*))?$/.exec(line);
        if (!m) throw new Error(`unexpected dpkg-deb -c line: ${line}`);
        const type =
          m[1] === 'd' ? 'directory' : m[1] === 'l' ? 'symlink' : m[1] === 'h' ? 'hardlink' : 'file';
        return {
          path: m[3] === '/' ? '/' : (m[3] as string).replace(/\/$/, ''),
          size: type === 'file' ? Number(m[2]) : 0,
          link: m[4],
        };
      })
      .filter((e) => e.path !== '/');
    expect(
      deb.files.map((f) => ({
        path: f.path,
        size: f.size,
        link: f.type === 'symlink' ? f.linkTarget : undefined,
      })),
    ).toEqual(expected);
  });

  it.each(PACKAGES)('%s: Installed-Size equals the index (apt-cache show)', (name) => {
    const path = debs.get(name)!;
    const deb = readDeb(readFileSync(path), DEBIAN_DECOMPRESSORS, path);
    const shown = run('apt-cache', ['show', `${name}=${deb.control.Version}`]).match(
      /^Installed-Size: (\d+)$/m,
    )?.[1];
    expect(deb.control['Installed-Size']).toBe(shown);
  });

  it('a truncated .deb fails with DEB_BAD naming the file and offset', () => {
    const path = debs.get('zlib1g')!;
    const bytes = readFileSync(path);
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    try {
      readDeb(cut, DEBIAN_DECOMPRESSORS, path);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('DEB_BAD');
      expect((error as UserError).message).toContain(path);
      expect((error as UserError).location.offset).toBeGreaterThan(0);
    }
  });

  it('a damaged data member fails with DEB_BAD naming the member', () => {
    const path = debs.get('hello')!;
    const bytes = Buffer.from(readFileSync(path));
    const at = bytes.indexOf('data.tar');
    for (let i = at + 200; i < at + 260; i++) bytes[i] = 0x55; // inside the compressed stream
    expect(() => readDeb(bytes, DEBIAN_DECOMPRESSORS, path)).toThrow(/data\.tar\.\w+.*DEB_BAD|DEB_BAD/);
  });

  it('not a .deb at all fails with DEB_BAD at offset 0', () => {
    expect(() =>
      readDeb(new TextEncoder().encode('hello world, not an archive'), DEBIAN_DECOMPRESSORS, 'x.deb'),
    ).toThrow(/x\.deb: .*offset 0x0.*DEB_BAD/);
  });
});
