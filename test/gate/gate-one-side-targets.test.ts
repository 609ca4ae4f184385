/**
 * `tcbscope gate` on builds whose targets differ: a target the change adds is judged on its own
 * (rules that need a baseline are skipped, and say so), a target it drops is reported, and neither
 * is silently left out. The hvt image is the Solo5 fixture (its ABI note says hvt, as readelf -n
 * recorded); the unix images are the gate fixture builds.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { FIXTURE_IMAGES_DIR, readSectionTable } from '../support/binutils-truth.js';

const GATE = path.join(FIXTURE_IMAGES_DIR, 'gate');
const HVT = path.join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt');

let work: string;

function run(args: string[]): ReturnType<typeof runCli> {
  return runCli(args, work);
}

function write(folder: string, target: string, manifest: unknown): void {
  mkdirSync(path.join(work, folder), { recursive: true });
  writeFileSync(path.join(work, folder, `${target}.json`), JSON.stringify(manifest));
}

describe('tcbscope gate with a target on one side only', () => {
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'tcbscope-gate-sides-'));
    const unix = (image: string) =>
      inspectImage(
        {
          image: path.join(GATE, image),
          map: path.join(GATE, `${image}.map`),
          name: 'tally',
          target: 'unix',
        },
        () => undefined,
      );
    const hvt = inspectImage({ image: HVT, map: `${HVT}.map`, name: 'tally' }, () => undefined);
    write('base', 'unix', unix('tally'));
    write('head', 'unix', unix('tally'));
    write('head', 'hvt', hvt);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('judges a target only the current build has, skipping the rules that need a baseline', async () => {
    const budget = path.join(work, 'budget.json');
    const code = readSectionTable(`${HVT}.readelf-S.txt`)
      .filter((s) => s.flags.includes('X'))
      .reduce((n, s) => n + s.size, 0);
    writeFileSync(
      budget,
      JSON.stringify({ all: { maxGrowthBytes: { code: 0 } }, targets: { hvt: { maxCodeBytes: code - 1 } } }),
    );
    const r = await run(['gate', '--current', 'head', '--baseline', 'base', '--budget', budget]);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('target hvt (current only)');
    expect(at).toBeGreaterThan(0);
    // The ceiling is judged against the code bytes readelf lists; the growth rule has nothing to grow from.
    expect(lines[at + 1]).toBe(
      `  FAIL maxCodeBytes: code bytes ${code} exceed ${code - 1} [/targets/hvt/maxCodeBytes]`,
    );
    expect(lines[at + 2]).toBe(
      '  skip maxGrowthBytes.code: the baseline has no build of this target [/all/maxGrowthBytes/code]',
    );
    expect(r.stdout).toContain('target unix\n  ok   maxGrowthBytes.code:');
  });

  it('reports a target only the baseline has, in every reporter, without failing on it', async () => {
    const r = await run(['gate', '--current', 'base', '--baseline', 'head', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.targets.map((t: { target: string; presence: string }) => [t.target, t.presence])).toEqual([
      ['hvt', 'baseline-only'],
      ['unix', 'both'],
    ]);
    expect(json.targets[0].baseline.file).toBe(Number(readFileSync(`${HVT}.filesize.txt`, 'utf8').trim()));
    const text = await run(['gate', '--current', 'base', '--baseline', 'head']);
    expect(text.stdout).toContain('target hvt (baseline only)\n  no rules apply');
    const md = await run(['gate', '--current', 'base', '--baseline', 'head', '--reporter', 'markdown']);
    const inline = new MarkdownIt()
      .parse(md.stdout, {})
      .filter((t) => t.type === 'inline')
      .map((t) => t.content);
    expect(inline).toContain('Target `hvt` is in the baseline only.');
  });
});
