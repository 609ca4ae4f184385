import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { FIXTURE_IMAGES_DIR, readSectionTable } from '../support/binutils-truth.js';
import { runCli } from './run-cli.js';

const repo = resolve(import.meta.dirname, '../..');
const nginx = join(repo, 'stacks/debian-12-amd64/https-nginx.json');
const hvt = join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt');
const dir = mkdtempSync(join(tmpdir(), 'tcbscope-kernel-extras-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const image = join(dir, 'hvt.json');
writeFileSync(image, JSON.stringify(inspectImage({ image: hvt }, () => undefined)));

interface Doc {
  kernelExtras: string;
  metrics: { id: string; image: number; stack: number }[];
  apart: { stack: { kernelBootOnly: number; kernelTypeInfo: number; padding: number } };
  headline: { sentence: string };
}
const figure = (d: Doc, id: string) => d.metrics.find((m) => m.id === id)!;

describe('tcbscope compare --kernel-extras', () => {
  it('exclude is the default; include adds exactly the kernel bytes reported apart', async () => {
    const byDefault = JSON.parse(
      (await runCli(['compare', image, '--against', nginx, '--json'])).stdout,
    ) as Doc;
    const excluded = JSON.parse(
      (await runCli(['compare', image, '--against', nginx, '--kernel-extras', 'exclude', '--json'])).stdout,
    ) as Doc;
    const included = JSON.parse(
      (await runCli(['compare', image, '--against', nginx, '--kernel-extras', 'include', '--json'])).stdout,
    ) as Doc;
    expect(byDefault).toEqual(excluded);
    expect([excluded.kernelExtras, included.kernelExtras]).toEqual(['exclude', 'include']);
    const apart = excluded.apart.stack;
    expect(figure(included, 'loaded-bytes').stack - figure(excluded, 'loaded-bytes').stack).toBe(
      apart.kernelBootOnly + apart.kernelTypeInfo,
    );
    // The image side has no kernel sections: the same either way, and its code is readelf's.
    const code = readSectionTable(`${hvt}.readelf-S.txt`)
      .filter((s) => s.flags.includes('X'))
      .reduce((a, s) => a + s.size, 0);
    expect([figure(included, 'code-bytes').image, figure(excluded, 'code-bytes').image]).toEqual([
      code,
      code,
    ]);
    expect(excluded.headline.sentence).toMatch(
      /^code bytes: 0\.\d+% of nginx \+ OpenSSL \+ glibc \+ Linux 6\.1 /,
    );
  });

  it('another value is a usage error, exit 2', async () => {
    const r = await runCli(['compare', image, '--against', nginx, '--kernel-extras', 'some']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--kernel-extras takes exclude or include, got "some".*\[USAGE\]/);
  });
});
