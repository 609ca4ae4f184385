/**
 * The one place numbers become text, for every reporter and for the web client (which bundles
 * this file): counts, bytes, percentages, ratios, deltas and durations.
 *
 * Nothing here calls `toLocaleString` or `Intl`: the output must not depend on the ICU data Node
 * (or the browser) was built with, so that reports are byte-for-byte reproducible.
 */

/** The minus sign for shrinking figures on a page (U+2212); terminals and Markdown keep the ASCII `-`. */
export const TYPOGRAPHIC_MINUS = '\u2212';

/** Inserts `,` between groups of three digits of a string of digits (`1234567` → `1,234,567`). */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A whole number with thousands separators (`9,502,032`, `-3,480`); fractions are rounded. */
export function formatCount(n: number): string {
  const rounded = Math.round(n);
  // Math.round(-0.4) is -0, which must print as 0, not -0.
  if (rounded === 0) return '0';
  return (rounded < 0 ? '-' : '') + groupDigits(String(Math.abs(rounded)));
}

/**
 * A signed change of a count: `+1,024`, `-3,480`, `0`. `minus` replaces the ASCII `-` (pass
 * {@link TYPOGRAPHIC_MINUS} on a page).
 */
export function formatDelta(n: number, minus = '-'): string {
  const rounded = Math.round(n);
  if (rounded === 0) return '0';
  return `${rounded > 0 ? '+' : minus}${formatCount(Math.abs(rounded))}`;
}

const BINARY_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes in binary units with three significant figures (`9.06 MiB`), exact below 1 KiB (`1023 B`). */
export function formatBytes(n: number): string {
  if (Math.abs(n) < 1024) return `${n} B`;
  let value = n / 1024;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toPrecision(3)} ${BINARY_UNITS[unit]}`;
}

/**
 * The digits of a percentage `pct` (already × 100), unsigned: one decimal from 1% up (`6.7`,
 * `48.3`, `100.0`), two significant digits below (`0.67`, `0.030`, `0.0012`) so that a small but
 * real share never rounds to `0.0`; exactly zero is `0.0`.
 */
function percentDigits(pct: number): string {
  const a = Math.abs(pct);
  if (a === 0) return '0.0';
  if (a >= 1) return a.toFixed(1);
  const text = a.toPrecision(2);
  // toPrecision switches to exponent notation below 1e-6; spell those out with toFixed.
  return text.includes('e') ? a.toFixed(1 - Math.floor(Math.log10(a))) : text;
}

/** A fraction as a percentage: `0.0668` → `6.7%`, `0.0003` → `0.030%`, `1` → `100.0%`, `0` → `0.0%`. */
export function formatPercent(fraction: number): string {
  const pct = 100 * fraction;
  return `${pct < 0 ? '-' : ''}${percentDigits(pct)}%`;
}

/** A signed percentage for changes: `+12.5%`, `-19.4%`, `+0.63%`, `0.0%`. */
export function formatSignedPercent(fraction: number): string {
  const pct = 100 * fraction;
  return `${pct > 0 ? '+' : pct < 0 ? '-' : ''}${percentDigits(pct)}%`;
}

/** A share (part ÷ whole, already divided) as a percentage; a dash when there is no share to give. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '–' : formatPercent(share);
}

/** `part` as a share of `whole` (`0.0%` when the whole is empty). */
export function formatShareOf(part: number, whole: number): string {
  return formatPercent(whole === 0 ? 0 : part / whole);
}

/**
 * A ratio (image ÷ stack): a percentage below 10 (`4.2%`, `0.030%`, `350.0%`), a multiple from 10
 * up (`12.3×`, `1,024.0×`); `n/a` when there is no ratio (the divisor was 0).
 */
export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return 'n/a';
  if (ratio < 10) return formatPercent(ratio);
  const [whole = '0', fraction = '0'] = ratio.toFixed(1).split('.');
  return `${groupDigits(whole)}.${fraction}×`;
}

/** The two figures of a change and its relative size (`delta ÷ base`, null when the base is 0). */
export interface RelativeChange {
  head: number;
  relative: number | null;
}

/** The relative change of a figure (`+12.5%`, `-19.4%`, `+0.00010%`); `new` when it grew from 0. */
export function formatRelative(change: RelativeChange): string {
  if (change.relative === null) return change.head === 0 ? '0.0%' : 'new';
  return formatSignedPercent(change.relative);
}

/** Milliseconds as seconds with one decimal (`12.3 s`). */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
