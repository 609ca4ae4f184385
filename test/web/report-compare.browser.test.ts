/**
 * The comparison page of a `tcbscope report` file, opened from file:// in Debian's chromium: every
 * Solo5 fixture against the shipped https-nginx profile on one page (#compare), with the per-layer
 * chart, the metric table holding `tcbscope compare --json`'s numbers, the methodology and the
 * provenance — and no request but the file itself, also after the chart's scale is changed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../analyzer/compare.js';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { browserNeeds, launchChromium, openRecordingPage } from '../support/browser.js';
import { FIXTURE_IMAGES_DIR } from '../support/binutils-truth.js';
import { builtFile, check } from '../support/test-needs.js';
import { readStackFigures } from './comparison-page-figures.js';

const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'dist/cli/bin.js');
const nginx = join(repo, 'stacks/debian-12-amd64/https-nginx.json');
const images = ['solo5-hvt', 'solo5-xen'].map((n) => join(FIXTURE_IMAGES_DIR, 'solo5', n));
const available = check(
  ...browserNeeds(),
  builtFile(join(repo, 'dist/web/report/report.js'), 'npm run build'),
  builtFile(bin, 'npm run build'),
);
const tcbscope = (...args: string[]): string =>
  execFileSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8' });
/** Integers in a cell's text ("64,181,305" → 64181305). */
const number = (text: string): number => Number(text.replace(/[,\s]/g, ''));

describe.skipIf(available.skip)(available.title('the report file’s comparison page from file://'), () => {
  let dir: string;
  let manifests: string[];
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tcbscope-report-compare-'));
    manifests = images.map((image, i) => {
      const out = join(dir, `image-${i + 1}.json`);
      tcbscope('inspect', image, '--map', `${image}.map`, '--json', '--out', out);
      return out;
    });
    browser = await launchChromium();
    ({ page, errors } = await openRecordingPage(browser));
    page.on('request', (r) => requests.push(r.url()));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the chart, the metric table, the methodology and the provenance, with no request', async () => {
    const report = join(dir, 'report.html');
    tcbscope('report', ...manifests, '--against', nginx, '-o', report);
    const url = pathToFileURL(report).href;
    await page.goto(`${url}#compare`);
    await page.waitForSelector('main#page:not([aria-busy]) #stack-compare');
    const comparisons = manifests.map(
      (m) => JSON.parse(tcbscope('compare', m, '--against', nginx, '--json')) as Comparison,
    );
    // Six layers, a bar for each image and one for the stack.
    expect(await page.locator('#comparison-chart rect.bar').count()).toBe(6 * (images.length + 1));
    const rows = await page
      .locator('#metric-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
    expect(
      rows.map((r) => [
        r[0],
        ...comparisons.map((_, i) => number(r[1 + 2 * i]!)),
        number(r[1 + 2 * comparisons.length]!),
        r.at(-1),
      ]),
    ).toEqual(
      comparisons[0]!.metrics.map((m, k) => [
        m.label,
        ...comparisons.map((c) => c.metrics[k]!.image),
        m.stack,
        m.definition,
      ]),
    );
    expect(await page.locator('#methodology li').allTextContents()).toEqual(
      comparisons[0]!.methodology.filter((n) => !n.startsWith('Caveat:')),
    );
    const stack = JSON.parse(readFileSync(nginx, 'utf8')) as Manifest;
    const provenance = await page
      .locator('#provenance-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 3).map((td) => td.textContent ?? '')));
    expect(provenance).toEqual(stack.dependencies.packages.map((p) => [p.name, p.version, p.sha256]));
    // The day the profile was measured, as its manifest records it.
    expect(await page.locator('#provenance > p').textContent()).toContain(
      `measured ${stack.provenance.environment.measured}`,
    );

    await page.click('#scale-linear');
    await page.waitForSelector('main#page:not([aria-busy]) #scale-linear[aria-pressed="true"]');
    expect(page.url()).toBe(`${url}#compare?metric=code&scale=linear&extras=exclude`);
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
  });

  it('counts the kernel extras on request, from the file alone, as compare --kernel-extras include says', async () => {
    const report = join(dir, 'report.html');
    tcbscope('report', ...manifests, '--against', nginx, '-o', report);
    const url = pathToFileURL(report).href;
    // From a blank page, so that opening the file is a request of its own (not a fragment change).
    await page.goto('about:blank');
    requests.length = 0;
    await page.goto(`${url}#compare?metric=loaded&scale=log&extras=exclude`);
    await page.waitForSelector('main#page:not([aria-busy]) #extras-exclude[aria-pressed="true"]');
    const cli = (mode: string) =>
      JSON.parse(
        tcbscope('compare', manifests[0]!, '--against', nginx, '--kernel-extras', mode, '--json'),
      ) as Comparison;
    const loaded = (c: Comparison) => c.metrics.find((m) => m.id === 'loaded-bytes')!;
    const excluded = loaded(cli('exclude'));
    const before = await readStackFigures(page, excluded.label);
    expect(before.metric).toBe(excluded.stack);
    await page.click('#extras-include');
    await page.waitForSelector('main#page:not([aria-busy]) #extras-include[aria-pressed="true"]');
    expect(page.url()).toBe(`${url}#compare?metric=loaded&scale=log&extras=include`);
    const after = await readStackFigures(page, excluded.label);
    expect(after.bootOnly + after.typeInfo).toBeGreaterThan(0);
    expect(after.metric - before.metric).toBe(after.bootOnly + after.typeInfo);
    expect(after.metric).toBe(loaded(cli('include')).stack);
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
  });
});
