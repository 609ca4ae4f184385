/**
 * Checks the ground-truth reader against the recorded binutils files themselves: two tools' views
 * of one image must agree (readelf -h vs -S, size -A vs readelf -S, nm vs readelf -S), and the
 * recorded size and digest must match the image file on disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIXTURE_IMAGES_DIR,
  fixturePaths,
  OCAML_FIXTURE,
  readDynamic,
  readElfHeader,
  readFileSize,
  readNmS,
  readNotes,
  readSectionTable,
  readSha256,
  readSizeA,
  type FixtureImage,
  type TruthKind,
} from './binutils-truth.js';
import { builtFixture, check } from './test-needs.js';

const committedDir = FIXTURE_IMAGES_DIR;
const fixtures = fixturePaths();

function truthOf(image: FixtureImage, kind: TruthKind): string {
  const file = image.truth[kind];
  if (file === undefined) throw new Error(`${image.name}: no ${kind} truth recorded`);
  return file;
}

function fixtureNamed(name: string): FixtureImage {
  const found = fixtures.find((f) => f.name === name);
  if (!found) throw new Error(`fixture ${name} missing: run npm run fixtures`);
  return found;
}

// The small fixtures are committed: if they are missing these tests fail, they do not skip.
describe('binutils ground truth of the fixtures', () => {
  const rows = fixtures.map((f) => [`${f.group}/${f.name}`, f] as const);

  it('lists the committed fixtures build.sh writes', () => {
    const names = fixtures.filter((f) => !f.built).map((f) => f.name);
    for (const name of [
      'hello-aarch64',
      'hello-armhf',
      'hello-s390x',
      'greet',
      'greet-stripped',
      'libgreet.so',
      'greet.o',
      'solo5-hvt',
      'solo5-xen',
      'solo5-spt-aarch64',
    ]) {
      expect(names).toContain(name);
    }
    expect(fixtures.every((f) => f.image.startsWith(committedDir))).toBe(true);
  });

  it.each(rows)(
    '%s: readelf -S has as many rows as readelf -h says there are section headers',
    (_label, image) => {
      const header = readElfHeader(truthOf(image, 'readelf-h'));
      const sections = readSectionTable(truthOf(image, 'readelf-S'));
      expect(sections.length).toBe(Number(header['Number of section headers']));
      expect(sections.map((s) => s.index)).toEqual(sections.map((_s, i) => i));
      expect(sections[0]?.type).toBe('NULL');
    },
  );

  it.each(rows)(
    '%s: every size -A row is a readelf -S section of that size, and the total is their sum',
    (_label, image) => {
      const sizeA = readSizeA(truthOf(image, 'size-A'));
      const sections = readSectionTable(truthOf(image, 'readelf-S'));
      for (const row of sizeA.sections) {
        const match = sections.find((s) => s.name === row.name && s.size === row.size);
        expect(match, row.name).toBeDefined();
      }
      expect(sizeA.sections.reduce((n, r) => n + r.size, 0)).toBe(sizeA.total);
      // Every allocated section is listed by size -A; so the allocated bytes are part of its total.
      const allocated = sections.filter((s) => s.flags.includes('A'));
      for (const s of allocated)
        expect(
          sizeA.sections.some((r) => r.name === s.name),
          s.name,
        ).toBe(true);
      expect(allocated.reduce((n, s) => n + s.size, 0)).toBeLessThanOrEqual(sizeA.total);
    },
  );

  it.each(rows)('%s: the recorded file size and sha256 match the image on disk', (_label, image) => {
    expect(readFileSize(truthOf(image, 'filesize'))).toBe(statSync(image.image).size);
    expect(readSha256(truthOf(image, 'sha256'))).toBe(
      createHash('sha256').update(readFileSync(image.image)).digest('hex'),
    );
  });

  it.each(rows)(
    '%s: every nm line parses, and each sized symbol of an executable lies inside a readelf -S section',
    (_label, image) => {
      const header = readElfHeader(truthOf(image, 'readelf-h'));
      const symbols = readNmS(truthOf(image, 'nm-S'));
      const lines = readFileSync(truthOf(image, 'nm-S'), 'utf8')
        .split('\n')
        .filter((l) => l !== '');
      expect(symbols.length).toBe(lines.length);
      if (/^REL /.test(header['Type'] ?? '')) return; // object files: every section starts at 0
      const sections = readSectionTable(truthOf(image, 'readelf-S')).filter((s) => s.flags.includes('A'));
      let checked = 0;
      for (const sym of symbols) {
        if (sym.address === undefined || sym.size === undefined || sym.size === 0) continue;
        const start = sym.address;
        const end = start + sym.size;
        expect(
          sections.some((s) => start >= s.address && end <= s.address + s.size),
          `${sym.name} @${start.toString(16)}`,
        ).toBe(true);
        checked++;
      }
      expect(checked > 0).toBe(symbols.length > 0);
    },
  );

  it('reads the Solo5 notes as readelf printed them', () => {
    const xen = fixtureNamed('solo5-xen');
    const notes = readNotes(truthOf(xen, 'readelf-n'));
    const abi = notes.find((n) => n.section === '.note.solo5.abi');
    expect(abi?.owner).toBe('Solo5');
    expect(abi?.description).toBe('Unknown note type: (0x31494241)');
    expect(abi?.dataSize).toBe(16);
    expect(abi?.data?.[0]).toBe(6);
    const manifest = notes.find((n) => n.section === '.note.solo5.manifest');
    expect(manifest?.description).toBe('Unknown note type: (0x3154464d)');
    expect(manifest?.data?.length).toBe(manifest?.dataSize);
    // The Xen entry note holds the entry point readelf -h reports (little-endian u32).
    const entry = Number(readElfHeader(truthOf(xen, 'readelf-h'))['Entry point address']);
    const pvh = notes.find((n) => n.owner === 'Xen');
    const bytes = pvh?.data ?? [];
    expect(bytes.reduce((v, b, i) => v + b * 2 ** (8 * i), 0)).toBe(entry);
    // The hvt image keeps its manifest 8-aligned, as Solo5 builds do; readelf cannot decode it.
    const hvt = fixtureNamed('solo5-hvt');
    expect(readNotes(truthOf(hvt, 'readelf-n')).some((n) => n.section === '.note.solo5.manifest')).toBe(
      false,
    );
    expect(existsSync(path.join(path.dirname(hvt.image), 'solo5-hvt.readelf-n.stderr.txt'))).toBe(true);
  });

  it('reads DT_NEEDED and DT_SONAME', () => {
    const exe = readDynamic(truthOf(fixtureNamed('greet'), 'readelf-d'));
    expect(exe.needed).toContain('libgreet.so');
    expect(exe.soname).toBeUndefined();
    expect(readDynamic(truthOf(fixtureNamed('libgreet.so'), 'readelf-d')).soname).toBe('libgreet.so');
    expect(fixtureNamed('solo5-hvt').truth['readelf-d']).toBeUndefined();
    expect(readNmS(truthOf(fixtureNamed('greet-stripped'), 'nm-S'))).toEqual([]);
    expect(
      readNmS(truthOf(fixtureNamed('greet'), 'nm-D-S')).some(
        (s) => s.type === 'U' && s.address === undefined,
      ),
    ).toBe(true);
  });
});

const builtOcaml = fixtures.find((f) => f.built && f.name === 'ocaml-https');
const built = check(builtFixture(OCAML_FIXTURE));

describe.skipIf(built.skip)(built.title('ground truth of the built ocaml-https image'), () => {
  it('names a dynamic executable that needs libc and has OCaml and runtime symbols', () => {
    const image = builtOcaml as FixtureImage;
    expect(readDynamic(truthOf(image, 'readelf-d')).needed).toContain('libc.so.6');
    const names = new Set(readNmS(truthOf(image, 'nm-S')).map((s) => s.name));
    expect(names.has('caml_main')).toBe(true);
    expect([...names].some((n) => n.startsWith('camlLwt_main__'))).toBe(true);
  });
});
