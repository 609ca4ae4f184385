import { getField, parseDeb822 } from './parse-deb822.js';

/**
 * The licence of a Debian package from its `/usr/share/doc/<package>/copyright`, when that file is
 * machine-readable (DEP-5, it starts with a `Format:` field): the short name on the first line of
 * the `License` field of the `Files: *` paragraph, which covers the package's upstream files.
 * Free-form copyright files, and machine-readable ones without a `Files: *` paragraph, give
 * undefined: the licence is then unknown rather than guessed from prose.
 */
export function readDebianCopyrightLicence(text: string): string | undefined {
  if (!/^Format:/i.test(text)) return undefined;
  let paragraphs;
  try {
    paragraphs = parseDeb822(text);
  } catch {
    return undefined; // hand-edited files often break deb822 somewhere in the licence texts
  }
  const all = paragraphs.find((p) => (getField(p, 'Files') ?? '').trim() === '*');
  const licence = all ? getField(all, 'License')?.split('\n')[0]?.trim() : undefined;
  return licence === undefined || licence === '' ? undefined : licence;
}
