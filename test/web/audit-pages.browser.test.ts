/**
 * The reviewer's audit in the web report, in Debian's chromium: a build's diagnostics with their
 * text, an image's platform notes and provenance, the treemap's basis switch and legend colours,
 * a unit's evidence panel, and an advisory (an OSV file written here against a package of the
 * native fixture at its version) on the image page. Values come from the manifests the CLI wrote,
 * the fixture's binutils outputs (readelf -n, size -A, nm -S) and the advisory file itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { browserNeeds, launchChromium, openRecordingPage, startServe } from '../support/browser.js';
import { check, tool } from '../support/test-needs.js';

const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'dist/cli/bin.js');
const solo5 = join(repo, 'fixtures/images/solo5');
const native = join(repo, 'fixtures/images/build/ocaml-https');
const artifacts = join(repo, 'test-artifacts/browser');
const available = check(...browserNeeds(), tool('dpkg'));

function tcbscope(...args: string[]): string {
  return execFileSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    // inspect --json prints the manifest beside writing it.
    maxBuffer: 1 << 30,
  });
}

/** Integers in a cell's text ("9,502,032" → 9502032). */
function number(text: string | null): number {
  return Number((text ?? '').replace(/[,\s]/g, ''));
}

/** The Solo5 ABI note's target code and ABI version: its first two little-endian words, as readelf -n printed them. */
function readelfAbi(): { target: number; version: number } {
  const text = readFileSync(join(solo5, 'solo5-hvt.readelf-n.txt'), 'utf8');
  const data =
    /\.note\.solo5\.abi[\s\S]*?description data: ([0-9a-f ]+)/.exec(text)?.[1]?.trim().split(' ') ?? [];
  const word = (i: number) =>
    parseInt(
      data
        .slice(i * 4, i * 4 + 4)
        .reverse()
        .join(''),
      16,
    );
  return { target: word(0), version: word(1) };
}

describe.skipIf(available.skip)(available.title('audit in the web report'), () => {
  let home: string;
  let server: Awaited<ReturnType<typeof startServe>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let hvt: Manifest;
  let unix: Manifest;
  let buildId: number;
  let advised: { name: string; version: string };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'tcbscope-audit-'));
    const out = join(home, 'manifests/audit-fixtures');
    mkdirSync(out, { recursive: true });
    // --target spt on an hvt image: the ABI note wins and the manifest carries a real warning.
    tcbscope(
      'inspect',
      join(solo5, 'solo5-hvt'),
      '--map',
      join(solo5, 'solo5-hvt.map'),
      '--target',
      'spt',
      '--json',
      '--out',
      join(out, 'hvt.json'),
    );
    tcbscope(
      'inspect',
      join(native, 'ocaml-https'),
      '--map',
      join(native, 'ocaml-https.map'),
      '--meta',
      '/var/lib/dpkg/info',
      '--json',
      '--out',
      join(out, 'unix.json'),
    );
    hvt = JSON.parse(readFileSync(join(out, 'hvt.json'), 'utf8')) as Manifest;
    unix = JSON.parse(readFileSync(join(out, 'unix.json'), 'utf8')) as Manifest;
    const ingest = JSON.parse(
      tcbscope('ingest', join(home, 'manifests'), '--db', join(home, 'tcbscope.db'), '--json'),
    ) as {
      builds: { buildId: number }[];
    };
    buildId = ingest.builds[0]?.buildId as number;
    // An advisory against the largest Debian package the native image links, up to just past its version.
    const pkg = unix.dependencies.packages
      .filter((p) => p.origin.startsWith('dpkg') && p.version !== undefined && p.fileSize > 0)
      .sort((a, b) => b.fileSize - a.fileSize)[0];
    advised = { name: pkg?.name ?? '', version: pkg?.version ?? '' };
    const advisories = join(home, 'advisories');
    mkdirSync(advisories);
    writeFileSync(
      join(advisories, 'TEST-2026-0001.json'),
      JSON.stringify({
        schema_version: '1.6.0',
        id: 'TEST-2026-0001',
        modified: '2026-01-01T00:00:00Z',
        summary: `test advisory against ${advised.name}`,
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
        affected: [
          {
            package: { ecosystem: 'Debian', name: advised.name },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `${advised.version}+1` }] }],
          },
        ],
      }),
    );
    server = await startServe(join(home, 'tcbscope.db'), ['--advisories', advisories]);
    browser = await launchChromium();
    ({ page, errors } = await openRecordingPage(browser));
    mkdirSync(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  async function visit(path: string): Promise<void> {
    await page.goto(new URL(path, server.url).href);
    await page.waitForSelector('main#page:not([aria-busy])');
  }

  it('shows each diagnostic’s full text on the build page', async () => {
    await visit(`/builds/${buildId}`);
    await page.screenshot({ path: join(artifacts, 'audit-build.png'), fullPage: true });
    const rows = await page
      .locator('#build-diagnostics tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
    const row = (target: string) => (d: Manifest['diagnostics'][number]) => [
      target,
      d.severity,
      d.code,
      d.message,
      [d.file, d.at].filter(Boolean).join(' at ') || '–',
    ];
    expect(hvt.diagnostics.length).toBeGreaterThan(0);
    expect(rows).toEqual([...hvt.diagnostics.map(row('hvt')), ...unix.diagnostics.map(row('unix'))]);
    expect(errors).toEqual([]);
  });

  it('shows the hvt image’s Solo5 ABI and build-id as readelf reads them, its diagnostics and provenance', async () => {
    await page.locator('#targets thead a', { hasText: 'hvt' }).click();
    await page.waitForSelector('#treemap g.cell');
    const fact = (name: string) =>
      page
        .locator('dl.facts dt', { hasText: new RegExp(`^${name}$`) })
        .locator('xpath=following-sibling::dd[1]')
        .first()
        .textContent();
    const abi = readelfAbi();
    expect(await fact('Solo5 ABI')).toBe(`target hvt (code ${abi.target}), ABI version ${abi.version}`);
    const buildIdNote = /Build ID: ([0-9a-f]+)/.exec(
      readFileSync(join(solo5, 'solo5-hvt.readelf-n.txt'), 'utf8'),
    )?.[1];
    expect(await fact('Build-id')).toBe(buildIdNote);
    expect(await page.locator('#image-diagnostics tbody td:nth-child(3)').allTextContents()).toEqual(
      hvt.diagnostics.map((d) => d.message),
    );
    expect(await page.locator('#provenance-command').textContent()).toBe(hvt.provenance.command.join(' '));
    const hashes = await page.locator('#provenance-inputs tbody td:nth-child(4)').allTextContents();
    const imageHash = readFileSync(join(solo5, 'solo5-hvt.sha256.txt'), 'utf8').split(/\s/)[0];
    expect(hashes).toContain(imageHash);
    expect(errors).toEqual([]);
  });

  it('switches the treemap to code bytes (in the address), in the legend’s exact colours', async () => {
    expect(await page.locator('#treemap-basis input[value="loaded"]').isChecked()).toBe(true);
    await page.locator('#treemap-basis input[value="code"]').check();
    await page.waitForURL(/[?&]basis=code/);
    const text = /^\.text\s+(\d+)/m.exec(readFileSync(join(solo5, 'solo5-hvt.size-A.txt'), 'utf8'))?.[1];
    const packages = await page
      .locator('#treemap g.depth-1')
      .evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-bytes'))));
    expect(packages.reduce((a, b) => a + b, 0)).toBe(Number(text));
    const legend = await page
      .locator('#treemap-legend .swatch')
      .evaluateAll((s) => s.map((e) => e.getAttribute('data-colour')));
    const fills = await page
      .locator('#treemap g.cell > rect')
      .evaluateAll((rects) =>
        rects.map((r) => ({ fill: r.getAttribute('fill'), opacity: getComputedStyle(r).fillOpacity })),
      );
    for (const f of fills) {
      expect(legend).toContain(f.fill);
      expect(f.opacity).toBe('1');
    }
    // The address keeps the basis: a reload opens on code bytes again.
    await page.reload();
    await page.waitForSelector('#treemap g.cell');
    expect(await page.locator('#treemap-basis input[value="code"]').isChecked()).toBe(true);
    await page.locator('#treemap-basis input[value="loaded"]').check();
    await page.waitForURL(/[?&]basis=loaded/);
    expect(errors).toEqual([]);
  });

  it('opens the largest unit’s evidence panel, with the manifest’s record and nm’s symbol sizes', async () => {
    const units = await page.locator('#treemap g.depth-2[data-unit]').evaluateAll((gs) =>
      gs.map((g) => ({
        unit: Number(g.getAttribute('data-unit')),
        bytes: Number(g.getAttribute('data-bytes')),
      })),
    );
    const largest = units.sort((a, b) => b.bytes - a.bytes)[0] as { unit: number };
    await page.locator(`#treemap g.depth-2[data-unit="${largest.unit}"] > rect`).click();
    await page.waitForSelector(`#unit-panel[data-unit="${largest.unit}"]`);
    await page.screenshot({ path: join(artifacts, 'audit-unit-panel.png'), fullPage: true });
    const record = hvt.attribution.units[largest.unit];
    const fact = (name: string) => page.locator(`#unit-panel dd[data-fact="${name}"]`).textContent();
    expect(await fact('Package')).toBe(record?.package);
    expect(await fact('Language')).toBe(record?.language);
    expect(await fact('Evidence')).toBe(record?.evidence);
    expect(await fact('Evidence record')).toBe(
      record?.evidenceDetail ?? '– (the evidence kind names no record)',
    );
    expect(number(await fact('File bytes'))).toBe(record?.fileSize);
    const nm = new Map(
      readFileSync(join(solo5, 'solo5-hvt.nm-S.txt'), 'utf8')
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f.length === 4)
        .map((f) => [f[3] as string, parseInt(f[1] as string, 16)] as const),
    );
    const rows = await page
      .locator('#unit-symbols tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
    const named = rows.filter((r) => nm.has(r[0] as string) && r[1] !== '.bss');
    expect(named.length).toBeGreaterThan(0);
    for (const r of named) expect(number(r[3] ?? ''), r[0]).toBe(nm.get(r[0] as string));
    expect(errors).toEqual([]);
  });

  it('lists the test advisory on the native image’s page, with the package’s version', async () => {
    await visit(`/builds/${buildId}`);
    await page.locator('#targets thead a', { hasText: 'unix' }).click();
    await page.waitForSelector('#advisory-matches tbody tr');
    await page.screenshot({ path: join(artifacts, 'audit-advisories.png'), fullPage: true });
    const rows = await page
      .locator('#advisory-matches tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
    expect(rows).toEqual([
      [
        'TEST-2026-0001',
        `test advisory against ${advised.name}`,
        expect.stringMatching(/^critical/),
        advised.name,
        advised.version,
        `>= 0, < ${advised.version}+1`,
      ],
    ]);
    // The package table shows the version the graph records for it.
    const version = await page
      .locator('table.sortable tbody tr', { has: page.locator(`td:first-child:text-is("${advised.name}")`) })
      .locator('td:nth-child(2)')
      .textContent();
    expect(version).toBe(advised.version);
    expect(errors).toEqual([]);
  });
});
