/**
 * The shipped https-nginx profile's comparison metrics against binutils: each loaded file's
 * loaded bytes (SHF_ALLOC sections that are not NOBITS) and code bytes (SHF_EXECINSTR) as
 * `readelf -SW` gives them for the same files, extracted from the profile's own .debs by
 * dpkg-deb (the kernel's vmlinux decompressed by the lz4 tool); and the padding and the kernel's
 * boot-only and BTF bytes out of the headline and reported apart.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareManifests } from '../../analyzer/compare.js';
import { measureStackFiles, measureTcbBytes } from '../../analyzer/measure-tcb-bytes.js';
import { validateManifest } from '../../analyzer/validate-manifest.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { FIXTURE_IMAGES_DIR } from '../support/binutils-truth.js';
import { check, tool } from '../support/test-needs.js';
import { DEBIAN_TOOLS, REPO_ROOT, run } from './deb-cache.js';
import { profileDebNeeds } from './profile-debs.js';
import { resolveInRoot } from './readelf-closure.js';

const NGINX = join(REPO_ROOT, 'stacks/debian-12-amd64/https-nginx.json');
const manifest = validateManifest(JSON.parse(readFileSync(NGINX, 'utf8')), NGINX);
const details = manifest.stack!;
const kernel = details.kernel!;
const packages = [...new Set([...details.loaded.map((l) => l.package), kernel.package])];
const { debs, needs } = profileDebNeeds(manifest, packages);
const available = check(...DEBIAN_TOOLS, tool('lz4'), ...needs);
const work = mkdtempSync(join(tmpdir(), 'tcbscope-stack-metrics-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One section of `readelf -SW`: name, type, size, flags. */
interface ReadelfSection {
  name: string;
  type: string;
  size: number;
  flags: string;
}

function readelfSections(file: string): ReadelfSection[] {
  const out: ReadelfSection[] = [];
  for (const line of run('readelf', ['-SW', file]).split('\n')) {
    const m = /^\s*\[\s*(\d+)\]\s+(.*)$/.exec(line);
    if (!m || m[1] === '0') continue;
    const t = (m[2] as string).trim().split(/\s+/);
    // name type address offset size entsize [flags] link info align: flags may be empty.
    out.push({ name: t[0]!, type: t[1]!, size: parseInt(t[4]!, 16), flags: t.length >= 10 ? t[6]! : '' });
  }
  return out;
}

/** ELF header, program and section header bytes, from `readelf -hW`. */
function headerBytes(file: string): number {
  const h = run('readelf', ['-hW', file]);
  const n = (label: string): number => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(h)?.[1]);
  return (
    n('Size of this header') +
    n('Size of program headers') * n('Number of program headers') +
    n('Size of section headers') * n('Number of section headers')
  );
}

/** The bzImage's LZ4 payload (boot protocol: setup_sects, payload_offset, payload_length) decompressed by lz4. */
function decompressVmlinux(vmlinuz: string, out: string): void {
  const bz = readFileSync(vmlinuz);
  const setupSects = bz[0x1f1] || 4;
  const start = (setupSects + 1) * 512 + bz.readUInt32LE(0x248);
  // The payload ends with the decompressed size (4 bytes), which the lz4 tool does not expect.
  const payload = bz.subarray(start, start + bz.readUInt32LE(0x24c) - 4);
  writeFileSync(`${out}.lz4`, payload);
  run('bash', ['-c', `lz4 -dc '${out}.lz4' > '${out}'`]);
}

const isExtra = (name: string): boolean => name.startsWith('.init.') || name === '.BTF';
const sum = (xs: ReadelfSection[]): number => xs.reduce((a, s) => a + s.size, 0);
const loadedOf = (xs: ReadelfSection[]): number =>
  sum(xs.filter((s) => s.flags.includes('A') && s.type !== 'NOBITS'));
const codeOf = (xs: ReadelfSection[]): number =>
  sum(xs.filter((s) => s.flags.includes('X') && s.type !== 'NOBITS'));

describe.skipIf(available.skip)(available.title('the https-nginx profile’s metrics against readelf'), () => {
  const root = join(work, 'root');
  /** Each counted file of the profile, as the manifest names it, and where it is on disk. */
  const files = new Map<string, string>();
  const truth = new Map<
    string,
    { sections: ReadelfSection[]; size: number; headers: number; kernel: boolean }
  >();

  it('extracts the profile’s files from its .debs', () => {
    for (const p of packages) run('dpkg-deb', ['-x', debs.get(p)!, root]);
    for (const l of details.loaded) files.set(l.path, join(root, resolveInRoot(root, l.path)!));
    const vmlinux = join(work, 'vmlinux');
    decompressVmlinux(join(root, kernel.image), vmlinux);
    files.set(`${kernel.image} (vmlinux)`, vmlinux);
    const modules = run('bash', ['-c', `cd '${root}' && find lib/modules -name '*.ko'`])
      .trim()
      .split('\n');
    for (const name of kernel.modules.names) {
      const path = modules.find(
        (m) => m.endsWith(`/${name}.ko`) || m.endsWith(`/${name.replace(/_/g, '-')}.ko`),
      );
      expect(path, name).toBeDefined();
      files.set(`/${path}`, join(root, path!));
    }
    for (const [name, path] of files)
      truth.set(name, {
        sections: readelfSections(path),
        size: statSync(path).size,
        headers: headerBytes(path),
        kernel: name.startsWith('/boot/') || name.startsWith('/lib/modules/'),
      });
    expect(files.size).toBe(details.loaded.length + 1 + kernel.modules.count);
  });

  it('each file’s loaded and code bytes equal readelf’s SHF_ALLOC non-NOBITS and SHF_EXECINSTR sums', () => {
    const measured = measureStackFiles(manifest, { kernelExtras: 'include' });
    const excluded = measureStackFiles(manifest);
    expect([...measured.keys()].sort()).toEqual([...truth.keys()].sort());
    for (const [name, t] of truth) {
      expect([name, measured.get(name)!.loaded, measured.get(name)!.code]).toEqual([
        name,
        loadedOf(t.sections),
        codeOf(t.sections),
      ]);
      // By default the kernel's .init.* and .BTF sections are out of both figures.
      const kept = t.kernel ? t.sections.filter((s) => !isExtra(s.name)) : t.sections;
      expect([name, excluded.get(name)!.loaded, excluded.get(name)!.code]).toEqual([
        name,
        loadedOf(kept),
        codeOf(kept),
      ]);
    }
  });

  it('padding, headers, symbol tables and the kernel’s boot-only and BTF bytes are apart, not in the headline', () => {
    const all = [...truth.values()];
    const allocated = (t: (typeof all)[number]): ReadelfSection[] =>
      t.sections.filter((s) => s.flags.includes('A') && s.type !== 'NOBITS');
    const kernelSections = all.filter((t) => t.kernel).flatMap(allocated);
    const bootOnly = sum(kernelSections.filter((s) => s.name.startsWith('.init.')));
    const btf = sum(kernelSections.filter((s) => s.name === '.BTF'));
    // Padding: what the file holds beyond its headers and its sections' file bytes.
    const padding = all.reduce(
      (a, t) => a + t.size - t.headers - sum(t.sections.filter((s) => s.type !== 'NOBITS')),
      0,
    );
    const m = measureTcbBytes(manifest);
    expect(m.total.apart).toEqual({
      padding,
      structure: all.reduce((a, t) => a + t.headers, 0),
      symbolsAndDebug: sum(
        all.flatMap((t) => t.sections.filter((s) => !s.flags.includes('A') && s.type !== 'NOBITS')),
      ),
      kernelBootOnly: bootOnly,
      kernelTypeInfo: btf,
    });
    expect(bootOnly).toBeGreaterThan(1_000_000);
    expect(padding).toBeGreaterThan(10_000_000);
    const loadedAll = sum(all.flatMap(allocated));
    const codeAll = sum(
      all.flatMap((t) => t.sections.filter((s) => s.flags.includes('X') && s.type !== 'NOBITS')),
    );
    const extraCode = sum(kernelSections.filter((s) => isExtra(s.name) && s.flags.includes('X')));

    // The headline compares code bytes without padding or boot-only code; the reports show them apart.
    const image = inspectImage({ image: join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt') }, () => undefined);
    const c = compareManifests(image, manifest);
    const byId = Object.fromEntries(c.metrics.map((x) => [x.id, x]));
    expect(c.headline.metric).toBe('code-bytes');
    expect(byId['code-bytes']!.stack).toBe(codeAll - extraCode);
    expect(byId['loaded-bytes']!.stack).toBe(loadedAll - bootOnly - btf);
    expect(byId['loaded-bytes']!.stack).toBeLessThan(manifest.identity.fileSize - padding);
    expect(c.headline.sentence).toContain('of nginx + OpenSSL + glibc + Linux 6.1');
    expect(c.apart.stack).toEqual(m.total.apart);
    const included = compareManifests(image, manifest, { kernelExtras: 'include' });
    expect(included.metrics.find((x) => x.id === 'loaded-bytes')!.stack).toBe(loadedAll);
  });
});
