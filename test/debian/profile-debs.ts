import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { builtFile, type Need } from '../support/test-needs.js';
import { DEB_CACHE } from './deb-cache.js';

/** What fetches a profile's pinned .debs into the cache (scripts/fetch-stack-debs.mjs through the test setup). */
export const FETCH_PROFILE_DEBS = 'npm run test:setup, or node scripts/fetch-stack-debs.mjs PROFILE';

/**
 * The cached .deb of each named package of a stack profile, at its pool file name, with the
 * profile's SHA256. The test setup fetches them, so under CI=true a missing one fails the test
 * instead of skipping it.
 */
export function profileDebNeeds(m: Manifest, names: string[]): { debs: Map<string, string>; needs: Need[] } {
  const debs = new Map<string, string>();
  const needs: Need[] = [];
  for (const name of names) {
    const input = m.provenance.inputs.find(
      (i) => i.role === 'deb' && basename(i.path).startsWith(`${name}_`),
    );
    const path = join(DEB_CACHE, basename(input?.path ?? `${name}_missing.deb`));
    const ok = input !== undefined && existsSync(path) && sha256(path) === input.sha256;
    needs.push({ ...builtFile(path, FETCH_PROFILE_DEBS), ok });
    debs.set(name, path);
  }
  return { debs, needs };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
