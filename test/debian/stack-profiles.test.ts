import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateManifest } from '../../analyzer/validate-manifest.js';
import { check, checkTools } from '../support/test-needs.js';
import { DEB_CACHE, DEBIAN_TOOLS, REPO_ROOT, run } from './deb-cache.js';
import { profileDebNeeds } from './profile-debs.js';
import { readelfClosure } from './readelf-closure.js';

const DIR = join(REPO_ROOT, 'stacks/debian-12-amd64');
const PROFILES = ['https-nginx', 'dns-unbound', 'ssh-openssh'];
const work = mkdtempSync(join(tmpdir(), 'tcbscope-profiles-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The cached `.deb` for a pool path (pool name, or apt-get download's name with `%3a`), if any. */
function cachedDeb(poolPath: string): string | undefined {
  if (!existsSync(DEB_CACHE)) return undefined;
  const pool = basename(poolPath);
  const [name, version, arch] = pool.replace(/\.deb$/, '').split('_');
  const found = readdirSync(DEB_CACHE).find(
    (f) =>
      f === pool ||
      (f.startsWith(`${name}_`) &&
        f.endsWith(`_${arch}.deb`) &&
        f
          .replace(/%3a/g, ':')
          .split('_')[1]
          ?.endsWith(version as string)),
  );
  return found ? join(DEB_CACHE, found) : undefined;
}

describe.each(PROFILES)('shipped profile %s', (name) => {
  const file = join(DIR, `${name}.json`);
  // Committed by `npm run stacks`: a missing or invalid profile fails the file, it never skips.
  const manifest = validateManifest(JSON.parse(readFileSync(file, 'utf8')), file);
  const apt = checkTools('apt-cache');

  it.skipIf(apt.skip)(apt.title("installed sizes equal Debian's Installed-Size, sha256 the index's"), () => {
    const shown = run('apt-cache', [
      'show',
      ...manifest.dependencies.packages.map((p) => `${p.name}=${p.version}`),
    ]);
    const index = new Map<string, { kib: number; sha: string }>();
    for (const para of shown.split(/\n\n+/)) {
      const pkg = /^Package: (.+)$/m.exec(para)?.[1];
      const ver = /^Version: (.+)$/m.exec(para)?.[1];
      if (pkg && ver)
        index.set(`${pkg}=${ver}`, {
          kib: Number(/^Installed-Size: (\d+)$/m.exec(para)?.[1]),
          sha: /^SHA256: (\w+)$/m.exec(para)?.[1] ?? '',
        });
    }
    for (const p of manifest.dependencies.packages) {
      const entry = index.get(`${p.name}=${p.version}`);
      expect([p.name, p.installedSize, p.sha256]).toEqual([p.name, (entry?.kib ?? NaN) * 1024, entry?.sha]);
    }
    expect(manifest.stack!.installedSize).toBe(
      manifest.dependencies.packages.reduce((a, p) => a + (p.installedSize ?? 0), 0),
    );
  });

  it('the attribution adds up to the loaded bytes exactly', () => {
    const m = manifest;
    expect(m.attribution.leaves.fileSize.reduce((a, b) => a + b, 0)).toBe(m.identity.fileSize);
    expect(m.regions.reduce((a, r) => a + r.fileSize, 0)).toBe(m.identity.fileSize);
    expect(m.attribution.packages.reduce((a, p) => a + p.fileSize, 0)).toBe(m.identity.fileSize);
  });
});

const nginx = join(DIR, 'https-nginx.json');
const nginxManifest = validateManifest(JSON.parse(readFileSync(nginx, 'utf8')), nginx);
const nginxDebs = nginxManifest.provenance.inputs
  .filter((i) => i.role === 'deb' && !/linux-image-/.test(i.path))
  .map((i) => cachedDeb(i.path));
// The test setup fetches the profile's exact .deb files (scripts/fetch-stack-debs.mjs): under
// CI=true a missing one fails rather than skips.
const haveDebs = check(
  ...DEBIAN_TOOLS,
  ...profileDebNeeds(
    nginxManifest,
    nginxManifest.provenance.inputs
      .filter((i) => i.role === 'deb' && !/linux-image-/.test(i.path))
      .map((i) => basename(i.path).split('_')[0] as string),
  ).needs,
);

describe.skipIf(haveDebs.skip)(haveDebs.title('the nginx profile against readelf'), () => {
  it('its loaded-ELF list equals the DT_NEEDED closure readelf -d gives for the same files', () => {
    const root = join(work, 'nginx-root');
    for (const deb of nginxDebs as string[]) run('dpkg-deb', ['-x', deb, root]);
    const programs = ['usr/sbin', 'usr/bin', 'sbin', 'bin'].flatMap((dir) =>
      run('dpkg-deb', ['-c', (nginxDebs as string[]).find((d) => basename(d).startsWith('nginx_'))!])
        .split('\n')
        .map((l) => /\.(\/[^ ]+)$/.exec(l)?.[1])
        .filter(
          (p): p is string =>
            p !== undefined &&
            !p.endsWith('/') &&
            p.startsWith(`/${dir}/`) &&
            p.split('/').length === dir.split('/').length + 2,
        ),
    );
    expect(programs.length).toBeGreaterThan(0);
    expect(nginxManifest!.stack!.loaded.map((l) => l.path)).toEqual(readelfClosure(root, programs));
  });
});
