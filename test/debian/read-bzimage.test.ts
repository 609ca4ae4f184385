import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { readBzImage } from '../../builder/debian/read-bzimage.js';
import { DEBIAN_DECOMPRESSORS } from '../../pipeline/io/debian-decompressors.js';
import { check, external, tool } from '../support/test-needs.js';
import { DEB_CACHE } from './deb-cache.js';

// The kernel package is large: it is exercised when `npm run stacks` has cached it, not fetched here.
const kernelDeb = existsSync(DEB_CACHE)
  ? readdirSync(DEB_CACHE).find((f) => /^linux-image-.*-cloud-amd64_.*\.deb$/.test(f))
  : undefined;
const available = check(
  tool('lz4'),
  tool('dpkg-deb'),
  external(
    kernelDeb !== undefined,
    'no cached cloud kernel .deb in .cache/debs (npm run stacks downloads it)',
  ),
);
const work = mkdtempSync(join(tmpdir(), 'tcbscope-bzimage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(available.skip)(available.title('readBzImage on Debian 12 cloud kernel'), () => {
  let image: Buffer;

  it('decompresses the LZ4 payload to the same bytes as the lz4 tool', () => {
    execSync(
      `dpkg-deb --fsys-tarfile '${join(DEB_CACHE, kernelDeb!)}' | tar -x -C '${work}' --wildcards './boot/vmlinuz-*'`,
    );
    const name = readdirSync(join(work, 'boot')).find((f) => f.startsWith('vmlinuz-'))!;
    image = readFileSync(join(work, 'boot', name));
    const bz = readBzImage(image, DEBIAN_DECOMPRESSORS, name);
    expect(bz.compression).toBe('lz4');
    // Independent decode: hand the payload (without its 4-byte size trailer) to lz4, which reads legacy frames.
    writeFileSync(
      join(work, 'payload.lz4'),
      image.subarray(bz.payloadOffset, bz.payloadOffset + bz.payloadLength - 4),
    );
    const reference = execSync(`lz4 -dc '${join(work, 'payload.lz4')}'`, { maxBuffer: 1 << 30 });
    expect(bz.vmlinux.length).toBe(reference.length);
    expect(Buffer.from(bz.vmlinux).equals(reference)).toBe(true);
    expect(bz.declaredSize).toBe(reference.length);
  });

  it('a truncated image fails with DEB_BAD naming the file', () => {
    try {
      readBzImage(image.subarray(0, image.length >> 1), DEBIAN_DECOMPRESSORS, 'vmlinuz-cut');
      expect.unreachable();
    } catch (error) {
      expect((error as UserError).code).toBe('DEB_BAD');
      expect((error as UserError).message).toContain('vmlinuz-cut');
    }
  });
});

describe('readBzImage on something else', () => {
  it('refuses a file without the HdrS magic with DEB_NO_KERNEL', () => {
    expect(() => readBzImage(new Uint8Array(4096), DEBIAN_DECOMPRESSORS, 'not-a-kernel')).toThrow(
      /not-a-kernel: .*HdrS.*DEB_NO_KERNEL/,
    );
  });
});
