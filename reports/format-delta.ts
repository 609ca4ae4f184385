import type { DiffFigure } from '../analyzer/diff-manifests.js';

/** `1234567` → `1,234,567`: grouped by hand, so the output does not depend on the ICU data Node was built with. */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A signed delta: `+1,024`, `-3,480`, `0`. */
export function formatDelta(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}

/** The relative change of a figure: `+12.5%`, `-19.4%`, `0.0%`, `+0.00010%` (two significant digits below 0.05%); `new` when the base was 0 and the head is not. */
export function formatRelative(f: DiffFigure): string {
  if (f.relative === null) return f.head === 0 ? '0.0%' : 'new';
  const pct = 100 * f.relative;
  // Keep small but real changes visible (two significant digits) instead of rounding them to 0.0%.
  const text = Math.abs(pct) > 0 && Math.abs(pct) < 0.05 ? pct.toPrecision(2) : pct.toFixed(1);
  return pct > 0 ? `+${text}%` : `${text}%`;
}
