import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDir, jsFixture, readFileTruth } from '../js/js-fixture.js';
import { runCli } from './run-cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-js-cli-'));

describe.skipIf(jsFixture.skip)(jsFixture.title(`tcbscope inspect on a js_of_ocaml bundle`), () => {
  it('accounts for every byte of the bundle through its source map', async () => {
    const r = await runCli([
      'inspect',
      path.join(buildDir, 'app.js'),
      '--source-map',
      path.join(buildDir, 'app.map'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    const truth = readFileTruth().get('app.js');
    expect(m.identity.target).toBe('js');
    expect(m.identity.fileSize).toBe(truth?.size);
    expect(m.identity.sha256).toBe(truth?.sha256);
    expect(m.attribution.leaves.fileSize.reduce((s: number, n: number) => s + n, 0)).toBe(truth?.size);
    expect(m.downloads.brotli).toBe(truth?.brotli);
  });
  it('refuses a source map that does not match the bundle: one line naming the map, exit 2, nothing written', async () => {
    const map = JSON.parse(readFileSync(path.join(buildDir, 'app.map'), 'utf8'));
    map.sources = map.sources.slice(0, 1); // every mapping past source 0 now points at an unknown source
    const bad = path.join(work, 'bad.map');
    writeFileSync(bad, JSON.stringify(map));
    const out = path.join(work, 'out.json');
    const r = await runCli(['inspect', path.join(buildDir, 'app.js'), '--source-map', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('bad.map');
    expect(r.stderr).toContain('SOURCEMAP_BAD');
    expect(existsSync(out)).toBe(false);
  });
});

describe('tcbscope inspect on a file that is not JavaScript', () => {
  it('exits 2 with JS_BAD naming the file', async () => {
    const file = path.join(work, 'image.js');
    // A PNG signature and header chunk: binary, not text.
    writeFileSync(
      file,
      Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0,
        0, 1, 8, 2, 0, 0, 0,
      ]),
    );
    const r = await runCli(['inspect', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('JS_BAD');
  });
});
