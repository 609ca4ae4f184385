/**
 * The comparison page in Debian's chromium, on a store of the Solo5 fixtures (every target of one
 * build) and the shipped stacks: the address is the permalink and follows the chosen stack; the
 * chart's SVG export parses (xmllint), its PNG export decodes (Node's zlib over the PNG chunks),
 * and the CSV export's numbers equal `tcbscope compare --json` for each image.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../analyzer/compare.js';
import { browserNeeds, launchChromium, openRecordingPage, startServe } from '../support/browser.js';
import { FIXTURE_IMAGES_DIR } from '../support/binutils-truth.js';
import { builtFile, check, tool } from '../support/test-needs.js';
import { readStackFigures } from './comparison-page-figures.js';

const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'dist/cli/bin.js');
const stacks = ['dns-unbound', 'https-nginx', 'ssh-openssh'].map((s) =>
  join(repo, `stacks/debian-12-amd64/${s}.json`),
);
const available = check(...browserNeeds(), builtFile(bin, 'npm run build'), tool('xmllint'));
const tcbscope = (...args: string[]): string =>
  execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

/** Width, height and the inflated scanlines of a PNG, read chunk by chunk (signature, IHDR, IDAT, IEND). */
function decodePng(bytes: Buffer): { width: number; height: number; rows: number; bytesPerPixel: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let at = 8;
  let width = 0;
  let height = 0;
  let bytesPerPixel = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      // Colour type 6 (RGBA) or 2 (RGB), 8 bits per channel: what a canvas encodes.
      bytesPerPixel = data[9] === 6 ? 4 : 3;
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
    if (type === 'IEND') break;
  }
  const raw = inflateSync(Buffer.concat(idat));
  // Each scanline is a filter byte and width × bytes per pixel.
  return { width, height, rows: raw.length / (1 + width * bytesPerPixel), bytesPerPixel };
}

/** Parses CSV with quoted fields (RFC 4180) into rows of strings. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\r\n').filter(Boolean)) {
    const cells: string[] = [];
    for (const m of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g))
      cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? ''));
    rows.push(cells);
  }
  return rows;
}

describe.skipIf(available.skip)(available.title('the comparison page in chromium'), () => {
  let home: string;
  let server: Awaited<ReturnType<typeof startServe>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const manifests: string[] = [];
  let buildId = 0;
  const stackIds = new Map<string, number>();

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'tcbscope-stack-page-'));
    const folder = join(home, 'manifests/solo5-fixtures');
    mkdirSync(folder, { recursive: true });
    for (const target of ['hvt', 'xen']) {
      const image = join(FIXTURE_IMAGES_DIR, `solo5/solo5-${target}`);
      const out = join(folder, `${target}.json`);
      tcbscope('inspect', image, '--map', `${image}.map`, '--json', '--out', out);
      manifests.push(out);
    }
    const ingested = JSON.parse(
      tcbscope('ingest', join(home, 'manifests'), ...stacks, '--db', join(home, 'db.sqlite'), '--json'),
    ) as { builds: { buildId: number }[]; stacks: { name: string; stackId: number }[] };
    buildId = ingested.builds[0]!.buildId;
    for (const s of ingested.stacks) stackIds.set(s.name, s.stackId);
    server = await startServe(join(home, 'db.sqlite'));
    browser = await launchChromium();
    ({ page, errors } = await openRecordingPage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  async function download(id: string): Promise<Buffer> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#${id}`)]);
    return readFileSync((await file.path()) as string);
  }

  it('shows every target of the build against a stack, and the address follows the chosen stack', async () => {
    const nginx = stackIds.get('https-nginx')!;
    await page.goto(new URL(`/builds/${buildId}/stack/${nginx}`, server.url).href);
    await page.waitForSelector('main#page:not([aria-busy]) #stack-compare');
    expect(await page.locator('#stack-compare .headline').count()).toBe(2);
    expect(await page.locator('#methodology li').count()).toBeGreaterThan(3);
    const nginxManifest = JSON.parse(readFileSync(stacks[1]!, 'utf8')) as {
      dependencies: { packages: { name: string; sha256: string }[] };
    };
    const shas = await page.locator('#provenance-table tbody tr td:nth-child(3)').allTextContents();
    expect(shas).toEqual(nginxManifest.dependencies.packages.map((p) => p.sha256));
    // Bars: six layers × (two images + the stack).
    expect(await page.locator('#comparison-chart rect.bar').count()).toBe(18);
    await page.selectOption('#stack-select', String(stackIds.get('ssh-openssh')));
    await page.waitForURL(new RegExp(`/builds/${buildId}/stack/${stackIds.get('ssh-openssh')}\\?`));
    await page.waitForSelector('main#page:not([aria-busy]) #stack-compare');
    expect(await page.locator('h1').textContent()).toContain('against ssh-openssh');
    await page.click('#scale-linear');
    await page.waitForURL(/scale=linear/);
    await page.waitForSelector('main#page:not([aria-busy]) #scale-linear[aria-pressed="true"]');
    expect(errors).toEqual([]);
  });

  it('exports an SVG that parses, a PNG that decodes and a CSV whose numbers are compare --json’s', async () => {
    const nginx = stackIds.get('https-nginx')!;
    await page.goto(new URL(`/builds/${buildId}/stack/${nginx}?metric=code&scale=log`, server.url).href);
    await page.waitForSelector('main#page:not([aria-busy]) #stack-compare');

    const svgFile = join(home, 'chart.svg');
    execFileSync('bash', ['-c', `cat > '${svgFile}'`], { input: await download('export-svg') });
    execFileSync('xmllint', ['--noout', svgFile]);
    const bars = execFileSync(
      'xmllint',
      ['--xpath', "count(//*[local-name()='rect'][@data-bytes])", svgFile],
      {
        encoding: 'utf8',
      },
    );
    expect(Number(bars)).toBe(18);

    const png = decodePng(await download('export-png'));
    const svgSize = await page
      .locator('#comparison-chart')
      .evaluate((e) => [Number(e.getAttribute('width')), Number(e.getAttribute('height'))]);
    expect([png.width, png.height, png.rows]).toEqual([svgSize[0]! * 2, svgSize[1]! * 2, svgSize[1]! * 2]);

    const csv = parseCsv((await download('export-csv')).toString('utf8'));
    const [header, ...rows] = csv;
    expect(header).toEqual([
      'image',
      'target',
      'stack',
      'kind',
      'name',
      'image_value',
      'stack_value',
      'ratio',
    ]);
    for (const manifest of manifests) {
      const c = JSON.parse(tcbscope('compare', manifest, '--against', stacks[1]!, '--json')) as Comparison;
      const mine = rows.filter((r) => r[0] === c.image.name && r[1] === c.image.target);
      const metrics = mine
        .filter((r) => r[3] === 'metric')
        .map((r) => [r[4], Number(r[5]), Number(r[6]), r[7] === '' ? null : Number(r[7])]);
      expect(metrics).toEqual(c.metrics.map((m) => [m.id, m.image, m.stack, m.ratio]));
      const code = mine.filter((r) => r[3] === 'layer-code').map((r) => [r[4], Number(r[5]), Number(r[6])]);
      expect(code).toEqual(c.layers.map((l) => [l.name, l.image.code, l.stack.code]));
      const apart = mine.filter((r) => r[3] === 'apart').map((r) => [r[4], Number(r[5]), Number(r[6])]);
      expect(apart).toEqual(
        Object.keys(c.apart.image).map((k) => [
          k,
          c.apart.image[k as 'padding'],
          c.apart.stack[k as 'padding'],
        ]),
      );
    }
    expect(errors).toEqual([]);
  });

  it('counts the kernel extras on request: the loaded bytes grow by exactly the bytes listed apart, as compare --kernel-extras include says', async () => {
    const nginx = stackIds.get('https-nginx')!;
    const cli = (mode: string) =>
      JSON.parse(
        tcbscope('compare', manifests[0]!, '--against', stacks[1]!, '--kernel-extras', mode, '--json'),
      ) as Comparison;
    const excluded = cli('exclude');
    const included = cli('include');
    const loaded = (c: Comparison) => c.metrics.find((m) => m.id === 'loaded-bytes')!;
    const label = loaded(excluded).label;

    await page.goto(new URL(`/builds/${buildId}/stack/${nginx}?metric=loaded`, server.url).href);
    await page.waitForSelector('main#page:not([aria-busy]) #extras-exclude[aria-pressed="true"]');
    const before = await readStackFigures(page, label);
    expect(before.metric).toBe(loaded(excluded).stack);

    await page.click('#extras-include');
    await page.waitForURL(/extras=include/);
    await page.waitForSelector('main#page:not([aria-busy]) #extras-include[aria-pressed="true"]');
    const after = await readStackFigures(page, label);
    // The stack's kernel has both kinds of extras: the check is not vacuous.
    expect(after.bootOnly).toBeGreaterThan(0);
    expect(after.typeInfo).toBeGreaterThan(0);
    expect([after.bootOnly, after.typeInfo]).toEqual([before.bootOnly, before.typeInfo]);
    expect(after.metric - before.metric).toBe(after.bootOnly + after.typeInfo);
    expect(after.metric).toBe(loaded(included).stack);

    // The address is the permalink: opened afresh, it shows the same mode.
    const permalink = page.url();
    expect(new URL(permalink).searchParams.get('extras')).toBe('include');
    await page.goto('about:blank');
    await page.goto(permalink);
    await page.waitForSelector('main#page:not([aria-busy]) #extras-include[aria-pressed="true"]');
    expect((await readStackFigures(page, label)).metric).toBe(loaded(included).stack);
    expect(errors).toEqual([]);
  });
});
