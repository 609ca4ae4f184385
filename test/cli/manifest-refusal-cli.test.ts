/**
 * `tcbscope diff` and `tcbscope compare` refuse an inconsistent manifest with exit 2 and one line
 * naming the file and the key, instead of crashing later (a TypeError on a short leaf column, an
 * INTERNAL error on a stack whose layers are not a list). Manifests are real ones, broken by hand:
 * the committed greet fixture read by the inspector, and a committed Debian stack manifest.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { FIXTURE_IMAGES_DIR } from '../support/binutils-truth.js';
import { runCli } from './run-cli.js';

const repo = join(import.meta.dirname, '../..');
const stackFile = join(repo, 'stacks/debian-12-amd64/https-nginx.json');

let dir: string;
let image: string;
let shortLeaves: string;
let badLayers: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcbscope-refusal-'));
  const write = (name: string, m: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(m));
    return file;
  };
  const greet = inspectImage({ image: join(FIXTURE_IMAGES_DIR, 'greet/greet') }, () => undefined);
  image = write('greet.json', greet);
  const short = structuredClone(greet);
  short.attribution.leaves.name.pop();
  shortLeaves = write('short-leaves.json', short);
  const stack = JSON.parse(readFileSync(stackFile, 'utf8')) as Manifest;
  (stack.stack as unknown as { layers: unknown }).layers = 'not an array';
  badLayers = write('bad-layers.json', stack);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diff and compare refuse an inconsistent manifest (exit 2, one line naming the key)', () => {
  const cases: [string, () => string[], () => string, string][] = [
    [
      'diff, unequal leaf columns (HEAD)',
      () => ['diff', image, shortLeaves],
      () => shortLeaves,
      '/attribution/leaves/name',
    ],
    [
      'diff, unequal leaf columns (BASE)',
      () => ['diff', shortLeaves, image],
      () => shortLeaves,
      '/attribution/leaves/name',
    ],
    ['diff, a malformed stack section', () => ['diff', image, badLayers], () => badLayers, '/stack/layers'],
    [
      'compare, unequal leaf columns',
      () => ['compare', shortLeaves, '--against', stackFile],
      () => shortLeaves,
      '/attribution/leaves/name',
    ],
    [
      'compare, a malformed stack section (--against)',
      () => ['compare', image, '--against', badLayers],
      () => badLayers,
      '/stack/layers',
    ],
    [
      'compare, a malformed stack section (image side)',
      () => ['compare', badLayers, '--against', stackFile],
      () => badLayers,
      '/stack/layers',
    ],
  ];
  it.each(cases)('%s', async (_what, args, file, key) => {
    const r = await runCli(args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.stderr).toContain(`tcbscope: ${file()}: invalid manifest: `);
    expect(r.stderr).toContain(`(${key})`);
    expect(r.stderr).toContain('[MANIFEST_BAD]');
    expect(r.stderr).not.toContain('INTERNAL');
  });

  it('names both lengths for the leaf columns', async () => {
    const rows = (JSON.parse(readFileSync(image, 'utf8')) as Manifest).attribution.leaves.region.length;
    const r = await runCli(['diff', image, shortLeaves]);
    expect(r.stderr).toContain(
      `leaf column name has ${rows - 1} entries, /attribution/leaves/region has ${rows}`,
    );
  });
});
