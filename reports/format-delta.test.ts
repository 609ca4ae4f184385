import { describe, expect, it } from 'vitest';
import { figure } from '../analyzer/diff-manifests.js';
import { formatCount, formatDelta, formatRelative } from './format-delta.js';

describe('format-delta (truth: Intl.NumberFormat en-US)', () => {
  const en = new Intl.NumberFormat('en-US');
  const signed = new Intl.NumberFormat('en-US', { signDisplay: 'exceptZero' });
  it.each([0, 7, 999, 1000, 12345, -3480, 9502032, -9309307, 2 ** 40])(
    'groups %d as en-US does, signed and unsigned',
    (n) => {
      expect(formatCount(n)).toBe(en.format(n));
      expect(formatDelta(n)).toBe(signed.format(n));
    },
  );
  it.each([
    [17976, 14496],
    [19064, 19184],
    [9502032, 192725],
    [1_000_000, 1_000_001],
    [5, 5],
  ])(
    'shows %d → %d as a signed percentage with one decimal (two significant digits below 0.05%%)',
    (base, head) => {
      const pct = (100 * (head - base)) / base;
      const tiny = pct !== 0 && Math.abs(pct) < 0.05;
      const digits = tiny
        ? { minimumSignificantDigits: 2, maximumSignificantDigits: 2 }
        : { minimumFractionDigits: 1, maximumFractionDigits: 1 };
      const pf = new Intl.NumberFormat('en-US', { ...digits, signDisplay: 'exceptZero', useGrouping: false });
      expect(formatRelative(figure(base, head))).toBe(`${pf.format(pct)}%`);
    },
  );
  it('says "new" for growth from nothing and 0.0% for nothing to nothing', () => {
    expect(formatRelative(figure(0, 10))).toBe('new');
    expect(formatRelative(figure(0, 0))).toBe('0.0%');
  });
});
