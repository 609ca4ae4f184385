import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSize, readSectionTable } from '../support/binutils-truth.js';
import { runCli } from './run-cli.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/images');
const greet = path.join(fixtures, 'greet/greet');
const hvt = path.join(fixtures, 'solo5/solo5-hvt');
const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-cli-'));

/** Writes a damaged copy of a real fixture: `edit` patches the bytes. */
function damaged(name: string, edit: (b: Buffer) => Buffer): string {
  const file = path.join(work, name);
  writeFileSync(file, edit(Buffer.from(readFileSync(greet))));
  return file;
}

describe('tcbscope inspect', () => {
  it('prints a summary of a Solo5 image with its target and devices', async () => {
    const r = await runCli(['inspect', hvt]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('target hvt (solo5-abi-note)');
    expect(r.stdout).toContain('service0 (net), service1 (net), storage (block)');
    expect(r.stdout).toContain(readFileSize(`${hvt}.filesize.txt`).toLocaleString('en-US'));
  });
  it('prints exactly one JSON document with --json, and writes the same with --out', async () => {
    const out = path.join(work, 'greet.json');
    const r = await runCli(['inspect', greet, '--json', '--out', out]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.identity.fileSize).toBe(readFileSize(`${greet}.filesize.txt`));
    expect(doc.regions.filter((x: { kind: string }) => x.kind === 'section').length).toBeLessThanOrEqual(
      readSectionTable(`${greet}.readelf-S.txt`).length,
    );
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(doc);
  });
});

describe('tcbscope inspect on bad input: one line, the file and where, exit 2, nothing written', () => {
  const e_shoff = 0x28; // ELF64 header field offsets, from the ELF specification
  const e_shnum = 0x3c;
  const cases: [string, () => string, RegExp][] = [
    ['a missing file', () => path.join(work, 'nope'), /cannot read file/],
    [
      'a text file',
      () => {
        const f = path.join(work, 'notes.txt');
        writeFileSync(f, 'hello, not ELF\n');
        return f;
      },
      /not an ELF file.*offset 0x0/,
    ],
    [
      'an empty file',
      () => {
        const f = path.join(work, 'empty');
        writeFileSync(f, '');
        return f;
      },
      /not an ELF file|truncated/,
    ],
    ['a truncated header', () => damaged('short', (b) => b.subarray(0, 40)), /truncated ELF file/],
    ['a truncated file', () => damaged('cut', (b) => b.subarray(0, 3000)), /truncated ELF file.*offset 0x/],
    [
      'section headers past the end',
      () =>
        damaged('shoff', (b) => {
          b.writeBigUInt64LE(BigInt(b.length + 4096), e_shoff);
          return b;
        }),
      /(truncated|corrupt).*offset 0x/,
    ],
    [
      'an absurd section count',
      () =>
        damaged('shnum', (b) => {
          b.writeUInt16LE(0xffff, e_shnum);
          return b;
        }),
      /(truncated|corrupt).*offset 0x/,
    ],
    [
      'a bad class byte',
      () =>
        damaged('class', (b) => {
          b[4] = 7;
          return b;
        }),
      /offset 0x4/,
    ],
  ];
  it.each(cases)('%s', async (_name, make, message) => {
    const file = make();
    const out = path.join(work, `${path.basename(file)}.json`);
    const r = await runCli(['inspect', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
  it('reports the error as JSON with --json', async () => {
    const r = await runCli(['inspect', path.join(work, 'nope'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('FILE_NOT_FOUND');
  });
  it('refuses unknown flags', async () => {
    const r = await runCli(['inspect', greet, '--colour']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid command line.*--colour/);
  });
});
