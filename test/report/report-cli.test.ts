/**
 * `tcbscope report` through main(io): the Markdown and JSON files parsed (markdown-it, JSON.parse)
 * hold the numbers `tcbscope compare --json` prints for the same manifests, and the file sizes
 * stat recorded for the committed fixture images; bad input is one line, exit 2, and no file.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../analyzer/compare.js';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { FIXTURE_IMAGES_DIR, readFileSize } from '../support/binutils-truth.js';
import { runCli } from '../cli/run-cli.js';

const repo = join(import.meta.dirname, '../..');
const nginx = join(repo, 'stacks/debian-12-amd64/https-nginx.json');
const images = ['solo5/solo5-hvt', 'greet/greet'].map((p) => join(FIXTURE_IMAGES_DIR, p));

let dir: string;
let manifests: string[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcbscope-report-'));
  manifests = images.map((image, i) => {
    const map = join(`${image}.map`);
    const m = inspectImage(existsSync(map) ? { image, map } : { image }, () => undefined);
    const file = join(dir, `image-${i}.json`);
    writeFileSync(file, JSON.stringify(m));
    return file;
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `tcbscope compare --json` prints for one image against the stack: the reference. */
async function compareJson(manifest: string): Promise<Comparison> {
  const r = await runCli(['compare', manifest, '--against', nginx, '--json'], dir);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Comparison;
}

/** The rows of every table in a Markdown document, each row its cells' text. */
function markdownTables(text: string): string[][][] {
  const tables: string[][][] = [];
  let row: string[] | undefined;
  for (const t of new MarkdownIt().parse(text, {})) {
    if (t.type === 'table_open') tables.push([]);
    else if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close' && row) tables[tables.length - 1]?.push(row);
    else if (t.type === 'inline' && row) row.push(t.content);
  }
  return tables;
}

const number = (cell: string) => Number(cell.replace(/,/g, ''));

describe('tcbscope report --format json', () => {
  it('holds each image’s comparison as tcbscope compare --json prints it, and the recorded file sizes', async () => {
    const out = join(dir, 'report.json');
    const r = await runCli(['report', ...manifests, '--against', nginx, '--format', 'json', '-o', out], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^wrote .*report\.json: json, [\d,]+ bytes, 2 image\(s\), 2 compared with the stack\n$/,
    );
    const doc = JSON.parse(readFileSync(out, 'utf8')) as {
      images: { figures: { fileSize: number } }[];
      comparisons: Comparison[];
    };
    expect(doc.comparisons).toEqual([await compareJson(manifests[0]!), await compareJson(manifests[1]!)]);
    expect(doc.images.map((i) => i.figures.fileSize)).toEqual(
      images.map((image) => readFileSize(`${image}.filesize.txt`)),
    );
  });
});

describe('tcbscope report --format md', () => {
  it('has, per image, a metric table whose numbers are those of tcbscope compare --json', async () => {
    const out = join(dir, 'report.md');
    const r = await runCli(['report', ...manifests, '--against', nginx, '--format', 'md', '-o', out], dir);
    expect(r.code, r.stderr).toBe(0);
    const tables = markdownTables(readFileSync(out, 'utf8'));
    const metricTables = tables.filter((t) => t[0]?.[3] === 'image ÷ stack');
    expect(metricTables).toHaveLength(2);
    for (const [i, table] of metricTables.entries()) {
      const c = await compareJson(manifests[i]!);
      expect(table.slice(1).map((row) => [row[0], number(row[1]!), number(row[2]!)])).toEqual(
        c.metrics.map((m) => [m.label, m.image, m.stack]),
      );
    }
    // Each image's package table (as inspect --reporter markdown has it), one per image.
    expect(tables.filter((t) => t[0]?.[3] === 'share of the file')).toHaveLength(2);
  });
});

describe('bad input: one line naming the file, exit 2, no file written', () => {
  let versioned: string;
  let blocker: string;
  beforeAll(() => {
    const m = JSON.parse(readFileSync(manifests[0]!, 'utf8')) as Manifest;
    versioned = join(dir, 'version-99.json');
    writeFileSync(versioned, JSON.stringify({ ...m, version: 99 }));
    blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder\n');
    mkdirSync(join(dir, 'a-folder.html'), { recursive: true });
  });

  it.each([
    [
      'a stack as the image',
      () => [nginx, '--against', nginx],
      'https-nginx.json: wrong kind of manifest',
      '(kind)',
    ],
    ['an image as the stack', () => [manifests[0]!, '--against', manifests[1]!], 'image-1.json', '(kind)'],
    [
      'another schema version',
      () => [versioned, '--against', nginx],
      'version-99.json',
      '[MANIFEST_VERSION]',
    ],
  ])('%s', async (_case, args, file, detail) => {
    const out = join(dir, 'refused.html');
    const r = await runCli(['report', ...args(), '--format', 'md', '-o', out], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain(detail);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [
      'inside a regular file',
      () => join(blocker, 'report.md'),
      'a file is in the way of a folder on the path (EEXIST)',
    ],
    ['onto a folder', () => join(dir, 'a-folder.html'), 'is a folder, not a file'],
  ])('an output path %s', async (_case, out, words) => {
    const before = readdirSync(dir).sort();
    const r = await runCli(['report', manifests[0]!, '--format', 'md', '-o', out()], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${out()}: cannot write the output file: ${words}`);
    expect(r.stderr).toContain('[OUTPUT_UNWRITABLE]');
    // Not even the temporary sibling is left behind.
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('an unknown --format names the formats', async () => {
    const r = await runCli(['report', manifests[0]!, '--format', 'pdf', '-o', join(dir, 'x.pdf')], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format "pdf" is not one of html, md, json');
  });
});
