/**
 * Solo5 and Xen notes. Two sources of truth: the Solo5-style fixture images (their C source in
 * fixtures/src/solo5/ and the `readelf -n` output recorded when they were built), and notes
 * assembled here with GNU as from directives written in the test, so the expected values are the
 * ones handed to the assembler — for x86_64, big-endian s390x and 32-bit ARM.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readElf, readNotes, readSolo5Notes } from '../../builder/elf/read-elf.js';
import { FIXTURE_IMAGES_DIR, readNmS, readNotes as readTruthNotes } from '../support/binutils-truth.js';
import { readelfNotes } from '../support/readelf-live.js';
import { checkTools } from '../support/test-needs.js';

const run = promisify(execFile);
const SOLO5_DIR = path.join(FIXTURE_IMAGES_DIR, 'solo5');
const SOLO5_SRC = path.resolve(FIXTURE_IMAGES_DIR, '../src/solo5');
/** Committed images: a missing one fails its tests. */
const FIXTURES = ['solo5-hvt', 'solo5-xen', 'solo5-spt-aarch64'];
/** Solo5's ABI target numbers (include/solo5/elf_abi.h), by the target in the fixture's name. */
const TARGET_CODES: Record<string, number> = { hvt: 1, spt: 2, virtio: 3, muen: 4, genode: 5, xen: 6 };

/** The devices notes.c declares: `{ .name = "service0", .type = DEVICE_NET }`, reserved entry left out. */
function devicesFromSource(): { name: string; kind: string; typeCode: number }[] {
  const source = readFileSync(path.join(SOLO5_SRC, 'notes.c'), 'utf8');
  const kinds: Record<string, [string, number]> = { DEVICE_NET: ['net', 2], DEVICE_BLOCK: ['block', 1] };
  return [...source.matchAll(/\{\s*\.name\s*=\s*"([^"]*)",\s*\.type\s*=\s*(\w+)\s*\}/g)]
    .filter((m) => m[2] !== 'DEVICE_RESERVED_FIRST')
    .map((m) => ({
      name: m[1] as string,
      kind: (kinds[m[2] as string] as [string, number])[0],
      typeCode: (kinds[m[2] as string] as [string, number])[1],
    }));
}

function u32le(bytes: number[], at: number): number {
  return (
    ((bytes[at] ?? 0) |
      ((bytes[at + 1] ?? 0) << 8) |
      ((bytes[at + 2] ?? 0) << 16) |
      ((bytes[at + 3] ?? 0) << 24)) >>>
    0
  );
}

describe('Solo5 notes of the fixture images', () => {
  it.each(FIXTURES)('%s: notes as readelf -n recorded them', (name) => {
    const file = path.join(SOLO5_DIR, name);
    const notes = readNotes(readElf(new Uint8Array(readFileSync(file))));
    const truth = readTruthNotes(`${file}.readelf-n.txt`);
    // readelf prints a note it could decode; the 8-aligned manifest of solo5-hvt it rejects (stderr).
    const decoded = truth.filter((t) => t.dataSize > 0 || t.description !== '');
    for (const t of decoded) {
      const ours = notes.find((n) => n.section === t.section);
      expect({ owner: ours?.owner, size: ours?.desc.byteLength }, `${name} ${t.section}`).toEqual({
        owner: t.owner,
        size: t.dataSize,
      });
      if (t.data) expect([...(ours?.desc ?? [])], `${name} ${t.section}`).toEqual(t.data);
    }
    const stderrFile = `${file}.readelf-n.stderr.txt`;
    if (existsSync(stderrFile)) {
      const m = /type: 0x([0-9a-f]+), namesize: 0x([0-9a-f]+), descsize: 0x([0-9a-f]+)/.exec(
        readFileSync(stderrFile, 'utf8'),
      );
      expect(m).not.toBeNull();
      const rejected = notes.find((n) => n.type === parseInt(m?.[1] ?? '', 16));
      expect(rejected?.desc.byteLength).toBe(parseInt(m?.[3] ?? '', 16));
    }
  });

  it.each(FIXTURES)('%s: ABI target, manifest devices and Xen entry as the source declares them', (name) => {
    const file = path.join(SOLO5_DIR, name);
    const elf = readElf(new Uint8Array(readFileSync(file)));
    const solo5 = readSolo5Notes(elf, readNotes(elf));
    const target = name.split('-')[1] as string;
    const abiData =
      readTruthNotes(`${file}.readelf-n.txt`).find((t) => t.section === '.note.solo5.abi')?.data ?? [];
    expect(solo5.abi).toEqual({ target, targetCode: TARGET_CODES[target], version: u32le(abiData, 4) });
    expect(u32le(abiData, 0)).toBe(TARGET_CODES[target]);
    const entries = Number(
      /#define MANIFEST_ENTRIES (\d+)/.exec(readFileSync(path.join(SOLO5_SRC, 'solo5-notes.h'), 'utf8'))?.[1],
    );
    expect(solo5.manifest).toEqual({ version: 1, entries, devices: devicesFromSource() });
    expect(solo5.diagnostics).toEqual([]);
    if (target === 'xen') {
      const start = readNmS(`${file}.nm-S.txt`).find((s) => s.name === '_start')?.address;
      expect(solo5.xenPvhEntry).toBe(start);
    } else {
      expect(solo5.xenPvhEntry).toBeUndefined();
    }
  });
});

interface AsmNotes {
  abi?: { target: number; version: number };
  manifest?: {
    version: number;
    entrySize: number;
    declared?: number;
    entries: { name: string; type: number }[];
  };
  xenEntry?: number;
}

/** Assembly for the notes, in the 4-byte note format, with `%note` (ARM's `@` starts a comment). */
function writeNotesAsm(n: AsmNotes): string {
  const l: string[] = [];
  if (n.abi) {
    l.push(
      '.section .note.solo5.abi,"a",%note',
      '.balign 4',
      '.long 6, 16, 0x31494241',
      '.asciz "Solo5"',
      '.skip 2',
      `.long ${n.abi.target}, ${n.abi.version}, 0, 0`,
    );
  }
  if (n.manifest) {
    const m = n.manifest;
    l.push(
      '.section .note.solo5.manifest,"a",%note',
      '.balign 4',
      `.long 6, ${12 + m.entrySize * m.entries.length}, 0x3154464d`,
      '.asciz "Solo5"',
      '.skip 2',
    );
    l.push(`.long 0, ${m.version}, ${m.declared ?? m.entries.length}`);
    for (const e of m.entries)
      l.push(
        `.ascii "${e.name}"`,
        `.skip ${68 - e.name.length}`,
        `.long ${e.type}`,
        `.skip ${m.entrySize - 72}`,
      );
  }
  if (n.xenEntry !== undefined)
    l.push(
      '.section .note.xen.pvh,"a",%note',
      '.balign 4',
      '.long 4, 4, 0x12',
      '.asciz "Xen"',
      `.long ${n.xenEntry}`,
    );
  return l.join('\n') + '\n';
}

const RESERVED = { name: '', type: 1 << 30 };
const LONG_NAME = 'd'.repeat(67);
const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-solo5-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function assemble(assembler: string, name: string, notes: AsmNotes): Promise<Uint8Array> {
  const src = path.join(work, `${name}.s`);
  writeFileSync(src, writeNotesAsm(notes));
  await run(assembler, [src, '-o', path.join(work, `${name}.o`)]);
  return new Uint8Array(readFileSync(path.join(work, `${name}.o`)));
}

const CASES: { assembler: string; name: string; notes: AsmNotes; arch: string; littleEndian: boolean }[] = [
  {
    assembler: 'as',
    name: 'x86_64-hvt',
    arch: 'x86_64',
    littleEndian: true,
    notes: {
      abi: { target: 1, version: 1 },
      manifest: {
        version: 1,
        entrySize: 104,
        entries: [RESERVED, { name: 'service0', type: 2 }, { name: LONG_NAME, type: 1 }],
      },
    },
  },
  {
    assembler: 's390x-linux-gnu-as',
    name: 's390x-virtio',
    arch: 's390x',
    littleEndian: false,
    notes: {
      abi: { target: 3, version: 2 },
      manifest: {
        version: 1,
        entrySize: 104,
        entries: [RESERVED, { name: 'storage', type: 1 }, { name: 'net0', type: 2 }],
      },
    },
  },
  {
    assembler: 'arm-linux-gnueabihf-as',
    name: 'arm-xen',
    arch: 'arm',
    littleEndian: true,
    notes: {
      abi: { target: 6, version: 2 },
      xenEntry: 0x1000f0,
      manifest: { version: 1, entrySize: 96, entries: [RESERVED, { name: 'service', type: 2 }] },
    },
  },
];

const binutils = checkTools('as', 'readelf');
describe.skipIf(binutils.skip)(binutils.title('Solo5 notes assembled from directives'), () => {
  for (const c of CASES) {
    const assembler = checkTools(c.assembler);
    it.skipIf(assembler.skip)(assembler.title(`${c.name}: decodes what the assembler wrote`), async () => {
      const elf = readElf(await assemble(c.assembler, c.name, c.notes));
      expect({ arch: elf.arch, littleEndian: elf.littleEndian }).toEqual({
        arch: c.arch,
        littleEndian: c.littleEndian,
      });
      const notes = readNotes(elf);
      // The container sizes readelf sees must be the ones we assembled.
      expect(notes.map((n) => [n.owner, n.desc.byteLength])).toEqual(
        readelfNotes(path.join(work, `${c.name}.o`)).map((t) => [t.owner, t.dataSize]),
      );
      const solo5 = readSolo5Notes(elf, notes);
      const m = c.notes.manifest;
      const abi = c.notes.abi;
      expect(solo5.abi).toEqual(
        abi && {
          target: Object.keys(TARGET_CODES).find((k) => TARGET_CODES[k] === abi.target),
          targetCode: abi.target,
          version: abi.version,
        },
      );
      expect(solo5.manifest).toEqual(
        m && {
          version: m.version,
          entries: m.entries.length,
          devices: m.entries
            .slice(1)
            .map((e) => ({ name: e.name, kind: e.type === 1 ? 'block' : 'net', typeCode: e.type })),
        },
      );
      expect(solo5.xenPvhEntry).toBe(c.notes.xenEntry);
      expect(solo5.diagnostics).toEqual([]);
    });
  }

  it('a manifest without an ABI note (stub target): no abi, and a diagnostic saying so', async () => {
    const elf = readElf(
      await assemble('as', 'stub', {
        manifest: { version: 1, entrySize: 104, entries: [RESERVED, { name: 'service0', type: 2 }] },
      }),
    );
    const solo5 = readSolo5Notes(elf, readNotes(elf));
    expect(solo5.abi).toBeUndefined();
    expect(solo5.manifest?.devices).toEqual([{ name: 'service0', kind: 'net', typeCode: 2 }]);
    expect(solo5.diagnostics.map((d) => d.code)).toEqual(['solo5-no-abi-note']);
  });

  it('an entry count larger than the descriptor holds: a diagnostic, no read past the note', async () => {
    const elf = readElf(
      await assemble('as', 'overcount', {
        abi: { target: 1, version: 1 },
        manifest: { version: 1, entrySize: 104, declared: 1000, entries: [RESERVED, { name: 'a', type: 2 }] },
      }),
    );
    const solo5 = readSolo5Notes(elf, readNotes(elf));
    expect(solo5.manifest).toEqual({ version: 1, entries: 1000, devices: [] });
    expect(solo5.diagnostics.map((d) => d.code)).toEqual(['solo5-manifest-layout']);
  });

  it('an unknown ABI target number: target `unknown` and a diagnostic', async () => {
    const elf = readElf(await assemble('as', 'target9', { abi: { target: 9, version: 1 } }));
    const solo5 = readSolo5Notes(elf, readNotes(elf));
    expect(solo5.abi).toEqual({ target: 'unknown', targetCode: 9, version: 1 });
    expect(solo5.diagnostics.map((d) => d.code)).toEqual(['solo5-abi-target']);
  });
});
