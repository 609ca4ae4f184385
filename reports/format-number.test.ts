import { describe, expect, it } from 'vitest';
import { figure } from '../analyzer/diff-manifests.js';
import {
  TYPOGRAPHIC_MINUS,
  formatBytes,
  formatCount,
  formatDelta,
  formatPercent,
  formatRatio,
  formatRelative,
  formatSeconds,
  formatShare,
  formatShareOf,
  formatSignedPercent,
} from './format-number.js';

// Truth for grouping and rounding: ICU's en-US formats (the module itself must not use them).
const en = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const signed = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
/** The percentage rule in ICU's terms: one decimal from 1% up, two significant digits below. */
function icuPercent(fraction: number, sign: 'auto' | 'exceptZero'): string {
  const pct = 100 * fraction;
  const digits =
    pct !== 0 && Math.abs(pct) < 1
      ? { minimumSignificantDigits: 2, maximumSignificantDigits: 2 }
      : { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  return `${new Intl.NumberFormat('en-US', { ...digits, signDisplay: sign, useGrouping: false }).format(pct)}%`;
}

describe('formatCount and formatDelta group digits as en-US does, without ICU', () => {
  it.each([0, 7, 999, 1000, 12345, -3480, 9502032, -9309307, 2 ** 40, 1234.6])('%d', (n) => {
    expect(formatCount(n)).toBe(en.format(n));
    expect(formatDelta(n)).toBe(signed.format(n));
  });
  it.each([
    [0, '0'],
    [999, '999'],
    [9502032, '9,502,032'],
    [-0.4, '0'], // ICU says -0
  ])('formatCount(%d) = %s', (n, text) => expect(formatCount(n)).toBe(text));
  it.each([
    [0, '0'],
    [1024, '+1,024'],
    [-3480, '-3,480'],
  ])('formatDelta(%d) = %s', (n, text) => expect(formatDelta(n)).toBe(text));
  it.each([
    [0, '0'],
    [1024, '+1,024'],
    [-9309306, '−9,309,306'],
  ])('formatDelta(%d, TYPOGRAPHIC_MINUS) = %s (the pages)', (n, text) =>
    expect(formatDelta(n, TYPOGRAPHIC_MINUS)).toBe(text),
  );
});

describe('formatBytes: binary units, three significant figures, exact below 1 KiB', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.00 KiB'],
    [1536, '1.50 KiB'],
    [9502032, '9.06 MiB'], // 9502032 / 1048576 = 9.0618...
    [3 * 1024 ** 3, '3.00 GiB'],
    [5 * 1024 ** 4, '5.00 TiB'],
  ])('formatBytes(%d) = %s', (n, text) => expect(formatBytes(n)).toBe(text));
});

describe('percentages: one decimal from 1%, two significant digits below, so small shares stay visible', () => {
  it.each([
    [0, '0.0%'],
    [1, '100.0%'],
    [0.0668, '6.7%'],
    [0.483, '48.3%'],
    [0.01, '1.0%'],
    [0.0067, '0.67%'],
    [0.0003, '0.030%'],
    [0.000012, '0.0012%'],
    [2.5e-9, '0.00000025%'],
    [-0.194, '-19.4%'],
  ])('formatPercent(%d) = %s', (fraction, text) => {
    expect(formatPercent(fraction)).toBe(text);
    if (Math.abs(fraction) >= 1e-8) expect(formatPercent(fraction)).toBe(icuPercent(fraction, 'auto'));
  });
  it.each([
    [0.125, '+12.5%'],
    [-0.194, '-19.4%'],
    [0.0063, '+0.63%'],
    [0.000001, '+0.00010%'],
    [0, '0.0%'],
  ])('formatSignedPercent(%d) = %s', (fraction, text) => {
    expect(formatSignedPercent(fraction)).toBe(text);
    expect(formatSignedPercent(fraction)).toBe(icuPercent(fraction, 'exceptZero'));
  });
  it.each([
    [0.0668, '6.7%'],
    [1, '100.0%'],
    [null, '–'],
    [undefined, '–'],
    [Number.NaN, '–'],
  ])('formatShare(%s) = %s', (share, text) => expect(formatShare(share)).toBe(text));
  it('formatShareOf gives 0.0% of nothing rather than NaN', () => {
    expect(formatShareOf(3, 0)).toBe('0.0%');
    expect(formatShareOf(1, 3)).toBe('33.3%');
  });
});

describe('formatRatio: percent below 10, a multiple from 10 up', () => {
  it.each([
    [null, 'n/a'],
    [0.0003, '0.030%'],
    [0.042, '4.2%'],
    [3.5, '350.0%'],
    [12.34, '12.3×'],
    [1024, '1,024.0×'],
  ])('formatRatio(%s) = %s', (ratio, text) => expect(formatRatio(ratio)).toBe(text));
});

describe('formatRelative: the change of a diff figure', () => {
  it.each([
    [17976, 14496],
    [19064, 19184],
    [9502032, 192725],
    [1_000_000, 1_000_001],
    [5, 5],
  ])('%d → %d as a signed percentage', (base, head) => {
    expect(formatRelative(figure(base, head))).toBe(icuPercent((head - base) / base, 'exceptZero'));
  });
  it.each([
    [17976, 14496, '-19.4%'],
    [19064, 19184, '+0.63%'],
    [1_000_000, 1_000_001, '+0.00010%'],
  ])('%d → %d is %s', (base, head, text) => expect(formatRelative(figure(base, head))).toBe(text));
  it('says "new" for growth from nothing and 0.0% for nothing to nothing', () => {
    expect(formatRelative(figure(0, 10))).toBe('new');
    expect(formatRelative(figure(0, 0))).toBe('0.0%');
  });
});

describe('formatSeconds', () => {
  it.each([
    [0, '0.0 s'],
    [1234, '1.2 s'],
    [61_080, '61.1 s'],
  ])('formatSeconds(%d) = %s', (ms, text) => expect(formatSeconds(ms)).toBe(text));
});
