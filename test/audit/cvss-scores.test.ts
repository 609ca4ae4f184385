/**
 * CVSS v3 base scores against independent figures: vectors whose scores the CVSS v3.1 specification
 * and NVD publish, and every CVSS v3 vector of ../shared/data's OCaml advisories beside the score its
 * authors wrote in the Markdown source (`severity_score:`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCvssV3BaseScore } from '../../analyzer/advisories/cvss-v3-score.js';
import { DATA, HAVE_DATA, listFiles } from '../opam/shared-data.js';

const PUBLISHED: [string, number][] = [
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5],
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:N', 0.0],
];

describe('computeCvssV3BaseScore', () => {
  it.each(PUBLISHED)('%s is %d', (vector, score) => {
    expect(computeCvssV3BaseScore(vector)).toEqual({ score });
  });

  it('names what is wrong with a vector that is not CVSS v3', () => {
    expect(computeCvssV3BaseScore('CVSS:4.0/AV:N')).toEqual({ error: expect.stringContaining('CVSS:3.0') });
    expect(computeCvssV3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')).toEqual({
      error: 'base metric A is missing',
    });
    expect(computeCvssV3BaseScore('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toEqual({
      error: expect.stringContaining('AV:X'),
    });
  });
});

const markdown = HAVE_DATA
  ? listFiles(path.join(DATA, 'advisories/advisories')).filter((f) => f.endsWith('.md'))
  : [];

describe.skipIf(!HAVE_DATA)(
  HAVE_DATA
    ? 'CVSS v3 scores of the OCaml security advisories'
    : 'CVSS v3 scores of the OCaml advisories: SKIPPED, ../shared/data not found',
  () => {
    it('equal the severity_score each advisory’s Markdown source gives', () => {
      let checked = 0;
      for (const file of markdown) {
        const text = readFileSync(file, 'utf8');
        const vector = /^severity: "(CVSS:3\.[01]\/[^"]+)"$/m.exec(text)?.[1];
        const written = /^severity_score: "([\d.]+)/m.exec(text)?.[1];
        if (vector === undefined || written === undefined) continue;
        expect(computeCvssV3BaseScore(vector), path.basename(file)).toEqual({ score: Number(written) });
        checked++;
      }
      // 24 of the 26 advisories carry a CVSS v3 vector (two carry CVSS v4).
      expect(checked).toBe(24);
    });
  },
);
