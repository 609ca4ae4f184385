/**
 * The web report in Debian's chromium, on the database `npm start` fills (fixtures/ingest-fixtures.sh):
 * every page loads without console errors, and the build page shows the OCaml fixture's js image
 * beside its native (unix) one with figures the file system confirms. Screenshots of each page go
 * to test-artifacts/browser/.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserNeeds, launchChromium, openRecordingPage, startServe } from '../support/browser.js';
import { readDeclaredDevices, readSolo5Truth } from '../support/solo5-build.js';
import { check, tool } from '../support/test-needs.js';

const repo = resolve(import.meta.dirname, '../..');
const project = join(repo, 'fixtures/project');
const artifacts = join(repo, 'test-artifacts/browser');
// The OCaml tools build the fixture project whose pages are checked.
const available = check(...browserNeeds(), ...['ocamlfind', 'ocamlopt', 'js_of_ocaml'].map(tool));

/** Size and sha256 of a built file: the truth the pages must show. */
function fileFacts(path: string): { size: number; sha256: string } {
  return { size: statSync(path).size, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
}

/** Integers in a cell's text ("9,502,032" → 9502032). */
function number(text: string | null): number {
  return Number((text ?? '').replace(/[,\s]/g, '').replace('−', '-'));
}

describe.skipIf(available.skip)(available.title('web report in chromium'), () => {
  let home: string;
  let server: Awaited<ReturnType<typeof startServe>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'tcbscope-report-'));
    execFileSync('bash', [join(repo, 'fixtures/ingest-fixtures.sh'), home], {
      cwd: repo,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server = await startServe(join(home, 'tcbscope.db'));
    browser = await launchChromium();
    ({ page, errors } = await openRecordingPage(browser));
    mkdirSync(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** Opens a page by clicking or by address, waits until it is drawn, and keeps its screenshot. */
  async function visit(path: string, shot: string): Promise<void> {
    await page.goto(new URL(path, server.url).href);
    await page.waitForSelector('main#page:not([aria-busy])');
    await page.screenshot({ path: join(artifacts, `${shot}.png`), fullPage: true });
  }

  it('lists both jobs on the overview', async () => {
    await visit('/', 'jobs');
    const jobs = await page.locator('#jobs tbody a[href^="/jobs/"]').allTextContents();
    expect(jobs.sort()).toEqual(['ocaml-https', 'solo5-fixtures']);
    // Each Solo5 target's row: its size as stat gives it, and a sparkline over its one build.
    for (const t of readSolo5Truth()) {
      const row = page.locator('#jobs tbody tr', {
        has: page.locator(`a[href^="/images/"]`, { hasText: t.target }),
      });
      expect(number(await row.locator('td.num').textContent()), t.target).toBe(t.size);
      expect(await row.locator('svg.sparkline title').textContent(), t.target).toMatch(
        new RegExp(`→ ${t.size.toLocaleString('en-US')} bytes over 1 build\\(s\\)$`),
      );
      expect(await row.locator('svg.sparkline path').getAttribute('d'), t.target).toBeTruthy();
    }
    expect(errors).toEqual([]);
  });

  it('shows the js image beside the native one on the build page, with the built files’ sizes and hashes', async () => {
    await visit('/', 'jobs');
    await page
      .locator('#jobs a', { hasText: /^#\d+$/ })
      .first()
      .waitFor();
    const buildLink = page.locator('#jobs tr', { hasText: 'ocaml-https' }).locator('a[href^="/builds/"]');
    await buildLink.click();
    await page.waitForSelector('#targets');
    await page.screenshot({ path: join(artifacts, 'build-ocaml-https.png'), fullPage: true });
    expect(await page.locator('#targets thead th[data-target]').allTextContents()).toEqual(['js', 'unix']);
    const unix = fileFacts(join(project, 'build/unix/ocaml-https'));
    const js = fileFacts(join(project, 'build/js/main.js'));
    const sizes = await page.locator('#targets tr[data-row="File bytes"] td').allTextContents();
    expect(sizes.map(number)).toEqual([js.size, unix.size]);
    const hashes = await page
      .locator('#targets tr[data-row="sha256"] td')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('title')));
    expect(hashes).toEqual([js.sha256, unix.sha256]);
    // DT_NEEDED of the native image, as readelf reads it; the js image has none.
    const needed = [
      ...execFileSync('readelf', ['-dW', join(project, 'build/unix/ocaml-https')], {
        encoding: 'utf8',
      }).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g),
    ]
      .map((m) => m[1])
      .sort();
    expect(await page.locator('#targets tr[data-row="Host libraries"] td').allTextContents()).toEqual([
      '–',
      needed.join(', '),
    ]);
    expect(errors).toEqual([]);
  });

  it('shows the js image’s download sizes: the bundle’s brotli size near the brotli tool’s at the same quality, and per package', async () => {
    await page.locator('#targets thead a', { hasText: 'js' }).click();
    await page.waitForSelector('table.sortable');
    await page.screenshot({ path: join(artifacts, 'image-js.png'), fullPage: true });
    const bundle = join(project, 'build/js/main.js');
    const manifest = JSON.parse(readFileSync(join(home, 'manifests/ocaml-https/js.json'), 'utf8')) as {
      downloads: { packages: { name: string; brotli: number }[] };
      provenance: { environment: { brotliQuality: string } };
    };
    // The build measures at the default brotli quality (5), where node's brotli and the brotli tool
    // split blocks differently: the page's figure is within 0.5% of the tool's at that quality.
    const quality = manifest.provenance.environment.brotliQuality;
    expect(quality).toBe('5');
    const brotli = execFileSync('brotli', ['-c', '-q', quality, bundle]).length;
    const fact = await page
      .locator('dl.facts dt', { hasText: 'Download (gzip / brotli)' })
      .locator('xpath=following-sibling::dd[1]')
      .textContent();
    const shown = number((fact ?? '').split('/')[1] ?? '');
    expect(Math.abs(shown - brotli) / brotli).toBeLessThan(0.005);
    // Each package row's brotli cell is the manifest's per-package figure.
    const rows = await page
      .locator('table.sortable tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
    for (const p of manifest.downloads.packages) {
      const row = rows.find((r) => r[0] === p.name);
      expect(row && number(row[6] ?? ''), p.name).toBe(p.brotli);
    }
    expect(errors).toEqual([]);
    await page.goBack();
    await page.waitForSelector('#targets');
  });

  it('follows the build page’s diff link to the js ↔ native diff', async () => {
    await page.locator('#targets tr[data-row="Diff"] a').click();
    await page.waitForSelector('#totals');
    await page.screenshot({ path: join(artifacts, 'compare-js-unix.png'), fullPage: true });
    const unix = statSync(join(project, 'build/unix/ocaml-https')).size;
    const js = statSync(join(project, 'build/js/main.js')).size;
    const cells = await page.locator('#totals tr[data-row="File bytes"] td').allTextContents();
    expect(cells.slice(0, 3).map(number)).toEqual([js, unix, unix - js]);
    expect(await page.locator('#package-changes tbody tr').count()).toBeGreaterThan(0);
    // Unit rows, largest change first.
    const deltas = (await page.locator('#unit-changes tbody tr td:nth-child(5)').allTextContents()).map((t) =>
      Math.abs(number(t)),
    );
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas).toEqual([...deltas].sort((x, y) => y - x));
    expect(errors).toEqual([]);
  });

  it('draws the treemap of the largest fixture, zooms into a package and its unit, and back', async () => {
    // The diff page links the unix image: the largest fixture (9.5 MB, ~1,000 units).
    await page.locator('#totals th a, h1 a', { hasText: 'unix' }).first().click();
    await page.waitForSelector('#treemap g.cell');
    // Sized by file bytes (the treemap opens on loaded bytes), the root is the file's size.
    await page.locator('#treemap-basis input[value="file"]').check();
    await page.screenshot({ path: join(artifacts, 'treemap-ocaml-https.png'), fullPage: true });
    const unix = statSync(join(project, 'build/unix/ocaml-https')).size;
    expect(await page.locator('#treemap-breadcrumbs').textContent()).toMatch(/^ocaml-https \(9\.06 MiB\)$/);
    expect(unix).toBeGreaterThan(9.055 * 1024 * 1024);
    expect(unix).toBeLessThan(9.065 * 1024 * 1024);
    const before = await page.locator('#treemap g.cell').count();
    // The largest real package: click its label band (the rectangle's inside belongs to its units).
    const groups = await page.locator('#treemap g.depth-1').evaluateAll((gs) =>
      gs.map((g) => ({
        name: g.getAttribute('data-name') ?? '',
        bytes: Number(g.getAttribute('data-bytes')),
      })),
    );
    const target = groups.filter((g) => !g.name.startsWith('[')).sort((a, b) => b.bytes - a.bytes)[0] as {
      name: string;
      bytes: number;
    };
    await page
      .locator(`#treemap g.depth-1[data-name="${target.name}"] > rect`)
      .click({ position: { x: 4, y: 6 } });
    await page.waitForFunction(() => document.querySelectorAll('#treemap-breadcrumbs button').length === 1);
    const units = await page
      .locator('#treemap g.depth-1')
      .evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-bytes'))));
    // The units drawn at this zoom hold the package's bytes but those of units too small to draw,
    // which the status line counts.
    const drawn = units.reduce((a, b) => a + b, 0);
    expect(drawn).toBeLessThanOrEqual(target.bytes);
    expect(drawn / target.bytes).toBeGreaterThan(0.999);
    if (drawn < target.bytes)
      expect(await page.locator('#treemap-status').textContent()).toMatch(/\d+ too small to draw/);
    // Into the largest unit: its symbols are fetched and drawn.
    await page
      .locator('#treemap g.depth-1 > rect')
      .first()
      .click({ position: { x: 4, y: 6 } });
    await page.waitForFunction(() => document.querySelectorAll('#treemap-breadcrumbs button').length === 2);
    await page.screenshot({ path: join(artifacts, 'treemap-ocaml-https-unit.png'), fullPage: true });
    expect(await page.locator('#treemap g.cell').count()).toBeGreaterThan(0);
    await page.locator('#treemap-breadcrumbs button').first().click();
    await page.waitForFunction(() => document.querySelectorAll('#treemap-breadcrumbs button').length === 0);
    expect(await page.locator('#treemap g.cell').count()).toBe(before);
    await page.fill('#treemap-search', 'Lwt');
    const matches = await page.locator('#treemap g.match').count();
    expect(matches).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('lays out the dependency graph and highlights why a package is here, as tcbscope why lists it', async () => {
    // Still on the unix image page of the largest fixture.
    await page.waitForSelector('#graph g.node', { timeout: 30_000 });
    const manifest = JSON.parse(readFileSync(join(home, 'manifests/ocaml-https/unix.json'), 'utf8')) as {
      dependencies: { packages: { name: string; buildOnly: boolean }[] };
    };
    const packages = manifest.dependencies.packages;
    expect(await page.locator('#graph g.node').count()).toBe(packages.length);
    // A transitive dependency: the CLI's path enumeration is the reference for the highlight.
    const target = 'libmagic-mime-ocaml-dev';
    const why = execFileSync(
      process.execPath,
      [
        join(repo, 'dist/cli/bin.js'),
        'why',
        target,
        join(home, 'manifests/ocaml-https/unix.json'),
        '--all',
        '--json',
      ],
      { encoding: 'utf8' },
    );
    const onPaths = new Set(
      (JSON.parse(why) as { paths: { path: { name: string }[] }[] }).paths.flatMap((p) =>
        p.path.map((step) => step.name),
      ),
    );
    await page.locator(`#graph g.node[data-name="${target}"]`).click();
    await page.waitForSelector('#graph.highlighting');
    const highlighted = await page
      .locator('#graph g.node.on-path')
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-name')));
    expect(highlighted.sort()).toEqual([...onPaths].sort());
    await page.locator('#graph').screenshot({ path: join(artifacts, 'graph-ocaml-https.png') });
    await page.uncheck('#graph-build-only');
    const runtimeOnly = packages.filter((p) => !p.buildOnly).length;
    await page.waitForFunction((n) => document.querySelectorAll('#graph g.node').length === n, runtimeOnly);
    expect(runtimeOnly).toBeLessThan(packages.length);
    expect(errors).toEqual([]);
  });

  it('shows the Solo5 targets with the devices the fixture source declares', async () => {
    const declared = readDeclaredDevices().map((d) => `${d.name} (${d.kind})`);
    await visit('/jobs/solo5-fixtures', 'history-solo5');
    await page.locator('#history a[href^="/builds/"]').first().click();
    await page.waitForSelector('#targets');
    await page.screenshot({ path: join(artifacts, 'build-solo5.png'), fullPage: true });
    expect(await page.locator('#targets thead th[data-target]').allTextContents()).toEqual([
      'hvt',
      'spt',
      'xen',
    ]);
    const devices = await page.locator('#targets tr[data-row="Declared devices"] td').allTextContents();
    expect(devices).toEqual([declared.join(', '), declared.join(', '), declared.join(', ')]);
    const sizes = await page.locator('#targets tr[data-row="File bytes"] td').allTextContents();
    const truth = ['solo5-hvt', 'solo5-spt-aarch64', 'solo5-xen'].map((f) =>
      Number(readFileSync(join(repo, `fixtures/images/solo5/${f}.filesize.txt`), 'utf8').trim()),
    );
    expect(sizes.map(number)).toEqual(truth);
    expect(errors).toEqual([]);
  });

  it('draws the image page with every package and a stack comparison, sorting the table on click', async () => {
    await page.locator('#targets thead a', { hasText: 'hvt' }).click();
    await page.waitForSelector('table.sortable');
    const rows = page.locator('table.sortable tbody tr');
    const bytes = (await rows.evaluateAll((trs) => trs.map((tr) => tr.children[2]?.textContent ?? ''))).map(
      number,
    );
    expect(bytes.reduce((a, b) => a + b, 0)).toBe(
      Number(readFileSync(join(repo, 'fixtures/images/solo5/solo5-hvt.filesize.txt'), 'utf8').trim()),
    );
    expect(bytes).toEqual([...bytes].sort((a, b) => b - a));
    await page.locator('table.sortable thead button', { hasText: 'Package' }).click();
    const names = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[0]?.textContent ?? ''));
    expect(names).toEqual([...names].sort());
    await page.selectOption('#stack-select', { label: 'https-nginx' });
    await page.waitForSelector('#stack-comparison table');
    await page.screenshot({ path: join(artifacts, 'image-hvt.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('finds an image by the sha256 recorded when the fixture was built', async () => {
    const sha = readFileSync(join(repo, 'fixtures/images/solo5/solo5-xen.sha256.txt'), 'utf8').split(
      /\s/,
    )[0] as string;
    await visit(`/search?sha256=${sha.slice(0, 16)}`, 'search');
    expect(await page.locator('#search-result li').allTextContents()).toEqual([
      expect.stringContaining('solo5-fixtures · xen'),
    ]);
    expect(errors).toEqual([]);
  });

  it('answers an unknown build with a 404 page, not a stack trace', async () => {
    const response = await page.goto(new URL('/builds/424242', server.url).href);
    expect(response?.status()).toBe(404);
    await page.waitForSelector('#not-found');
    expect(await page.locator('#not-found p').textContent()).toBe('build 424242 not found');
    expect(server.stderr()).toBe('');
    // The browser logs the two 404 answers (page and API) as console errors: expected here, so
    // they are cleared for the tests that follow.
    expect(errors.every((e) => e.includes('404'))).toBe(true);
    errors.length = 0;
  });

  it('shows a second build of the fixture in the history, linked to the diff of the two builds', async () => {
    // A second build with a real change to the program: the fixture project copied beside a copy
    // of its source, with one more function, built by tcbscope build for unix.
    const copy = join(home, 'changed');
    mkdirSync(join(copy, 'src/ocaml-https'), { recursive: true });
    cpSync(project, join(copy, 'project'), {
      recursive: true,
      filter: (src) => !src.includes('/build/') && !src.endsWith('/build'),
    });
    const source = readFileSync(join(repo, 'fixtures/src/ocaml-https/main.ml'), 'utf8');
    writeFileSync(
      join(copy, 'src/ocaml-https/main.ml'),
      `${source}\nlet () = if Array.length Sys.argv > 99 then print_endline (String.concat "," (List.init 1000 string_of_int))\n`,
    );
    const out = join(home, 'rebuild');
    execFileSync(
      process.execPath,
      [join(repo, 'dist/cli/bin.js'), 'build', '--targets', 'unix', '--out-dir', out],
      { cwd: join(copy, 'project'), stdio: 'ignore' },
    );
    execFileSync(
      process.execPath,
      [
        join(repo, 'dist/cli/bin.js'),
        'ingest',
        join(out, 'ocaml-https'),
        '--db',
        join(home, 'tcbscope.db'),
        '--label',
        'changed',
      ],
      { stdio: 'ignore' },
    );
    const first = statSync(join(project, 'build/unix/ocaml-https')).size;
    const second = statSync(join(copy, 'project/build/unix/ocaml-https')).size;
    await visit('/jobs/ocaml-https', 'history-ocaml-https');
    expect(await page.locator('#history tbody tr').count()).toBe(2);
    // Newest first: the new build's unix cell links to the diff with the first build's unix image.
    await page.locator('#history tbody tr').first().locator('a[href^="/compare"]').click();
    await page.waitForSelector('#totals');
    await page.screenshot({ path: join(artifacts, 'compare-builds.png'), fullPage: true });
    const cells = await page.locator('#totals tr[data-row="File bytes"] td').allTextContents();
    expect(cells.slice(0, 3).map(number)).toEqual([first, second, second - first]);
    expect(second).not.toBe(first);
    expect(await page.locator('p.meta', { hasText: 'Two different targets' }).count()).toBe(0);
    // The program's own package is the one that changed.
    expect(await page.locator('#package-changes tbody td:first-child').allTextContents()).toContain(
      'ocaml-https',
    );
    expect(errors).toEqual([]);
  });
});
