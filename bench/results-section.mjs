// One benchmark script's section of bench/RESULTS.md: the text between `<!-- NAME:start -->` and
// `<!-- NAME:end -->`. Each script replaces only its own section, so hand-written text around the
// sections (and the other scripts' sections) is kept.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `body` between the markers named `name` in `file`. Without the markers, `whenMissing`
 * gets the file's text ('' when there is no file) and the marked section, and returns the new text.
 */
export function writeResultsSection(file, name, body, whenMissing) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const marked = `${start}\n${body.endsWith('\n') ? body : `${body}\n`}${end}`;
  let next;
  if (from === -1 && to === -1) {
    next = whenMissing(text, marked);
  } else if (
    from === -1 ||
    to < from ||
    text.indexOf(start, from + 1) !== -1 ||
    text.indexOf(end, to + 1) !== -1
  ) {
    throw new Error(`${file}: the markers ${start} and ${end} must each appear once, in that order`);
  } else {
    next = text.slice(0, from) + marked + text.slice(to + end.length);
  }
  writeFileSync(file, next);
}

/**
 * Writes one benchmark's report into its section `name` of ROOT/bench/RESULTS.md; without the
 * markers the section goes at the end of the file, under `## heading` (a bench run with --write
 * before its section existed).
 */
export function writeBenchSection(root, name, heading, report) {
  writeResultsSection(
    join(root, 'bench/RESULTS.md'),
    name,
    report,
    (text, section) => `${text.trimEnd()}${text.trim() === '' ? '' : '\n\n'}## ${heading}\n\n${section}\n`,
  );
}
