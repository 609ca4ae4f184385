/**
 * A file whose headers are sound but whose symbol table, string table link or note is damaged is
 * read, not refused: tcbscope names the damage in diagnostics and `[unreadable ...]` regions and
 * still accounts for every byte. The damaged files are copies of the greet fixture that the test
 * corrupts at offsets readelf gives; readelf reading each copy is the truth that its headers are
 * sound, and the file's size on disk is the truth for the byte total.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { runCli } from '../cli/run-cli.js';
import { FIXTURE_IMAGES_DIR, parseElfHeader, parseSectionTable } from '../support/binutils-truth.js';
import { checkTools } from '../support/test-needs.js';
import { HAVE_UNIKERNELS, imagePath } from '../unikernels/unikernel-data.js';

const SOURCE = path.join(FIXTURE_IMAGES_DIR, 'greet/greet');
const tools = checkTools('readelf');
const dir = mkdtempSync(path.join(tmpdir(), 'tcbscope-damaged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** readelf's output and exit status on a file (warnings go to stderr; a refusal is a non-zero status). */
function readelf(flag: string, file: string): string {
  return execFileSync('readelf', [flag, file], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const sections = () => parseSectionTable(readelf('-SW', SOURCE));
const section = (name: string) => {
  const s = sections().find((x) => x.name === name);
  if (!s) throw new Error(`${SOURCE} has no ${name}`);
  return s;
};
/** File offset of section `index`'s header: e_shoff + index × e_shentsize, from readelf -h. */
function headerOffset(index: number): number {
  const h = parseElfHeader(readelf('-hW', SOURCE));
  return (
    parseInt(h['Start of section headers'] ?? '', 10) +
    index * parseInt(h['Size of section headers'] ?? '', 10)
  );
}

/** A copy of greet (or `source`) with `patch` applied, written under `dir`. */
function damaged(name: string, patch: (bytes: Buffer) => void, source = SOURCE): string {
  const bytes = Buffer.from(readFileSync(source));
  patch(bytes);
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function inspectJson(file: string): Promise<Manifest> {
  const r = await runCli(['inspect', file, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Manifest;
}

function expectAllBytesAccounted(manifest: Manifest, file: string): void {
  const size = statSync(file).size;
  expect(manifest.regions.reduce((n, r) => n + r.fileSize, 0)).toBe(size);
  expect(manifest.attribution.leaves.fileSize.reduce((n, b) => n + b, 0)).toBe(size);
}

describe.skipIf(tools.skip)(tools.title('damaged tables in a file with sound headers'), () => {
  it('a symbol whose st_name is past .strtab: read, that name marked, a diagnostic', async () => {
    const symtab = section('.symtab');
    const entry = 20; // a global symbol (sh_info is the first global), so one that names bytes
    const file = damaged('bad-st-name', (b) =>
      b.writeUInt32LE(0x7fffff00, symtab.offset + entry * symtab.entsize),
    );
    expect(readelf('-sW', file)).toMatch(/<corrupt>/);
    const manifest = await inspectJson(file);
    expect(manifest.diagnostics.map((d) => d.code)).toContain('elf-symbol-name-unreadable');
    expect(manifest.identity.stripped).toBe(false);
    expectAllBytesAccounted(manifest, file);
  });

  it('a .symtab whose sh_link names no string table: [unreadable .symtab], the rest read', async () => {
    const symtab = section('.symtab');
    const text = section('.text');
    // sh_link is at byte 40 of an ELF64 section header
    const file = damaged('bad-sh-link', (b) => b.writeUInt32LE(text.index, headerOffset(symtab.index) + 40));
    expect(parseSectionTable(readelf('-SW', file)).find((s) => s.name === '.symtab')?.link).toBe(text.index);
    const manifest = await inspectJson(file);
    expect(manifest.diagnostics.map((d) => d.code)).toContain('elf-symtab-unreadable');
    expect(manifest.regions.find((r) => r.sectionIndex === symtab.index)?.name).toBe('[unreadable .symtab]');
    expect(manifest.regions.find((r) => r.name === '.text')?.fileSize).toBe(text.size);
    expectAllBytesAccounted(manifest, file);
  });

  it('a note whose descsz runs past its section: [unreadable <note section>], the rest read', async () => {
    const note = section('.note.gnu.build-id');
    const file = damaged('bad-note-size', (b) => b.writeUInt32LE(0x1000, note.offset + 4));
    expect(readelf('-SW', file)).toContain('.note.gnu.build-id');
    const manifest = await inspectJson(file);
    expect(manifest.diagnostics.map((d) => d.code)).toContain('elf-note-unreadable');
    expect(manifest.regions.find((r) => r.sectionIndex === note.index)?.name).toBe(
      '[unreadable .note.gnu.build-id]',
    );
    expect(manifest.identity.buildId).toBeUndefined();
    expectAllBytesAccounted(manifest, file);
  });

  it.skipIf(!HAVE_UNIKERNELS)(
    'a DWARF unit of an unsupported version: that unit skipped, the others read',
    async () => {
      const image = imagePath('hvt');
      const info = parseSectionTable(readelf('-SW', image)).find((x) => x.name === '.debug_info');
      const units = [
        ...execFileSync('readelf', ['--debug-dump=info', image], {
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        }).matchAll(/Compilation Unit @ offset (0x[0-9a-f]+|0):/g),
      ].map((m) => Number(m[1]));
      expect(units.length).toBeGreaterThan(2);
      // 32-bit DWARF: unit_length (4 bytes), then the 2-byte version
      const file = damaged(
        'bad-dwarf-unit',
        (b) => b.writeUInt16LE(99, (info?.offset ?? 0) + (units[1] as number) + 4),
        image,
      );
      expect(parseSectionTable(readelf('-SW', file)).length).toBe(
        parseSectionTable(readelf('-SW', image)).length,
      );
      const manifest = await inspectJson(file);
      const bad = manifest.diagnostics.filter((d) => d.code === 'dwarf-unit-bad');
      expect(bad.map((d) => d.at)).toEqual([
        expect.stringContaining(`0x${(units[1] as number).toString(16)}`),
      ]);
      expect(manifest.attribution.units.find((u) => u.name === 'Stdlib__List')).toMatchObject({
        package: 'ocaml',
      });
      expectAllBytesAccounted(manifest, file);
    },
    60_000,
  );

  it('a DT_NEEDED entry past the dynamic string table: [unreadable .dynamic], the rest read', async () => {
    const dynamic = readelf('-dW', SOURCE);
    const at = parseInt(/Dynamic section at offset (0x[0-9a-f]+)/.exec(dynamic)?.[1] ?? '', 16);
    // the first entry readelf lists is NEEDED; d_val is the second 8-byte word of an ELF64 entry
    expect(dynamic.split('\n').find((l) => /^\s*0x/.test(l))).toContain('(NEEDED)');
    const file = damaged('bad-needed', (b) => b.writeBigUInt64LE(0x7fffff00n, at + 8));
    expect(readelf('-SW', file)).toContain('.dynamic');
    const manifest = await inspectJson(file);
    expect(manifest.diagnostics.map((d) => d.code)).toContain('elf-dynamic-unreadable');
    expect(manifest.regions.find((r) => r.offset === at)?.name).toBe('[unreadable .dynamic]');
    expectAllBytesAccounted(manifest, file);
  });

  it('a section header table past the end of the file: refused, exit 2, one line', async () => {
    // e_shoff is at byte 40 of the ELF64 header
    const file = damaged('bad-shoff', (b) => b.writeBigUInt64LE(BigInt(statSync(SOURCE).size + 4096), 40));
    const r = await runCli(['inspect', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
