import { execFileSync } from 'node:child_process';
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
      '--brotli-quality',
      '11',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    const truth = readFileTruth().get('app.js');
    expect(m.provenance.environment.brotliQuality).toBe('11');
    expect(m.identity.target).toBe('js');
    expect(m.identity.fileSize).toBe(truth?.size);
    expect(m.identity.sha256).toBe(truth?.sha256);
    expect(m.attribution.leaves.fileSize.reduce((s: number, n: number) => s + n, 0)).toBe(truth?.size);
    expect(m.downloads.brotli).toBe(truth?.brotli);
  });
  it('computes brotli at quality 5 by default, within 0.5% of `brotli -q 5` on the same bundle', async (ctx) => {
    const bundle = path.join(buildDir, 'app.js');
    let tool: number;
    try {
      tool = execFileSync('brotli', ['-c', '-q', '5', bundle]).length;
    } catch {
      ctx.skip(); // SKIPPED: the brotli tool is not installed (apt-get install brotli)
      return;
    }
    const r = await runCli(['inspect', bundle, '--source-map', path.join(buildDir, 'app.map'), '--json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.provenance.environment.brotliQuality).toBe('5');
    expect(m.provenance.environment.gzipLevel).toBe('6');
    expect(Math.abs(m.downloads.brotli - tool) / tool).toBeLessThan(0.005);
    // Quality 5 is bigger than quality 11, which the build recorded.
    expect(m.downloads.brotli).toBeGreaterThan(readFileTruth().get('app.js')?.brotli ?? Infinity);
  });

  it('computes gzip at --gzip-level 9 within 1% of GNU gzip -9 -n (recorded at build time)', async () => {
    const r = await runCli([
      'inspect',
      path.join(buildDir, 'app.js'),
      '--source-map',
      path.join(buildDir, 'app.map'),
      '--gzip-level',
      '9',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    const truth = readFileTruth().get('app.js')?.gzip9n ?? 0;
    expect(m.provenance.environment.gzipLevel).toBe('9');
    expect(Math.abs(m.downloads.gzip - truth) / truth).toBeLessThan(0.01);
  });

  it.each(['12', '5.5', 'max'])('refuses --brotli-quality %s: one line, exit 2', async (q) => {
    const r = await runCli(['inspect', path.join(buildDir, 'app.js'), '--brotli-quality', q]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--brotli-quality takes 0 to 11');
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
