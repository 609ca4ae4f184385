/** Whole numbers with thousands separators, as the CLI prints them (`9,502,032`). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Bytes in binary units with three significant figures (`9.06 MiB`), exact below 1 KiB. */
export function formatBytes(n: number): string {
  const units = ['KiB', 'MiB', 'GiB'];
  if (Math.abs(n) < 1024) return `${n} B`;
  let value = n / 1024;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toPrecision(3)} ${units[unit]}`;
}

/** A share as a percentage with one decimal; a dash when there is no share to give. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share)
    ? '–'
    : `${(share * 100).toFixed(1)}%`;
}

/** A signed byte delta (`+1,024`, `−512`, `0`) for comparison tables. */
export function formatDelta(n: number): string {
  if (n === 0) return '0';
  return `${n > 0 ? '+' : '−'}${formatCount(Math.abs(n))}`;
}
