import { describe, expect, it } from 'vitest';
import { compareOpamVersions } from '../../builder/opam/compare-opam-versions.js';
import { findAffectedRange } from './affected-range.js';
import type { OsvEvent } from './osv-advisory.js';

// Cases follow the OSV schema's evaluation of ECOSYSTEM ranges; versions use opam's order
// (`~` before the end: 5~beta1 < 5).
const TWO_INTERVALS: OsvEvent[] = [
  { introduced: '5' },
  { fixed: '5.4.1' },
  { introduced: '0' },
  { fixed: '4.14.3' },
];
const CASES: [string, OsvEvent[], string | undefined][] = [
  ['4.14.2', TWO_INTERVALS, '>= 0, < 4.14.3'],
  ['4.14.3', TWO_INTERVALS, undefined],
  ['5~beta1', TWO_INTERVALS, undefined],
  ['5.2.0', TWO_INTERVALS, '>= 5, < 5.4.1'],
  ['5.4.1', TWO_INTERVALS, undefined],
  ['1.2', [{ introduced: '1.0' }, { last_affected: '1.2' }], '>= 1.0, <= 1.2'],
  ['1.2.1', [{ introduced: '1.0' }, { last_affected: '1.2' }], undefined],
  ['0.9', [{ introduced: '1.0' }], undefined],
  ['7.0', [{ introduced: '1.0' }], '>= 1.0'],
  ['2.0', [{ introduced: '0' }, { limit: '2.0' }], undefined],
];

describe('findAffectedRange', () => {
  it.each(CASES)('%s in %j', (version, events, expected) => {
    const hit = findAffectedRange(
      version,
      { package: { ecosystem: 'opam', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events }] },
      compareOpamVersions,
    );
    expect(hit?.range).toBe(expected);
  });

  it('falls back to the versions list, and never reads GIT ranges as versions', () => {
    const affected = {
      package: { ecosystem: 'opam', name: 'x' },
      ranges: [{ type: 'GIT' as const, events: [{ introduced: '0' }, { fixed: 'abc123' }] }],
      versions: ['1.0'],
    };
    expect(findAffectedRange('1.0', affected, compareOpamVersions)).toEqual({
      range: 'listed in versions',
      at: 'versions',
    });
    expect(findAffectedRange('1.1', affected, compareOpamVersions)).toBeUndefined();
  });
});
