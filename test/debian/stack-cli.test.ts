import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { validateManifest } from '../../analyzer/validate-manifest.js';
import { main } from '../../cli/main.js';
import { DEB_CACHE, needDebs, REPO_ROOT, run } from './deb-cache.js';
import { readelfClosure } from './readelf-closure.js';
import { awkLicence } from '../support/copyright-truth.js';

const { debs, available } = needDebs(['hello', 'libc6']);
const work = mkdtempSync(join(tmpdir(), 'tcbscope-stack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    env: { TCBSCOPE_DEB_CACHE: DEB_CACHE },
    cwd: REPO_ROOT,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

describe.skipIf(available.skip)(available.title('tcbscope stack on a small real closure (hello)'), () => {
  it('writes a stack manifest whose figures match Debian and binutils', async () => {
    const out = join(work, 'hello.json');
    const r = await runCli(['stack', '--name', 'hello-stack', '--roots', 'hello', '--out', out, '--json']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const manifest = validateManifest(JSON.parse(readFileSync(out, 'utf8')), out) as Manifest;
    expect(manifest.kind).toBe('stack');
    // Installed sizes: Debian's Installed-Size (KiB) × 1024, package by package.
    for (const p of manifest.dependencies.packages) {
      const kib = run('apt-cache', ['show', `${p.name}=${p.version}`]).match(/^Installed-Size: (\d+)$/m)?.[1];
      expect([p.name, p.installedSize]).toEqual([p.name, Number(kib) * 1024]);
      const sha = run('apt-cache', ['show', `${p.name}=${p.version}`]).match(/^SHA256: (\w+)$/m)?.[1];
      expect([p.name, p.sha256]).toEqual([p.name, sha]);
    }
    // The loaded files equal readelf's DT_NEEDED closure over the same packages, extracted by dpkg-deb.
    const root = join(work, 'root-hello');
    for (const input of manifest.provenance.inputs.filter((i) => i.role === 'deb'))
      run('dpkg-deb', ['-x', join(DEB_CACHE, findCached(input.path)), root]);
    expect(manifest.stack!.loaded.map((l) => l.path)).toEqual(readelfClosure(root, ['/usr/bin/hello']));
    // Licences: awk over the same packages' copyright files, as dpkg-deb extracted them.
    for (const p of manifest.dependencies.packages) {
      const file = join(root, 'usr/share/doc', p.name, 'copyright');
      const truth = existsSync(file) ? awkLicence(file) : '';
      expect([p.name, p.licence ?? '']).toEqual([p.name, truth]);
    }
    // Every byte of every loaded file is in exactly one leaf.
    const leaves = manifest.attribution.leaves.fileSize.reduce((a, b) => a + b, 0);
    expect(leaves).toBe(manifest.identity.fileSize);
    expect(manifest.stack!.loaded.reduce((a, l) => a + l.fileSize, 0)).toBe(manifest.identity.fileSize);
    for (const l of manifest.stack!.loaded) {
      const text = run('readelf', ['-SW', join(root, l.path)]);
      const code = [
        ...text.matchAll(/^\s*\[\s*\d+\]\s+\S+\s+(\S+)\s+\S+\s+\S+\s+([0-9a-f]+)\s+\S+\s+(\S*X\S*)\s/gm),
      ]
        .filter((m) => m[1] !== 'NOBITS')
        .reduce((a, m) => a + parseInt(m[2] as string, 16), 0);
      expect([l.path, l.codeSize]).toEqual([l.path, code]);
    }
  });

  it('a root missing from the index: DEB_MISSING naming it, exit 2, no file', async () => {
    const out = join(work, 'missing.json');
    const r = await runCli(['stack', '--name', 'x', '--roots', 'no-such-package-tcbscope', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such-package-tcbscope.*DEB_MISSING/);
    expect(existsSync(out)).toBe(false);
  });

  it('a kernel package without an image: DEB_NO_KERNEL naming package and file, exit 2, no file', async () => {
    const out = join(work, 'nokernel.json');
    const r = await runCli(['stack', '--name', 'x', '--roots', 'hello', '--kernel', 'hello', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hello_[^ ]*\.deb: .*hello .*vmlinuz.*DEB_NO_KERNEL/);
    expect(existsSync(out)).toBe(false);
  });

  it('a truncated .deb given with --debs: DEB_BAD naming the file, exit 2, no file', async () => {
    const dir = join(work, 'debs');
    rmSync(dir, { recursive: true, force: true });
    run('mkdir', ['-p', dir]);
    const hello = debs.get('hello')!;
    const bytes = readFileSync(hello);
    writeFileSync(join(dir, basename(hello)), bytes.subarray(0, bytes.length - 1000));
    const out = join(work, 'truncated.json');
    const r = await runCli(['stack', '--name', 'x', '--roots', 'hello', '--debs', dir, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(dir, basename(hello)));
    expect(r.stderr).toMatch(/DEB_BAD/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(hello)).toBe(true); // the user's --debs file is reported, the cache is untouched
  });

  it('an unsatisfiable dependency: DEB_UNSATISFIABLE naming the package, the relation and who wanted it', async () => {
    const index = join(work, 'Packages');
    writeFileSync(
      index,
      'Package: app\nVersion: 1.0\nArchitecture: amd64\nDepends: libthing (>= 2.0)\n\nPackage: libthing\nVersion: 1.5\nArchitecture: amd64\n',
    );
    const out = join(work, 'unsat.json');
    const r = await runCli([
      'stack',
      '--name',
      'x',
      '--roots',
      'app',
      '--index',
      index,
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/app 1\.0 Depends "libthing \(>= 2\.0\)".*DEB_UNSATISFIABLE/);
    expect(JSON.parse(r.stdout).error.code).toBe('DEB_UNSATISFIABLE');
    expect(existsSync(out)).toBe(false);
  });
});

/** The cached file for a pool path: the pool's base name, or apt-get download's with `%3a` for `:`. */
function findCached(poolPath: string): string {
  const name = basename(poolPath);
  if (existsSync(join(DEB_CACHE, name))) return name;
  const [pkg, , arch] = name.split('_');
  const match = readdirSync(DEB_CACHE).find(
    (f) =>
      f.startsWith(`${pkg}_`) &&
      f.endsWith(`_${arch}`) &&
      f.replace(/%3a/g, ':').includes(name.split('_')[1] as string),
  );
  return match ?? name;
}
