import { describe, expect, it } from 'vitest';
import type { LoadedAdvisory } from '../../analyzer/advisories/osv-advisory.js';
import { inspectSolo5 } from '../../test/support/solo5-build.js';
import type { AdvisoriesResponse, UnitDetailResponse } from '../../web/server/api-types.js';
import { buildReportData } from './build-report-data.js';

describe('buildReportData with advisories', () => {
  // The hvt fixture's program package, given the version and origin a dpkg listing would give it,
  // and an advisory that lists exactly that version.
  const m = structuredClone(inspectSolo5('solo5-hvt'));
  const pkg = m.dependencies.packages.find((p) => p.name === 'solo5-hvt');
  if (pkg) Object.assign(pkg, { version: '0.9.0-1', origin: 'dpkg' });
  const advisory: LoadedAdvisory = {
    file: 'osv/TEST-1.json',
    advisory: {
      id: 'TEST-1',
      modified: '2026-01-01T00:00:00Z',
      summary: 'listed version',
      affected: [{ package: { ecosystem: 'Debian', name: 'solo5-hvt' }, versions: ['0.9.0-1'] }],
    },
  };

  it('embeds each image’s matches, as the served endpoint answers them', () => {
    const data = buildReportData([m], undefined, { folder: 'osv', advisories: [advisory] });
    const body = data.responses['/api/images/1/advisories'] as AdvisoriesResponse;
    expect(pkg).toBeDefined();
    expect(body.folder).toBe('osv');
    expect(body.matches.map((x) => [x.id, x.package, x.version, x.range])).toEqual([
      ['TEST-1', 'solo5-hvt', '0.9.0-1', 'listed in versions'],
    ]);
  });

  it('embeds no advisories without a folder, and a panel for every unit with file bytes', () => {
    const data = buildReportData([m], undefined);
    expect(data.responses['/api/images/1/advisories']).toEqual({
      advisories: 0,
      checked: 0,
      unchecked: 0,
      matches: [],
    });
    m.attribution.units.forEach((u, i) => {
      const panel = data.responses[`/api/images/1/units/${i}/detail`] as UnitDetailResponse | undefined;
      expect(panel?.detail.name).toBe(u.fileSize > 0 ? u.name : undefined);
    });
  });
});
