/**
 * `tcbscope report` in Debian's chromium: the HTML report of the committed Solo5 fixtures against
 * the shipped https-nginx profile, opened from file://. Every request the page makes is recorded
 * (the file itself must be the only one), the comparison table must hold the numbers
 * `tcbscope compare --json` prints, the treemap the file sizes stat recorded, and a package named
 * `</script><script>alert(1)</script>` must show as text without running anything.
 * Screenshots go to test-artifacts/browser/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../analyzer/compare.js';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { browserNeeds, launchChromium, openRecordingPage } from '../support/browser.js';
import { FIXTURE_IMAGES_DIR, readFileSize } from '../support/binutils-truth.js';
import { builtFile, check } from '../support/test-needs.js';

const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'dist/cli/bin.js');
const nginx = join(repo, 'stacks/debian-12-amd64/https-nginx.json');
const artifacts = join(repo, 'test-artifacts/browser');
const images = ['solo5-hvt', 'solo5-spt-aarch64', 'solo5-xen'].map((n) =>
  join(FIXTURE_IMAGES_DIR, 'solo5', n),
);
const HOSTILE = '</script><script>alert(1)</script>';
const available = check(
  ...browserNeeds(),
  builtFile(join(repo, 'dist/web/report/report.js'), 'npm run build'),
  builtFile(bin, 'npm run build'),
);

/** The compiled CLI, as users run it. */
function tcbscope(...args: string[]): string {
  return execFileSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8' });
}

/** Integers in a cell's text ("64,181,305" → 64181305). */
const number = (text: string | null) => Number((text ?? '').replace(/[,\s]/g, ''));

describe.skipIf(available.skip)(available.title('tcbscope report from file:// in chromium'), () => {
  let dir: string;
  let manifests: string[];
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let requests: string[];
  let dialogs: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tcbscope-report-file-'));
    manifests = images.map((image, i) => {
      const out = join(dir, `image-${i + 1}.json`);
      tcbscope('inspect', image, '--map', `${image}.map`, '--json', '--out', out);
      return out;
    });
    browser = await launchChromium();
    ({ page, errors } = await openRecordingPage(browser));
    requests = [];
    dialogs = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    mkdirSync(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a report file at an image (#N) and waits until its page, its comparison and its graph are drawn. */
  async function open(file: string, image: number, shot: string): Promise<void> {
    await page.goto(`${pathToFileURL(file).href}#${image}`);
    await page.waitForSelector('main#page:not([aria-busy])');
    await page.waitForSelector('#stack-comparison table');
    await page.waitForSelector('#graph g.node', { timeout: 30_000 });
    await page.screenshot({ path: join(artifacts, `${shot}.png`), fullPage: true });
  }

  it('opens from file:// with no request but the file, and shows each image’s comparison, treemap and graph', async () => {
    const report = join(dir, 'report.html');
    tcbscope('report', ...manifests, '--against', nginx, '-o', report);
    const url = pathToFileURL(report).href;
    requests.length = 0;
    for (const [i, manifest] of manifests.entries()) {
      await open(report, i + 1, `report-file-${i + 1}`);
      const m = JSON.parse(readFileSync(manifest, 'utf8')) as Manifest;
      expect(await page.locator('h1').first().textContent()).toBe(
        `${m.identity.name} · ${m.identity.target}`,
      );

      // The comparison: the headline and the table of every metric, as tcbscope compare --json gives them.
      const c = JSON.parse(tcbscope('compare', manifest, '--against', nginx, '--json')) as Comparison;
      expect(await page.locator('#stack-comparison .headline').textContent()).toBe(c.headline.sentence);
      const rows = await page
        .locator('#stack-comparison tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
      expect(rows.map((r) => [r[0], number(r[1]!), number(r[2]!)])).toEqual(
        c.metrics.map((metric) => [metric.label, metric.image, metric.stack]),
      );

      // The treemap on the file basis (it opens on loaded bytes): its packages add up to the file
      // size stat recorded for the fixture.
      await page.locator('#treemap-basis input[value="file"]').check();
      const packageBytes = await page
        .locator('#treemap g.depth-1')
        .evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-bytes'))));
      expect(packageBytes.reduce((a, b) => a + b, 0)).toBe(readFileSize(`${images[i]}.filesize.txt`));

      // The graph: one node per package of the manifest's dependency graph.
      expect(await page.locator('#graph g.node').count()).toBe(m.dependencies.packages.length);
    }
    // The file was loaded once; the other images are fragments of it (#2, #3), drawn from its data.
    expect(requests).toEqual([url]);
    // Zooming into a unit reads its symbols from the embedded data, not from a server.
    await page
      .locator('#treemap g.depth-1 > rect')
      .first()
      .click({ position: { x: 4, y: 6 } });
    await page.waitForFunction(() => document.querySelectorAll('#treemap-breadcrumbs button').length === 1);
    expect(await page.locator('#treemap g.cell').count()).toBeGreaterThan(0);
    expect(requests).toEqual([url]);
    // A Content-Security-Policy violation or a failed load would be a console error.
    expect(errors).toEqual([]);
  });

  it('shows a package named </script><script>alert(1)</script> as text, and runs no script of it', async () => {
    const m = JSON.parse(readFileSync(manifests[0]!, 'utf8')) as Manifest;
    const from = 'solo5';
    for (const p of m.attribution.packages) if (p.name === from) p.name = HOSTILE;
    for (const u of m.attribution.units) if (u.package === from) u.package = HOSTILE;
    for (const p of m.dependencies.packages) if (p.name === from) p.name = HOSTILE;
    for (const e of m.dependencies.edges) {
      if (e.from === from) e.from = HOSTILE;
      if (e.to === from) e.to = HOSTILE;
    }
    const hostile = join(dir, 'hostile.json');
    writeFileSync(hostile, JSON.stringify(m));
    const report = join(dir, 'hostile.html');
    tcbscope('report', hostile, '--against', nginx, '-o', report);
    requests.length = 0;
    await open(report, 1, 'report-file-hostile');
    const cells = await page.locator('table.sortable tbody td:first-child').allTextContents();
    expect(cells).toContain(HOSTILE);
    expect(
      await page.locator(`#treemap g.depth-1[data-name="${HOSTILE.replace(/"/g, '\\"')}"]`).count(),
    ).toBe(1);
    // The file's own two scripts (the data block and the bundle), and nothing the name opened.
    expect(await page.locator('script').count()).toBe(2);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([pathToFileURL(report).href]);
    expect(errors).toEqual([]);
  });
});
