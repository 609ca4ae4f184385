import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkTools } from '../../test/support/test-needs.js';
import { compareOpamVersions } from './compare-opam-versions.js';

// The ordered example in the opam manual, section "Version Ordering".
const MANUAL_ORDER = [
  '~~',
  '~',
  '~beta2',
  '~beta10',
  '0.1',
  '1.0~beta',
  '1.0',
  '1.0-test',
  '1.0.1',
  '1.0.10',
  'dev',
  'trunk',
];

const dpkg = checkTools('dpkg');

describe('compareOpamVersions', () => {
  it('sorts the opam manual example sequence in its order', () => {
    for (let i = 0; i < MANUAL_ORDER.length; i++) {
      for (let j = 0; j < MANUAL_ORDER.length; j++) {
        const a = MANUAL_ORDER[i] as string;
        const b = MANUAL_ORDER[j] as string;
        expect(Math.sign(compareOpamVersions(a, b)), `${a} vs ${b}`).toBe(Math.sign(i - j));
      }
    }
  });

  it('puts letters before non-letters (manual: `z` < `#`) and compares digits as numbers', () => {
    expect(compareOpamVersions('z', '#')).toBeLessThan(0);
    expect(compareOpamVersions('1.010', '1.9')).toBeGreaterThan(0);
    expect(compareOpamVersions('007', '7')).toBe(0);
  });

  // dpkg implements the same ordering for upstream versions without ':' or '-'.
  const versions = [
    '4.14.2',
    '4.14.10',
    '3.15.2~dev',
    '3.15.2',
    '0.9.99~dev',
    '0.10.0',
    'v0.15.0',
    'v0.15.1',
    '1.2.0+dune',
    '1.2.0',
    'base',
    'base+dune',
    '5.2.0~alpha1',
    '5.2.0~~',
    '20220210',
    '1a',
    '1+a',
  ];
  it.skipIf(dpkg.skip)(dpkg.title('agrees with `dpkg --compare-versions` on real-looking versions'), () => {
    // Sort with our order, then let dpkg confirm every neighbour pair (a total order needs no more).
    const sorted = [...versions].sort(compareOpamVersions);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1] as string, sorted[i] as string];
      expect(
        () => execFileSync('dpkg', ['--compare-versions', `0:${a}`, 'lt', `0:${b}`], { stdio: 'ignore' }),
        `${a} < ${b}`,
      ).not.toThrow();
    }
  });
});
