/**
 * Matches a package or licence name against a budget pattern: `*` stands for any run of characters,
 * `?` for one, everything else for itself (no character classes: names are plain, patterns short).
 */
export function matchesNamePattern(name: string, pattern: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}

/** The first pattern that matches, or undefined. */
export function findMatchingPattern(name: string, patterns: readonly string[]): string | undefined {
  return patterns.find((p) => matchesNamePattern(name, p));
}
