/**
 * `tcbscope report --advisories` in Markdown and JSON: advisories this test writes against the
 * Debian package a fixture links (its version read from dpkg-query), and the report's matches
 * checked against what `tcbscope audit --json` prints for the same manifest and folder.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../analyzer/advisories/audit-result.js';
import type { ReportJson } from '../../reports/report-file/report-formats.js';
import {
  installedVersion,
  missingForTallyCrcAdvisories,
  writeTallyCrcManifest,
  ZLIB_PACKAGE as PACKAGE,
} from '../support/advisory-test-setup.js';
import { runCli } from '../cli/run-cli.js';

const missing = missingForTallyCrcAdvisories();

const dir = mkdtempSync(join(tmpdir(), 'tcbscope-report-adv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(missing.length > 0)(
  missing.length === 0
    ? `tcbscope report --advisories (md, json) on tally-crc against ${PACKAGE}`
    : `tcbscope report --advisories: SKIPPED, needs ${missing.join(' and ')}`,
  () => {
    let manifest = '';
    let folder = '';
    let version = '';
    let audit: AuditResult;
    beforeAll(async () => {
      manifest = join(dir, 'tally-crc.json');
      writeTallyCrcManifest(manifest);
      version = installedVersion(PACKAGE);
      folder = join(dir, 'osv');
      mkdirSync(folder);
      const osv = (id: string, affected: object, extra: object = {}) => ({
        schema_version: '1.6.0',
        id,
        modified: '2026-01-01T00:00:00Z',
        affected: [{ package: { ecosystem: 'Debian', name: PACKAGE }, ...affected }],
        ...extra,
      });
      // One that lists the installed version (with a name that would break a table), one that does not.
      writeFileSync(
        join(folder, 'hit.json'),
        JSON.stringify(osv('TEST-HIT', { versions: [version] }, { summary: 'a | pipe and `tick`' })),
      );
      writeFileSync(
        join(folder, 'miss.json'),
        JSON.stringify(osv('TEST-MISS', { versions: [`${version}+later1`] })),
      );
      const r = await runCli(['audit', manifest, '--advisories', folder, '--json'], dir);
      expect(r.code, r.stderr).toBe(0);
      audit = JSON.parse(r.stdout) as AuditResult;
      expect(audit.matches.map((x) => [x.id, x.package, x.version])).toEqual([
        ['TEST-HIT', PACKAGE, version],
      ]);
    });

    it('JSON: images[].advisories holds the matches tcbscope audit --json prints', async () => {
      const out = join(dir, 'report.json');
      const r = await runCli(
        ['report', manifest, '--advisories', folder, '--format', 'json', '-o', out],
        dir,
      );
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(out, 'utf8')) as ReportJson;
      const found = doc.images[0]?.advisories;
      expect(found?.matches).toEqual(audit.matches);
      expect(found?.checked).toBe(audit.checked);
      expect(found?.advisories).toBe(2);
    });

    it('Markdown: one row per match, names as code spans, the same ids, packages and versions', async () => {
      const out = join(dir, 'report.md');
      const r = await runCli(['report', manifest, '--advisories', folder, '--format', 'md', '-o', out], dir);
      expect(r.code, r.stderr).toBe(0);
      const tokens = new MarkdownIt().parse(readFileSync(out, 'utf8'), {});
      const rows: string[][] = [];
      let row: string[] | undefined;
      let inTable = false;
      for (const t of tokens) {
        if (t.type === 'table_open') inTable = true;
        else if (t.type === 'table_close') inTable = false;
        else if (t.type === 'tr_open') row = [];
        else if (t.type === 'tr_close' && row && inTable) rows.push(row);
        else if (t.type === 'inline' && row && inTable) {
          // A cell's text: a code span's content, as a reader sees it.
          const code = t.children?.find((c) => c.type === 'code_inline');
          row.push(code ? code.content : t.content);
        }
      }
      const table = rows.filter((x) => x.length === 7);
      const head = table.findIndex((x) => x[0] === 'advisory' && x[6] === 'summary');
      expect(head).toBeGreaterThanOrEqual(0);
      const matches = table.slice(head + 1, head + 1 + audit.matches.length);
      expect(matches.map((x) => [x[0], x[1], x[2]])).toEqual(
        audit.matches.map((m) => [m.id, m.package, m.version]),
      );
      // The pipe of the summary did not split the row: seven cells, the last the summary.
      expect(matches[0]?.[6]).toContain('pipe');
    });
  },
);
