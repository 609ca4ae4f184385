import { execFileSync } from 'node:child_process';

/**
 * An independent reading of a Debian copyright file with awk: the first `License:` line of the
 * `Files: *` paragraph (`Files: *` on one line, or `Files:` with ` *` alone on the next).
 */
export function awkLicence(file: string): string {
  const script = [
    'p && /^[ \\t]+\\*[ \\t]*$/ { f = 1; p = 0; next }',
    '{ p = 0 }',
    '/^Files:[ \\t]*\\*[ \\t]*$/ { f = 1; next }',
    '/^Files:[ \\t]*$/ { f = 0; p = 1; next }',
    '/^Files:/ { f = 0 }',
    'f && /^License:/ { sub(/^License:[ \\t]*/, ""); print; exit }',
  ].join('\n');
  return execFileSync('awk', [script, file], { encoding: 'utf8' }).trim();
}
