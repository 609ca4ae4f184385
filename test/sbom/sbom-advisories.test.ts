/**
 * `tcbscope sbom --advisories` through main(io): the BOM's vulnerabilities, checked by the CycloneDX
 * library's strict 1.6 validator, against the OSV files this test writes (versions from dpkg
 * itself) and against `tcbscope audit --json` on the same input; the shared lock files against the
 * real OCaml advisories; and bad advisories, which leave nothing written.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../analyzer/advisories/audit-result.js';
import { runCli } from '../cli/run-cli.js';
import {
  installedVersion,
  writeBadAdvisory,
  writeGreetManifest,
  missingForTallyCrcAdvisories,
  writeTallyCrcManifest,
  ZLIB_PACKAGE as PACKAGE,
} from '../support/advisory-test-setup.js';
import { HAVE_DATA, SHARED_ADVISORIES as OSV_DIR, SHARED_LOCKS as LOCKS } from '../opam/shared-data.js';
import { lockDepsArgs } from '../support/lock-graph.js';

const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-sbom-adv-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
const missing = missingForTallyCrcAdvisories();

function run(...args: string[]): ReturnType<typeof runCli> {
  return runCli(args, work);
}

interface CdxSource {
  name?: string;
  url?: string;
}
interface CdxVulnerability {
  'bom-ref': string;
  id: string;
  source?: CdxSource;
  references?: { id: string; source: CdxSource }[];
  ratings?: { severity?: string; score?: number; method?: string; vector?: string; source?: CdxSource }[];
  description?: string;
  detail?: string;
  advisories?: { title?: string; url: string }[];
  published?: string;
  updated?: string;
  affects?: { ref: string; versions?: { version: string; status: string }[] }[];
}
interface CdxBom {
  serialNumber: string;
  components: { name: string; version?: string; 'bom-ref': string }[];
  vulnerabilities?: CdxVulnerability[];
}

/** Writes OSV files into a new folder and returns it. */
function advisoryFolder(name: string, advisories: object[]): string {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  advisories.forEach((a, i) => writeFileSync(path.join(dir, `ADV-${i}.json`), JSON.stringify(a)));
  return dir;
}

/** The BOM's vulnerabilities flattened to one row per affected package, in audit's terms. */
function bomRows(bom: CdxBom) {
  const names = new Map(bom.components.map((c) => [c['bom-ref'], c.name]));
  return (bom.vulnerabilities ?? [])
    .flatMap((v) =>
      (v.affects ?? []).flatMap((a) =>
        (a.versions ?? []).map((ver) => ({
          id: v.id,
          package: names.get(a.ref),
          version: ver.version,
          status: ver.status,
          level: v.ratings?.[0]?.severity,
          score: v.ratings?.[0]?.score,
          aliases: (v.references ?? []).map((r) => r.id).sort(),
          summary: v.description,
        })),
      ),
    )
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** audit's matches in the same shape. */
function auditRows(result: AuditResult) {
  return result.matches
    .map((m) => ({
      id: m.id,
      package: m.package,
      version: m.version,
      status: 'affected',
      level: m.severity.level,
      score: m.severity.score,
      aliases: m.aliases,
      summary: m.summary,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

// A vector whose base score NVD publishes as 9.8 (e.g. for CVE-2021-44228).
const VECTOR_31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
// CVSS v3.0's user guide scores this vector 6.1 (its reflected XSS example).
const VECTOR_30 = 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N';

describe.skipIf(missing.length > 0)(
  missing.length === 0
    ? `tcbscope sbom --advisories on tally-crc with advisories against ${PACKAGE}`
    : `tcbscope sbom --advisories on a fixture: SKIPPED, needs ${missing.join(' and ')}`,
  () => {
    let manifest = '';
    let version = '';
    const osvs: Record<string, object> = {};
    beforeAll(() => {
      manifest = path.join(work, 'tally-crc.json');
      writeTallyCrcManifest(manifest);
      version = installedVersion(PACKAGE);
      const affected = (extra: object) => [{ package: { ecosystem: 'Debian', name: PACKAGE }, ...extra }];
      Object.assign(osvs, {
        full: {
          schema_version: '1.6.0',
          id: 'TEST-FULL',
          modified: '2026-02-03T04:05:06Z',
          published: '2025-12-31T23:59:59Z',
          aliases: ['GHSA-aaaa-bbbb-cccc', 'CVE-2099-0001'],
          summary: 'inflate <reads> past the "window" & more',
          details: '## Impact\n\nA test advisory.',
          severity: [{ type: 'CVSS_V3', score: VECTOR_31 }],
          references: [
            { type: 'ADVISORY', url: 'https://example.org/advisories/TEST-FULL' },
            { type: 'FIX', url: 'https://example.org/zlib/commit/0123abc' },
          ],
          affected: affected({
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `${version}+tcbscope1` }] }],
          }),
        },
        v30: {
          id: 'TEST-V30',
          modified: '2026-01-01T00:00:00Z',
          severity: [{ type: 'CVSS_V3', score: VECTOR_30 }],
          affected: affected({ versions: [version] }),
        },
        word: {
          id: 'TEST-WORD',
          modified: '2026-01-01T00:00:00Z',
          database_specific: { severity: 'MODERATE' },
          affected: affected({ versions: [version] }),
        },
        none: {
          id: 'TEST-NONE',
          modified: '2026-01-01T00:00:00Z',
          affected: affected({ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }),
        },
        fixed: {
          id: 'TEST-FIXED',
          modified: '2026-01-01T00:00:00Z',
          severity: [{ type: 'CVSS_V3', score: VECTOR_31 }],
          affected: affected({
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version }] }],
          }),
        },
      });
    });

    it('validates as CycloneDX 1.6 and lists exactly the matches `tcbscope audit --json` reports', async () => {
      const dir = advisoryFolder('tally', Object.values(osvs));
      const out = path.join(work, 'tally.cdx.json');
      const r = await run('sbom', manifest, '--advisories', dir, '-o', out, '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(await validator.validate(text)).toBeNull();
      const bom = JSON.parse(text) as CdxBom;
      const audit = JSON.parse(
        (await run('audit', manifest, '--advisories', dir, '--json')).stdout,
      ) as AuditResult;
      expect(audit.matches.length).toBe(4);
      expect(bomRows(bom)).toEqual(auditRows(audit));
      expect((bom.vulnerabilities ?? []).map((v) => v.id).sort()).toEqual([
        'TEST-FULL',
        'TEST-NONE',
        'TEST-V30',
        'TEST-WORD',
      ]);
      expect(JSON.parse(r.stdout)).toMatchObject({ file: out, vulnerabilities: 4 });
    });

    it('carries the advisory’s fields as the OSV file gives them, pointing at the package’s component', async () => {
      const dir = advisoryFolder('fields', Object.values(osvs));
      const r = await run('sbom', manifest, '--advisories', dir);
      expect(r.code).toBe(0);
      const bom = JSON.parse(r.stdout) as CdxBom;
      const byId = new Map((bom.vulnerabilities ?? []).map((v) => [v.id, v]));
      const component = bom.components.find((c) => c.name === PACKAGE);
      expect(component?.version).toBe(version);
      const full = byId.get('TEST-FULL') as CdxVulnerability;
      const written = osvs.full as {
        summary: string;
        details: string;
        aliases: string[];
        references: { type: string; url: string }[];
      };
      expect(full.source).toEqual({ name: 'OSV' });
      expect(full.description).toBe(written.summary);
      expect(full.detail).toBe(written.details);
      expect(full.published).toBe(new Date('2025-12-31T23:59:59Z').toISOString());
      expect(full.updated).toBe(new Date('2026-02-03T04:05:06Z').toISOString());
      expect(full.affects).toEqual([
        { ref: component?.['bom-ref'], versions: [{ version, status: 'affected' }] },
      ]);
      expect(full.ratings).toEqual([
        { source: { name: 'OSV' }, score: 9.8, severity: 'critical', method: 'CVSSv31', vector: VECTOR_31 },
      ]);
      expect((full.references ?? []).map((x) => x.id).sort()).toEqual([...written.aliases].sort());
      expect(full.references?.find((x) => x.id === 'CVE-2099-0001')?.source.name).toBe('NVD');
      expect(full.advisories?.map((a) => [a.title, a.url]).sort()).toEqual(
        written.references.map((x) => [x.type, x.url]).sort(),
      );
      expect(byId.get('TEST-V30')?.ratings?.[0]).toMatchObject({
        score: 6.1,
        severity: 'medium',
        method: 'CVSSv3',
        vector: VECTOR_30,
      });
      expect(byId.get('TEST-WORD')?.ratings?.[0]).toMatchObject({ severity: 'medium', method: 'other' });
      expect(byId.get('TEST-NONE')?.ratings?.[0]?.severity).toBe('unknown');
    });

    it('is the same text on every run, and its serial number differs from the SBOM without advisories', async () => {
      const dir = advisoryFolder('repro', Object.values(osvs));
      const a = await run('sbom', manifest, '--advisories', dir);
      const b = await run('sbom', manifest, '--advisories', dir);
      expect(a.stdout).toBe(b.stdout);
      const plain = JSON.parse((await run('sbom', manifest)).stdout) as CdxBom;
      expect(plain.vulnerabilities).toBeUndefined();
      expect((JSON.parse(a.stdout) as CdxBom).serialNumber).not.toBe(plain.serialNumber);
    });

    it('keeps two files of the same id apart: two vulnerabilities with distinct bom-refs, still valid', async () => {
      const dup = {
        id: 'TEST-DUP',
        modified: '2026-01-01T00:00:00Z',
        affected: [{ package: { ecosystem: 'Debian', name: PACKAGE }, versions: [version] }],
      };
      const dir = advisoryFolder('duplicate', [dup, { ...dup, summary: 'the same id from elsewhere' }]);
      const r = await run('sbom', manifest, '--advisories', dir);
      expect(r.code).toBe(0);
      expect(await validator.validate(r.stdout)).toBeNull();
      const bom = JSON.parse(r.stdout) as CdxBom;
      const refs = (bom.vulnerabilities ?? []).map((v) => v['bom-ref']);
      expect(refs).toHaveLength(2);
      expect(new Set(refs).size).toBe(2);
      const audit = JSON.parse(
        (await run('audit', manifest, '--advisories', dir, '--json')).stdout,
      ) as AuditResult;
      expect(bomRows(bom)).toEqual(auditRows(audit));
    });

    it('refuses a CVSS v3 vector it cannot score on one line, exit 2, writing nothing', async () => {
      const dir = advisoryFolder('bad-vector', [
        {
          id: 'TEST-BAD',
          modified: '2026-01-01T00:00:00Z',
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
          affected: [{ package: { ecosystem: 'Debian', name: PACKAGE }, versions: [version] }],
        },
      ]);
      const out = path.join(work, 'bad-vector.cdx.json');
      const r = await run('sbom', manifest, '--advisories', dir, '-o', out);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/ADV-0\.json: .*AV:Q .*\(\/severity\/0\/score\).*\[ADVISORY_BAD\]\n$/);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  },
);

describe('tcbscope sbom --advisories refuses a bad advisory file on one line, exit 2, writing nothing', () => {
  const manifest = path.join(work, 'greet.json');
  beforeAll(() => writeGreetManifest(manifest));

  it.each([
    ['a missing key', { id: 'X-1', affected: [] }, /ADV-0\.json: .*"modified" is missing \(\/modified\)/],
    [
      'a reference without a url',
      { id: 'X-2', modified: '2026-01-01T00:00:00Z', references: [{ type: 'WEB' }] },
      /ADV-0\.json: .*"url" is missing \(\/references\/0\/url\)/,
    ],
    ['not JSON at all', '# OSEC-2016-01\n', /ADV-0\.json: invalid OSV advisory: not JSON/],
  ])('%s', async (name, doc, message) => {
    const dir = writeBadAdvisory(work, name, doc);
    const out = path.join(work, `bad-${name.replace(/\W+/g, '-')}.cdx.json`);
    const r = await run('sbom', manifest, '--advisories', dir, '-o', out);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^tcbscope: .*\[ADVISORY_BAD\]\n$/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('an empty --advisories and a folder without advisories', async () => {
    const empty = path.join(work, 'no-advisories');
    mkdirSync(empty, { recursive: true });
    const none = await run('sbom', manifest, '--advisories', empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/\[ADVISORY_NONE\]\n$/);
    const blank = await run('sbom', manifest, '--advisories', '');
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/\[USAGE\]\n$/);
  });
});

describe.skipIf(!HAVE_DATA)(
  HAVE_DATA
    ? 'tcbscope sbom --advisories of every shared lock file against the OCaml security advisories'
    : 'tcbscope sbom --advisories of the shared lock files: SKIPPED, ../shared/data not found',
  () => {
    it('validates and lists the vulnerability ids `tcbscope audit` reports', async () => {
      let total = 0;
      for (const lock of LOCKS) {
        const out = path.join(work, `${path.basename(path.dirname(lock))}-${path.basename(lock)}.json`);
        const deps = await run(...lockDepsArgs(lock, out));
        expect(deps.code, lock).toBe(0);
        const audit = JSON.parse(
          (await run('audit', out, '--advisories', OSV_DIR, '--json')).stdout,
        ) as AuditResult;
        const r = await run('sbom', out, '--advisories', OSV_DIR);
        expect(r.code, lock).toBe(0);
        expect(await validator.validate(r.stdout), lock).toBeNull();
        const bom = JSON.parse(r.stdout) as CdxBom;
        const ids = [...new Set(audit.matches.map((m) => m.id))].sort();
        expect((bom.vulnerabilities ?? []).map((v) => v.id).sort(), lock).toEqual(ids);
        expect(bomRows(bom), lock).toEqual(auditRows(audit));
        total += ids.length;
      }
      expect(total).toBeGreaterThan(0);
    });
  },
);
