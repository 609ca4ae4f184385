/**
 * A path relative to the working folder when it lies inside it, else as given: what a person
 * reading a report in that folder can paste. Pure string work on the absolute, normalised paths the
 * pipeline resolves (reports/ has no `node:path`).
 */
export function showPath(cwd: string | undefined, path: string): string {
  if (cwd === undefined || cwd === '') return path;
  const prefix = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return path.startsWith(prefix) && path.length > prefix.length ? path.slice(prefix.length) : path;
}
