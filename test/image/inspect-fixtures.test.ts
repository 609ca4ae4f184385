import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { validateManifest } from '../../analyzer/validate-manifest.js';
import { readElf } from '../../builder/elf/read-elf.js';
import { buildImageManifest } from '../../builder/image/build-image-manifest.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { loadRules } from '../../pipeline/io/load-rules.js';
import {
  OCAML_FIXTURE,
  fixturePaths,
  readFileSize,
  readSectionTable,
  readSha256,
  readNotes,
} from '../support/binutils-truth.js';
import { builtFixture, check } from '../support/test-needs.js';

const quiet = (): void => undefined;
const fixtures = fixturePaths();
const manifests = new Map<string, Manifest>();
function manifestOf(image: string, extra: { map?: string; meta?: string[] } = {}): Manifest {
  const key = `${image}|${extra.map ?? ''}|${(extra.meta ?? []).join(',')}`;
  let m = manifests.get(key);
  if (!m) manifests.set(key, (m = inspectImage({ image, ...extra }, quiet)));
  return m;
}

describe('byte accounting on every fixture (truth: stat, sha256sum and readelf -SW recorded at build time)', () => {
  it('has fixtures to check', () => expect(fixtures.length).toBeGreaterThanOrEqual(10));
  describe.each(fixtures.map((f) => [`${f.group}/${f.name}`, f] as const))('%s', (_label, f) => {
    it('regions add up to the file size, and so do the leaves, region by region', () => {
      const m = manifestOf(f.image);
      const fileSize = readFileSize(f.truth.filesize as string);
      expect(m.identity.fileSize).toBe(fileSize);
      expect(m.identity.sha256).toBe(readSha256(f.truth.sha256 as string));
      expect(m.regions.reduce((s, r) => s + r.fileSize, 0)).toBe(fileSize);
      const leaves = m.attribution.leaves;
      expect(leaves.fileSize.reduce((s, n) => s + n, 0)).toBe(fileSize);
      expect(m.attribution.packages.reduce((s, p) => s + p.fileSize, 0)).toBe(fileSize);
      const perRegion = new Map<number, number>();
      leaves.region.forEach((r, i) =>
        perRegion.set(r, (perRegion.get(r) ?? 0) + (leaves.fileSize[i] as number)),
      );
      m.regions.forEach((r, i) => expect(perRegion.get(i) ?? 0, r.name).toBe(r.fileSize));
    });
    it('is the same when read sparsely (headers and metadata only) as from the whole file', () => {
      const m = manifestOf(f.image);
      const full = buildImageManifest({
        name: m.identity.name,
        elf: readElf(readFileSync(f.image)),
        sha256: m.identity.sha256,
        rules: loadRules(),
        provenance: m.provenance,
      });
      expect(JSON.stringify(full)).toBe(JSON.stringify(m));
    });
    it('is a valid manifest by the JSON Schema', () => {
      expect(validateManifest(JSON.parse(JSON.stringify(manifestOf(f.image))), f.image).identity.name).toBe(
        f.name,
      );
    });
    it("has one region per section, each of readelf's size", () => {
      const m = manifestOf(f.image);
      const truth = readSectionTable(f.truth['readelf-S'] as string).filter((s) => s.type !== 'NULL');
      const sections = m.regions
        .filter((r) => r.kind === 'section')
        .sort((a, b) => (a.sectionIndex ?? 0) - (b.sectionIndex ?? 0));
      expect(sections.map((r) => r.name)).toEqual(truth.map((s) => s.name));
      sections.forEach((r, i) => {
        const t = truth[i] as (typeof truth)[number];
        expect(t.type === 'NOBITS' ? 0 : t.size, r.name).toBe(r.fileSize);
        expect(t.flags.includes('A') ? t.size : 0, r.name).toBe(r.memSize);
        if (t.type !== 'NOBITS') expect(r.offset, r.name).toBe(t.offset);
      });
      const allocated = truth.filter((s) => s.flags.includes('A')).reduce((s, t) => s + t.size, 0);
      expect(m.identity.memorySize).toBe(allocated);
    });
  });
});

const ocaml = fixtures.find((f) => f.name === 'ocaml-https');
const truthFile = (suffix: string) => path.join(path.dirname(ocaml?.image ?? ''), `ocaml-https.${suffix}`);

const fixture = check(builtFixture(OCAML_FIXTURE));
describe.skipIf(fixture.skip)(
  fixture.title('the OCaml fixture (truth: readelf -SW, the GNU ld map, dpkg -S of the linked archives)'),
  () => {
    const options = () => ({ map: truthFile('map'), meta: ['/var/lib/dpkg/info'] });
    it('attributes at least 99% of .text to named packages', () => {
      const m = manifestOf(ocaml?.image as string, options());
      const text = readSectionTable(ocaml?.truth['readelf-S'] as string).find((s) => s.name === '.text');
      const regionIndex = m.regions.findIndex((r) => r.name === '.text');
      const { leaves, units } = m.attribution;
      let named = 0;
      let total = 0;
      for (let i = 0; i < leaves.name.length; i++) {
        if (leaves.region[i] !== regionIndex) continue;
        const pkg = (units[leaves.unit[i] as number] as { package: string }).package;
        total += leaves.memSize[i] as number;
        if (!pkg.startsWith('[') && pkg !== 'unknown') named += leaves.memSize[i] as number;
      }
      expect(total).toBe(text?.size);
      expect(named / total).toBeGreaterThanOrEqual(0.99);
    });
    it('names exactly the Debian packages whose archives the link used, and the program itself', () => {
      const m = manifestOf(ocaml?.image as string, options());
      // dpkg -S of every archive the link loaded, recorded by fixtures/build.sh (`pkg: /path` lines).
      const expected = new Set(
        readFileSync(truthFile('dpkg-S-archives.txt'), 'utf8')
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('no Debian package'))
          .map((l) => l.split(':')[0] as string),
      );
      // The objects the map loads outside archives: dpkg -S names the owners of the installed ones
      // (C start files); the rest (main.o, the camlstartup object) are the program's own build.
      const loads = [...readFileSync(truthFile('map'), 'utf8').matchAll(/^LOAD (\/\S+\.o)$/gm)].map((m) =>
        path.resolve(m[1] as string),
      );
      const owned = loads.filter((p) => !p.startsWith('/tmp/'));
      for (const line of execFileSync('dpkg', ['-S', ...owned], { encoding: 'utf8' })
        .trim()
        .split('\n'))
        expected.add(line.split(':')[0] as string);
      expected.add('ocaml-https');
      const found = m.attribution.packages
        .map((p) => p.name)
        .filter((n) => !n.startsWith('[') && n !== 'unknown');
      expect(found.sort()).toEqual([...expected].sort());
    });
  },
);

describe('Solo5 notes (truth: readelf -n descriptor bytes, the build.sh ABI_TARGET, the fixture source)', () => {
  const source = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/src/solo5/notes.c'), 'utf8');
  const declared = [...source.matchAll(/\{ \.name = "([^"]*)", \.type = DEVICE_(NET|BLOCK)/g)].map((m) => ({
    name: m[1],
    kind: (m[2] as string).toLowerCase(),
  }));
  const buildScript = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/build.sh'), 'utf8');
  const solo5 = fixtures.filter((f) => f.group === 'solo5');
  it('declares devices in the source', () => expect(declared.length).toBe(3));
  describe.each(solo5.map((f) => [f.name, f] as const))('%s', (name, f) => {
    it('reports the target of its ABI note and exactly the declared devices', () => {
      const m = manifestOf(f.image);
      const code = Number(new RegExp(`^build_solo5 ${name} \\S+ (\\d+)`, 'm').exec(buildScript)?.[1]);
      const abiNote = readNotes(f.truth['readelf-n'] as string).find((n) => n.section === '.note.solo5.abi');
      expect(abiNote?.data?.[0]).toBe(code);
      const targets: Record<number, string> = {
        1: 'hvt',
        2: 'spt',
        3: 'virtio',
        4: 'muen',
        5: 'genode',
        6: 'xen',
      };
      expect(m.identity.target).toBe(targets[code]);
      expect(m.identity.targetEvidence).toBe('solo5-abi-note');
      expect(m.platform.solo5?.abi?.version).toBe(abiNote?.data?.[4]);
      expect(m.platform.solo5?.manifest?.devices.map((d) => ({ name: d.name, kind: d.kind }))).toEqual(
        declared,
      );
      expect(m.platform.solo5?.manifest?.entries).toBe(declared.length + 1);
    });
  });
});
