/**
 * `tcbscope sbom` through main(io): every fixture manifest's SBOM is checked by the CycloneDX
 * library's own strict 1.6 validator, and its facts against Debian's tools and the lock files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { runCli } from '../cli/run-cli.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { FIXTURE_IMAGES_DIR } from '../support/binutils-truth.js';
import { tool } from '../support/test-needs.js';

/** Whether a command from scripts/test-packages.txt is on this machine. */
const hasTool = (name: string): boolean => tool(name).ok;
import { DATA, HAVE_DATA, lockDependsByRegex } from '../opam/shared-data.js';

const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-sbom-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DPKG_INFO = '/var/lib/dpkg/info';
const STACK = path.resolve(import.meta.dirname, '../../stacks/debian-12-amd64/https-nginx.json');
const LOCK = path.join(DATA, 'lockfiles/hannesm__dune-mirage-broken/hello-hvt.opam.locked');
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

function run(args: string[], env: Record<string, string> = {}): ReturnType<typeof runCli> {
  return runCli(args, work, env);
}

interface CdxComponent {
  name: string;
  version?: string;
  'bom-ref': string;
  scope?: string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  licenses?: { license?: { id?: string; name?: string }; expression?: string }[];
  properties?: { name: string; value: string }[];
}
interface CdxBom {
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp?: string; component: CdxComponent };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}

/** Writes a manifest where `sbom` can read it; returns its path. */
function save(name: string, manifest: Manifest): string {
  const file = path.join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(manifest));
  return file;
}

async function sbomOf(file: string): Promise<{ text: string; bom: CdxBom }> {
  const r = await run(['sbom', file]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { text: r.stdout, bom: JSON.parse(r.stdout) as CdxBom };
}

/** `apt-cache show` of name=version pairs; versions the index lacks are left out (apt then exits 100). */
function aptShow(pairs: string[]): string {
  try {
    return execFileSync('apt-cache', ['show', ...pairs], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '');
  }
}

function property(c: CdxComponent, name: string): string[] {
  return (c.properties ?? []).filter((p) => p.name === name).map((p) => p.value);
}

const dpkgFixture =
  hasTool('dpkg-query') && existsSync(path.join(DPKG_INFO, 'zlib1g-dev:amd64.list'))
    ? undefined
    : 'dpkg-query and the zlib1g-dev package';

const fixtures: Record<string, string> = {};
beforeAll(() => {
  const log = () => {};
  fixtures.greet = save('greet', inspectImage({ image: path.join(FIXTURE_IMAGES_DIR, 'greet/greet') }, log));
  fixtures.solo5 = save(
    'solo5-hvt',
    inspectImage({ image: path.join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt') }, log),
  );
  if (dpkgFixture === undefined)
    fixtures.tally = save(
      'tally-crc',
      inspectImage(
        {
          image: path.join(FIXTURE_IMAGES_DIR, 'gate/tally-crc'),
          map: path.join(FIXTURE_IMAGES_DIR, 'gate/tally-crc.map'),
          meta: [DPKG_INFO],
        },
        log,
      ),
    );
  fixtures.stack = STACK;
});

describe('tcbscope sbom on the fixture images and the shipped stack', () => {
  it('writes CycloneDX 1.6 that the library’s strict validator accepts, for every fixture', async () => {
    for (const file of Object.values(fixtures)) {
      const { text, bom } = await sbomOf(file);
      expect(await validator.validate(text), file).toBeNull();
      expect(bom.specVersion).toBe('1.6');
    }
  });

  it('is the same text on every run, with a serial number from the content and no clock', async () => {
    const a = await sbomOf(fixtures.solo5 as string);
    const b = await sbomOf(fixtures.solo5 as string);
    expect(a.text).toBe(b.text);
    expect(a.bom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(a.bom.metadata.timestamp).toBeUndefined();
    const greet = await sbomOf(fixtures.greet as string);
    expect(greet.bom.serialNumber).not.toBe(a.bom.serialNumber);
    // The serial number follows the manifest's bytes: one changed byte, another serial number.
    const copy = path.join(work, 'solo5-copy.json');
    writeFileSync(copy, readFileSync(fixtures.solo5 as string, 'utf8') + '\n');
    expect((await sbomOf(copy)).bom.serialNumber).not.toBe(a.bom.serialNumber);
  });

  it('takes metadata.timestamp from SOURCE_DATE_EPOCH only, and refuses one that is not seconds', async () => {
    const r = await run(['sbom', fixtures.solo5 as string], { SOURCE_DATE_EPOCH: '1700000000' });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as CdxBom).metadata.timestamp).toBe('2023-11-14T22:13:20.000Z');
    expect(await validator.validate(r.stdout)).toBeNull();
    const bad = await run(['sbom', fixtures.solo5 as string], { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^tcbscope: .*SOURCE_DATE_EPOCH.*"yesterday".*\[USAGE\]\n$/);
  });

  it('makes the image the metadata component, with its sha256 and build-id as readelf shows them', async () => {
    const { bom } = await sbomOf(fixtures.solo5 as string);
    const image = bom.metadata.component;
    expect(image.name).toBe('solo5-hvt');
    const sha = readFileSync(path.join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt.sha256.txt'), 'utf8').split(
      /\s/,
    )[0];
    expect(image.hashes).toEqual([{ alg: 'SHA-256', content: sha }]);
    const notes = readFileSync(path.join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt.readelf-n.txt'), 'utf8');
    const buildId = /Build ID: ([0-9a-f]+)/.exec(notes)?.[1];
    expect(buildId).toBeDefined();
    expect(property(image, 'tcbscope:build-id')).toEqual([buildId]);
  });

  it.skipIf(dpkgFixture !== undefined)(
    dpkgFixture === undefined
      ? 'names tally-crc’s Debian packages with the versions dpkg reports, and marks zlib1g-dev as contributing bytes'
      : `SKIPPED: needs ${dpkgFixture}`,
    async () => {
      const { bom } = await sbomOf(fixtures.tally as string);
      const debian = bom.components.filter((c) => c.purl?.startsWith('pkg:deb/'));
      expect(debian.map((c) => c.name).sort()).toContain('zlib1g-dev');
      for (const c of debian) {
        const version = execFileSync('dpkg-query', ['-W', '-f', '${Version}', c.name], { encoding: 'utf8' });
        expect(c.version, c.name).toBe(version);
        const m = /^pkg:deb\/debian\/([^@?#]+)@([^?#]+)$/.exec(c.purl as string);
        expect(m, c.purl).not.toBeNull();
        expect(decodeURIComponent(m?.[1] as string)).toBe(c.name);
        expect(decodeURIComponent(m?.[2] as string)).toBe(version);
      }
      // The map links members of libz.a, which dpkg says zlib1g-dev installed.
      const owner = readFileSync(path.join(FIXTURE_IMAGES_DIR, 'gate/tally-crc.libz-owner.txt'), 'utf8');
      const zlib = bom.components.find((c) => c.name === owner.split(':')[0]) as CdxComponent;
      expect(readFileSync(path.join(FIXTURE_IMAGES_DIR, 'gate/tally-crc.map'), 'utf8')).toContain('libz.a(');
      expect(property(zlib, 'tcbscope:contributes-bytes')).toEqual(['true']);
      expect(zlib.scope).toBe('required');
    },
  );

  it.skipIf(!hasTool('apt-cache'))(
    hasTool('apt-cache')
      ? 'gives the stack’s Debian packages the version and sha256 of apt’s own index'
      : 'SKIPPED: needs apt-cache',
    async () => {
      const { bom } = await sbomOf(STACK);
      const hashed = bom.components.filter((c) => c.hashes?.some((h) => h.alg === 'SHA-256'));
      // One apt-cache run for all packages: its records say Package, Version and SHA256 of each .deb.
      const index = new Map<string, string[]>();
      for (const record of aptShow(hashed.map((c) => `${c.name}=${c.version}`)).split(/\n\n+/)) {
        const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(record)?.[1];
        const key = `${field('Package')}=${field('Version')}`;
        index.set(key, [...(index.get(key) ?? []), field('SHA256') ?? '']);
      }
      let checked = 0;
      for (const c of hashed) {
        const shas = index.get(`${c.name}=${c.version}`);
        if (shas === undefined) continue; // this machine's index no longer has that version
        expect(shas, c.name).toContain(c.hashes?.find((h) => h.alg === 'SHA-256')?.content);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    },
  );

  it('keeps licences that are SPDX ids as ids and Debian’s own names as named licences', async () => {
    const manifest = JSON.parse(readFileSync(STACK, 'utf8')) as Manifest;
    const { bom } = await sbomOf(STACK);
    const gpl2plus = manifest.dependencies.packages.find((p) => p.licence === 'GPL-2+');
    expect(gpl2plus).toBeDefined();
    const c = bom.components.find((x) => x.name === gpl2plus?.name) as CdxComponent;
    // `GPL-2+` is Debian's copyright-format name; SPDX spells that licence GPL-2.0-or-later.
    expect(c.licenses).toEqual([{ license: { name: 'GPL-2+' } }]);
  });

  it('writes to -o FILE and prints a summary (one JSON document with --json)', async () => {
    const out = path.join(work, 'out.cdx.json');
    const r = await run(['sbom', fixtures.greet as string, '-o', out, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { file: string; components: number; serialNumber: string };
    const bom = JSON.parse(readFileSync(out, 'utf8')) as CdxBom;
    expect(summary).toMatchObject({
      file: out,
      components: bom.components.length,
      serialNumber: bom.serialNumber,
    });
  });

  it('refuses a manifest of another version and a missing file on one line, exit 2', async () => {
    const other = path.join(work, 'v99.json');
    writeFileSync(
      other,
      JSON.stringify({ ...JSON.parse(readFileSync(fixtures.greet as string, 'utf8')), version: 99 }),
    );
    for (const [file, code] of [
      [other, 'MANIFEST_VERSION'],
      [path.join(work, 'absent.json'), 'FILE_NOT_FOUND'],
    ] as const) {
      const r = await run(['sbom', file]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^tcbscope: [^\\n]*${code}\\]\\n$`));
    }
    expect((await run(['sbom'])).code).toBe(2);
  });
});

describe.skipIf(!HAVE_DATA)(
  HAVE_DATA
    ? 'tcbscope sbom of an opam lock file’s manifest'
    : 'tcbscope sbom of a lock file: SKIPPED, ../shared/data not found',
  () => {
    it('validates, names every locked package with its locked version and an opam purl, and keeps every edge', async () => {
      const file = path.join(work, 'hello-hvt.json');
      const deps = await run([
        'deps',
        '--lock',
        LOCK,
        '--opam-repo',
        path.join(DATA, 'opam-repository'),
        '--opam-repo',
        path.join(DATA, 'opam-overlays'),
        '--out',
        file,
      ]);
      expect(deps.code).toBe(0);
      const { text, bom } = await sbomOf(file);
      expect(await validator.validate(text)).toBeNull();
      const locked = lockDependsByRegex(readFileSync(LOCK, 'utf8'));
      for (const { name, version } of locked) {
        const c = bom.components.find((x) => x.name === name);
        expect(c?.version, name).toBe(version);
        expect(c?.purl, name).toBe(`pkg:opam/${name}@${encodeURIComponent(version)}`);
      }
      // The edges the SBOM carries are the manifest's, each with its kind in a property.
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      const dependsOn = new Map(bom.dependencies.map((d) => [d.ref, new Set(d.dependsOn ?? [])]));
      for (const e of manifest.dependencies.edges) {
        expect(dependsOn.get(`package:${e.from}`)?.has(`package:${e.to}`), `${e.from} -> ${e.to}`).toBe(true);
        const from = bom.components.find((c) => c.name === e.from) as CdxComponent;
        const kinds = property(from, 'tcbscope:edge-kinds').find((v) => v.startsWith(`${e.to}=`));
        expect(kinds?.split('=')[1]?.split(','), `${e.from} -> ${e.to}`).toContain(e.kind);
      }
      for (const p of manifest.dependencies.packages) {
        const c = bom.components.find((x) => x.name === p.name) as CdxComponent;
        expect(c.scope, p.name).toBe(p.buildOnly ? 'excluded' : 'required');
      }
      expect(dependsOn.get('image:hello-hvt')).toEqual(new Set(['package:hello-hvt']));
    });
  },
);
