// The js image manifest end to end (download sizes against gzip/brotli recorded at build time), and bad input.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { inspectJsBundle } from '../../builder/js/build-js-manifest.js';
import { readJsSourceMap } from '../../builder/js/read-js-source-map.js';
import { readJsBundle } from '../../builder/js/read-js-bundle.js';
import { nodeJsCompressors } from '../../pipeline/io/js-compressors.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { jsFixture, readBuilt, readFileTruth } from './js-fixture.js';

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

function thrown(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

/** A real 1×1 PNG, built here (signature, IHDR, IDAT, IEND with their CRCs). */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe.skipIf(jsFixture.skip)(jsFixture.title(`inspectJsBundle on the js_of_ocaml fixture`), () => {
  const truth = !jsFixture.skip ? readFileTruth() : new Map();

  it('builds a js manifest through the separate source map, with download sizes', async () => {
    const bytes = readBuilt('app.js');
    const t = truth.get('app.js')!;
    const m = await inspectJsBundle({
      name: 'app.js',
      bytes,
      sourceMapText: readBuilt('app.map').toString('utf8'),
      sha256: sha256(bytes),
      compress: nodeJsCompressors,
    });
    expect(m.identity).toMatchObject({
      target: 'js',
      arch: 'js',
      format: 'js',
      fileSize: t.size,
      memorySize: t.size,
      sha256: t.sha256,
      stripped: false,
    });
    expect(m.regions).toEqual([
      { name: '[bundle]', kind: 'file', offset: 0, fileSize: t.size, memSize: t.size, flags: [] },
    ]);
    expect(m.attribution.leaves.fileSize.reduce((s, n) => s + n, 0)).toBe(t.size);
    // brotli: node's zlib at quality 11 is the brotli tool's default, byte for byte.
    expect(m.downloads!.brotli).toBe(t.brotli);
    // gzip: zlib's deflate and GNU gzip's differ slightly at level 9; the header is 10 bytes in both (-n: no name).
    expect(Math.abs(m.downloads!.gzip - t.gzip9n) / t.gzip9n).toBeLessThan(0.01);
    const names = m.downloads!.packages.map((p) => p.name);
    expect(names).toEqual(m.attribution.packages.map((p) => p.name));
    expect(names).toContain('app');
    for (const p of m.downloads!.packages)
      expect(p.brotli).toBeLessThanOrEqual(nodeJsCompressors.brotli(bytes));
  });

  it('uses the inline map when no map text is given, and parses when there is none', async () => {
    const inline = readBuilt('app-inline.js');
    // The inline map makes this bundle 2.4 MB of mostly comment; compression is not what is tested here.
    const sizeOnly = { gzip: (b: Uint8Array) => b.length, brotli: (b: Uint8Array) => b.length };
    const a = await inspectJsBundle({
      name: 'app-inline.js',
      bytes: inline,
      sha256: sha256(inline),
      compress: sizeOnly,
    });
    expect(a.identity.stripped).toBe(false);
    expect(a.attribution.units.some((u) => u.evidence === 'findlib')).toBe(true);
    const min = readBuilt('app-min.js');
    const t = truth.get('app-min.js')!;
    const b = await inspectJsBundle({
      name: 'app-min.js',
      bytes: min,
      sha256: sha256(min),
      compress: nodeJsCompressors,
    });
    expect(b.identity.stripped).toBe(true);
    expect(b.identity.sha256).toBe(t.sha256);
    expect(b.attribution.units.every((u) => u.evidence === 'js-parse')).toBe(true);
    expect(b.downloads!.brotli).toBe(t.brotli);
  });
});

describe.skipIf(jsFixture.skip)(jsFixture.title(`bad input`), () => {
  const map = (): Record<string, unknown> =>
    JSON.parse(readBuilt('app.map').toString('utf8')) as Record<string, unknown>;
  const js = (): Buffer => readBuilt('app.js');

  it('refuses mappings for lines past the end of the file', () => {
    const m = map();
    m.mappings = `${String(m.mappings)};;;;;;;;;;;;AAAA`;
    const e = thrown(() =>
      readJsSourceMap(js(), JSON.stringify(m), { file: 'app.js', mapFile: 'app.map', programPackage: 'x' }),
    );
    expect(e.code).toBe('SOURCEMAP_BAD');
    expect(e.message).toMatch(/^app\.map: /);
    expect(e.message).toMatch(/line \d+/);
  });

  it('refuses a segment past the end of its line', () => {
    const bundle = Buffer.from('var a = 1;\n');
    const sm = JSON.stringify({ version: 3, sources: ['a.ml'], names: [], mappings: 'gBAAA' }); // column 16 of a 10-column line
    const e = thrown(() =>
      readJsSourceMap(bundle, sm, { file: 'a.js', mapFile: 'a.js.map', programPackage: 'x' }),
    );
    expect(e.code).toBe('SOURCEMAP_BAD');
    expect(e.message).toContain('a.js.map: ');
    expect(e.message).toContain('line 1, column 17');
  });

  it('refuses a sources index out of range', () => {
    const m = map();
    m.sources = (m.sources as string[]).slice(0, 3);
    const e = thrown(() =>
      readJsSourceMap(js(), JSON.stringify(m), { file: 'app.js', mapFile: 'app.map', programPackage: 'x' }),
    );
    expect(e.code).toBe('SOURCEMAP_BAD');
    expect(e.message).toMatch(/^app\.map: .*source index 3 .*mappings, character \d+/);
  });

  it('refuses a map that is not JSON, or not version 3', () => {
    expect(
      thrown(() => readJsSourceMap(js(), '{"version":3,', { mapFile: 'app.map', programPackage: 'x' }))
        .message,
    ).toMatch(/^app\.map: .*not JSON/);
    const m = map();
    m.version = 2;
    const e = thrown(() =>
      readJsSourceMap(js(), JSON.stringify(m), { mapFile: 'app.map', programPackage: 'x' }),
    );
    expect([e.code, e.location.at]).toEqual(['SOURCEMAP_BAD', 'version']);
  });

  it('refuses a PNG and an ELF executable as JavaScript, naming the offset', () => {
    const png = thrown(() => readJsBundle(tinyPng(), { file: 'logo.png' }));
    expect(png.code).toBe('JS_BAD');
    expect(png.message).toMatch(/^logo\.png: .*offset 0x0/);
    const elf = readFileSync(process.execPath).subarray(0, 4096);
    const e = thrown(() => readJsBundle(elf, { file: 'node' }));
    expect(e.code).toBe('JS_BAD');
    expect(e.location.offset).toBeGreaterThanOrEqual(0);
  });

  it('refuses text that does not parse, naming line and column', () => {
    const e = thrown(() =>
      readJsBundle(Buffer.from('var ok = 1;\nthis is not javascript at all\n'), { file: 'notes.txt' }),
    );
    expect(e.code).toBe('JS_BAD');
    expect(e.message).toMatch(/^notes\.txt: .*line 2, column \d+/);
  });
});
