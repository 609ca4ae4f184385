/** The first `top` items of a list (all of them without a limit) and how many were left out. */
export function limitRows<T>(items: readonly T[], top: number | undefined): { rows: T[]; hidden: number } {
  const n = top ?? items.length;
  return { rows: items.slice(0, n), hidden: Math.max(0, items.length - n) };
}

/** The line that stands for the rows a limit left out: `... and 84 more`. */
export function describeHidden(hidden: number, ellipsis = '...'): string {
  return `${ellipsis} and ${hidden} more`;
}
