/**
 * `tcbscope inspect IMAGE --map FILE.map.gz`: the shared unikernels keep their GNU ld maps gzipped,
 * and inspect reads them as they are. Truth: the same map unpacked by node:zlib into a plain file,
 * and the sha256 of the file as passed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { HAVE_UNIKERNELS, imagePath, UNIKERNELS } from './unikernel-data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tcbscope-gzmap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const title = HAVE_UNIKERNELS
  ? 'inspect --map reads a gzipped GNU ld map'
  : `inspect --map reads a gzipped GNU ld map (SKIPPED: ${UNIKERNELS} is absent)`;

describe.skipIf(!HAVE_UNIKERNELS)(title, () => {
  it('gives the same attribution as the unpacked map, and hashes the file as passed', async () => {
    const image = imagePath('hvt');
    const gz = `${image}.map.gz`;
    const plain = path.join(dir, 'kv.hvt.map');
    writeFileSync(plain, gunzipSync(readFileSync(gz)));
    const fromGz = await runCli(['inspect', image, '--map', gz, '--json']);
    const fromPlain = await runCli(['inspect', image, '--map', plain, '--json']);
    expect(fromGz.code, fromGz.stderr).toBe(0);
    expect(fromPlain.code, fromPlain.stderr).toBe(0);
    const a = JSON.parse(fromGz.stdout);
    const b = JSON.parse(fromPlain.stdout);
    expect(a.attribution).toEqual(b.attribution);
    const input = a.provenance.inputs.find((i: { role: string }) => i.role === 'linker-map');
    const bytes = readFileSync(gz);
    expect(input).toMatchObject({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
    });
  }, 60_000);

  it('refuses damaged gzip data with one MAP_BAD line and exit 2', async () => {
    const bad = path.join(dir, 'bad.map.gz');
    writeFileSync(bad, readFileSync(`${imagePath('hvt')}.map.gz`).subarray(0, 200));
    const r = await runCli(['inspect', imagePath('hvt'), '--map', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/MAP_BAD|linker map/);
  });
});
