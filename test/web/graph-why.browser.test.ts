/**
 * The dependency graph's "why is this here" in Debian's chromium, on the manifest `tcbscope deps`
 * writes for the largest real lock file of ../shared/data (https-macosx, 126 packages; read without
 * its root opam file, so the root's edges are inferred): a click on a package lists exactly the
 * paths `tcbscope why --json` prints, and every package on them is inside the graph's scrolling box.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { browserNeeds, launchChromium, openRecordingPage, startServe } from '../support/browser.js';
import { check, external } from '../support/test-needs.js';
import { DATA, HAVE_DATA } from '../opam/shared-data.js';

const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'dist/cli/bin.js');
const artifacts = join(repo, 'test-artifacts/browser');
const available = check(
  ...browserNeeds(),
  external(HAVE_DATA, `${DATA} not found (the project's shared data)`),
);
const LOCK = join(DATA, 'lockfiles/SaySayo__tarides_map_static_website/https-macosx.opam.locked');

interface Step {
  name: string;
  kind?: string;
  inferred?: true;
}
interface WhyPath {
  tier: string;
  path: Step[];
}

function tcbscope(...argv: string[]): string {
  return execFileSync(process.execPath, [bin, ...argv], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe.skipIf(available.skip)(available.title('dependency graph: why, in chromium'), () => {
  let home: string;
  let manifestFile: string;
  let manifest: Manifest;
  let server: Awaited<ReturnType<typeof startServe>>;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'tcbscope-graph-why-'));
    mkdirSync(join(home, 'https'));
    manifestFile = join(home, 'https', 'macosx.json');
    tcbscope(
      'deps',
      '--lock',
      LOCK,
      '--opam-repo',
      join(DATA, 'opam-repository'),
      '--opam-repo',
      join(DATA, 'opam-overlays'),
      '--out',
      manifestFile,
    );
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    tcbscope('ingest', join(home, 'https'), '--db', join(home, 'tcbscope.db'));
    server = await startServe(join(home, 'tcbscope.db'));
    browser = await launchChromium();
    ({ page, errors } = await openRecordingPage(browser));
    mkdirSync(artifacts, { recursive: true });
    await page.goto(new URL('/', server.url).href);
    await page.locator('#jobs a[href^="/builds/"]').first().click();
    await page.locator('#targets thead a', { hasText: 'macosx' }).click();
    await page.waitForSelector('#graph g.node', { timeout: 60_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** The panel's paths, read back from its steps' data attributes in the shape `why --json` prints. */
  async function listedPaths(): Promise<WhyPath[]> {
    return page.locator('#graph-paths li').evaluateAll((items) =>
      items.map((li) => ({
        tier: li.getAttribute('data-tier') ?? '',
        path: [...li.querySelectorAll('.step')].map((s) => {
          const step: { name: string; kind?: string; inferred?: true } = {
            name: s.getAttribute('data-name') ?? '',
          };
          const kind = s.getAttribute('data-kind');
          if (kind !== null) step.kind = kind;
          if (s.getAttribute('data-inferred') === 'true') step.inferred = true;
          return step;
        }),
      })),
    );
  }

  /** Names on the listed paths whose node lies (wholly) outside the box's visible area. */
  async function outsideTheBox(names: string[]): Promise<string[]> {
    return page.evaluate((wanted) => {
      const holder = document.querySelector('#graph-holder') as HTMLElement;
      const box = holder.getBoundingClientRect();
      // The visible area is the client box: scroll bars excluded.
      const right = box.left + holder.clientLeft + holder.clientWidth;
      const bottom = box.top + holder.clientTop + holder.clientHeight;
      return wanted.filter((name) => {
        const node = document.querySelector(`#graph g.node[data-name="${CSS.escape(name)}"] rect`);
        if (!node) return true;
        const r = node.getBoundingClientRect();
        return r.left < box.left || r.top < box.top || r.right > right + 0.5 || r.bottom > bottom + 0.5;
      });
    }, names);
  }

  it('draws every package, the inferred edges dashed, and a legend that says so', async () => {
    expect(await page.locator('#graph g.node').count()).toBe(manifest.dependencies.packages.length);
    const inferred = manifest.dependencies.edges.filter((e) => e.inferred && e.from !== e.to).length;
    expect(inferred).toBeGreaterThan(0);
    expect(await page.locator('#graph .edge.inferred').count()).toBe(inferred);
    const dash = await page
      .locator('#graph .edge.inferred')
      .first()
      .evaluate((e) => getComputedStyle(e).strokeDasharray);
    expect(dash).not.toBe('none');
    expect(await page.locator('#graph-legend').textContent()).toContain('inferred');
    // The graph is larger than its box: paths can start off-screen.
    const size = await page.evaluate(() => {
      const holder = document.querySelector('#graph-holder') as HTMLElement;
      const svg = document.querySelector('#graph') as SVGSVGElement;
      return {
        box: [holder.clientWidth, holder.clientHeight],
        graph: [svg.width.baseVal.value, svg.height.baseVal.value],
      };
    });
    expect(size.graph[0]).toBeGreaterThan(size.box[0] as number);
  });

  it('lists the paths of a click as tcbscope why --json does and brings their packages into the box', async () => {
    // The packages drawn furthest right and furthest down: the ones a reader would have to look for.
    const boxes = await page.locator('#graph g.node').evaluateAll((gs) =>
      gs.map((g) => {
        const m = /translate\(([\d.]+),([\d.]+)\)/.exec(g.getAttribute('transform') ?? '');
        return { name: g.getAttribute('data-name') ?? '', x: Number(m?.[1]), y: Number(m?.[2]) };
      }),
    );
    const roots = new Set(manifest.dependencies.roots);
    const candidates = boxes.filter((b) => !roots.has(b.name));
    const right = [...candidates].sort((a, b) => b.x - a.x)[0]?.name as string;
    const low = [...candidates].sort((a, b) => b.y - a.y)[0]?.name as string;
    let sawTestAfterRuntime = false;
    for (const target of [...new Set([right, low, 'lwt'])]) {
      const why = JSON.parse(tcbscope('why', target, manifestFile, '--json')) as { paths: WhyPath[] };
      expect(why.paths.length, target).toBeGreaterThan(0);
      await page.locator(`#graph g.node[data-name="${target}"]`).click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('#graph-paths li').length === n,
        why.paths.length,
      );
      expect(await listedPaths(), target).toEqual(why.paths);
      // The box frames every path, or (when that would shrink the drawing below three quarters) the first one.
      const inView = await page
        .locator('#graph-paths li')
        .evaluateAll((items) => items.flatMap((li, i) => (li.classList.contains('in-view') ? [i] : [])));
      expect(inView[0], target).toBe(0);
      const names = (indices: number[]) => [
        ...new Set(indices.flatMap((i) => why.paths[i]?.path.map((s) => s.name) ?? [])),
      ];
      expect(await outsideTheBox(names(inView)), target).toEqual([]);
      // A click on a listed path frames that one.
      const last = why.paths.length - 1;
      await page.locator('#graph-paths li').nth(last).click();
      expect(await page.locator('#graph-paths li').nth(last).getAttribute('class')).toContain('in-view');
      expect(await outsideTheBox(names([last])), `${target}, path ${last}`).toEqual([]);
      await page.locator(`#graph g.node[data-name="${target}"]`).click();
      await page.locator('#graph-holder').screenshot({ path: join(artifacts, `graph-why-${target}.png`) });
      const tiers = why.paths.map((p) => p.tier);
      if (tiers[0] === 'runtime' && tiers.includes('test-doc')) sawTestAfterRuntime = true;
    }
    expect(sawTestAfterRuntime).toBe(true);
    expect(errors).toEqual([]);
  });
});
