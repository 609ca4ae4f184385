import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareManifests } from '../../analyzer/compare.js';
import { MANIFEST_SCHEMA, MANIFEST_VERSION } from '../../analyzer/model/manifest.js';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { validateManifest } from '../../analyzer/validate-manifest.js';
import { computeRegions, readElf } from '../../builder/elf/read-elf.js';
import { main } from '../../cli/main.js';
import { needDebs, REPO_ROOT, run } from './deb-cache.js';

const NGINX = join(REPO_ROOT, 'stacks/debian-12-amd64/https-nginx.json');
const UNBOUND = join(REPO_ROOT, 'stacks/debian-12-amd64/dns-unbound.json');
const { debs, available } = needDebs(['hello']);
const work = mkdtempSync(join(tmpdir(), 'tcbscope-compare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A minimal image manifest made from a real ELF file through the ELF reader: one package, one unit per region. */
function buildImageManifest(path: string): Manifest {
  const bytes = readFileSync(path);
  const elf = readElf(bytes);
  const regions = computeRegions(elf);
  const leaves = {
    name: [] as string[],
    region: [] as number[],
    address: [] as number[],
    offset: [] as number[],
    fileSize: [] as number[],
    memSize: [] as number[],
    unit: [] as number[],
  };
  regions.forEach((r, i) => {
    leaves.name.push(r.name);
    leaves.region.push(i);
    leaves.address.push(0);
    leaves.offset.push(r.offset);
    leaves.fileSize.push(r.fileSize);
    leaves.memSize.push(r.memSize);
    leaves.unit.push(r.flags.includes('exec') ? 0 : 1);
  });
  const code = regions.filter((r) => r.flags.includes('exec')).reduce((a, r) => a + r.fileSize, 0);
  return {
    schema: MANIFEST_SCHEMA,
    version: MANIFEST_VERSION,
    kind: 'image',
    identity: {
      name: 'hello',
      target: 'unix',
      targetEvidence: 'test',
      arch: elf.arch,
      format: 'elf64-le',
      fileSize: bytes.length,
      memorySize: 0,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      stripped: true,
    },
    regions,
    attribution: {
      packages: [
        {
          name: 'hello',
          fileSize: bytes.length,
          memSize: 0,
          codeSize: code,
          languages: { C: code, data: bytes.length - code },
          evidence: { dpkg: bytes.length },
        },
      ],
      units: [
        { name: 'code', package: 'hello', language: 'C', evidence: 'dpkg', fileSize: code, memSize: 0 },
        {
          name: 'rest',
          package: 'hello',
          language: 'data',
          evidence: 'dpkg',
          fileSize: bytes.length - code,
          memSize: 0,
        },
      ],
      leaves,
    },
    dependencies: { packages: [], edges: [], roots: [], unresolved: [] },
    platform: { needed: [] },
    provenance: { tool: 'tcbscope', toolVersion: 'test', command: [], environment: {}, inputs: [] },
    diagnostics: [],
  };
}

async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    env: {},
    cwd: REPO_ROOT,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

describe.skipIf(available.skip)(available.title('compare an image with the shipped HTTPS stack'), () => {
  const root = join(work, 'hello');
  let imagePath = '';
  let image: Manifest;
  let stack: Manifest;

  it('computes each ratio from figures binutils and Debian confirm', () => {
    run('dpkg-deb', ['-x', debs.get('hello')!, root]);
    const elfPath = join(root, 'usr/bin/hello');
    image = buildImageManifest(elfPath);
    imagePath = join(work, 'hello.json');
    writeFileSync(imagePath, JSON.stringify(image));
    stack = validateManifest(JSON.parse(readFileSync(NGINX, 'utf8')), NGINX);
    const c = compareManifests(image, stack);
    const m = Object.fromEntries(c.metrics.map((x) => [x.id, x]));
    // Image side: size from the file system, code from readelf's section table.
    const readelfCode = [
      ...run('readelf', ['-SW', elfPath]).matchAll(
        /^\s*\[\s*\d+\]\s+\S+\s+(\S+)\s+\S+\s+\S+\s+([0-9a-f]+)\s+\S+\s+(\S*X\S*)\s/gm,
      ),
    ]
      .filter((x) => x[1] !== 'NOBITS')
      .reduce((a, x) => a + parseInt(x[2] as string, 16), 0);
    // Loaded: SHF_ALLOC sections that are not NOBITS, from the same section table.
    const readelfLoaded = [
      ...run('readelf', ['-SW', elfPath]).matchAll(
        /^\s*\[\s*\d+\]\s+\S+\s+(\S+)\s+\S+\s+\S+\s+([0-9a-f]+)\s+\S+\s+(\S*A\S*)\s/gm,
      ),
    ]
      .filter((x) => x[1] !== 'NOBITS')
      .reduce((a, x) => a + parseInt(x[2] as string, 16), 0);
    expect(m['loaded-bytes']!.image).toBe(readelfLoaded);
    expect(m['code-bytes']!.image).toBe(readelfCode);
    expect(m['c-asm-bytes']!.image).toBe(readelfCode);
    // Stack side: installed bytes are Debian's Installed-Size over the closure.
    const shown = run('apt-cache', [
      'show',
      ...stack.dependencies.packages.map((p) => `${p.name}=${p.version}`),
    ]);
    const kib = [...shown.matchAll(/^Installed-Size: (\d+)$/gm)].reduce((a, x) => a + Number(x[1]), 0);
    expect(m['installed-bytes']!.stack).toBe(kib * 1024);
    expect(m.packages!.stack).toBe(stack.dependencies.packages.length);
    for (const x of c.metrics) expect(x.ratio).toBe(x.stack === 0 ? null : x.image / x.stack);
    expect(c.headline.ratio).toBe(m['code-bytes']!.ratio);
    expect(c.provenance.map((p) => p.sha256)).toEqual(stack.dependencies.packages.map((p) => p.sha256));
  });

  it('the CLI prints the ratios, the methodology and the provenance', async () => {
    const r = await runCli(['compare', imagePath, '--against', NGINX]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Headline: code bytes: [\d.]+% of nginx \+ OpenSSL \+ glibc \+ Linux 6\.1 \(hello /,
    );
    expect(r.stdout).toContain('How each metric was computed:');
    expect(r.stdout).toContain(
      `libssl3 ${stack.dependencies.packages.find((p) => p.name === 'libssl3')!.version}`,
    );
    const json = await runCli(['compare', imagePath, '--against', NGINX, '--json']);
    expect(JSON.parse(json.stdout).metrics).toHaveLength(7);
  });

  // The shipped profiles are committed: a missing one fails here rather than skipping.
  it('compares a stack with another stack, layer by layer', () => {
    const other = validateManifest(JSON.parse(readFileSync(UNBOUND, 'utf8')), UNBOUND);
    const c = compareManifests(other, stack);
    expect(c.metrics.find((x) => x.id === 'installed-bytes')!.image).toBe(other.stack!.installedSize);
    expect(c.layers.map((l) => l.name)).toEqual([
      'kernel',
      'C library',
      'crypto/TLS',
      'server',
      'language runtime',
      'other',
    ]);
    // Layers partition the side: their loaded bytes add up to the headline's.
    const total = c.layers.reduce((a, l) => a + l.loadedSize, 0);
    expect(total).toBe(c.metrics.find((x) => x.id === 'loaded-bytes')!.stack);
  });

  it('--against an image manifest: MANIFEST_BAD, exit 2', async () => {
    const r = await runCli(['compare', imagePath, '--against', imagePath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hello\.json: .*kind.*MANIFEST_BAD/);
  });
});
