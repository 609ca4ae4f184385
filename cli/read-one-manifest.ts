import { UserError } from '../analyzer/model/user-error.js';

/**
 * The one MANIFEST positional of a command that reads a single manifest (audit, sbom); anything
 * else is a USAGE error that counts what was given, so a stray second path is caught, not ignored.
 */
export function readOneManifest(positionals: readonly string[], usage: string): string {
  const [manifest] = positionals;
  if (positionals.length !== 1 || manifest === undefined)
    throw new UserError(
      'USAGE',
      `expected one MANIFEST, got ${positionals.length} argument(s); usage: ${usage}`,
    );
  return manifest;
}
