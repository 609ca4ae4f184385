import type { Manifest } from '../model/manifest.js';
import { auditManifest } from './audit-result.js';
import type { AdvisoryMatch } from './match-advisories.js';
import type { LoadedAdvisory } from './osv-advisory.js';

/**
 * The advisories an image page shows: those of a folder that affect the image's packages at
 * their versions, most severe first, with what was compared. `folder` is absent when no
 * advisories were given (the page then says how to give them).
 */
export interface ImageAdvisories {
  folder?: string;
  /** Advisory files read. */
  advisories: number;
  /** Packages compared (with an ecosystem and a version), and packages that could not be. */
  checked: number;
  unchecked: number;
  matches: AdvisoryMatch[];
}

/** Advisories given to the web report or a report file: the folder as the user named it and its files. */
export interface GivenAdvisories {
  folder: string;
  advisories: LoadedAdvisory[];
}

/**
 * What the image page shows about advisories, through the same matcher and verdict as
 * `tcbscope audit`, so the served page, the report file and the CLI agree on every match.
 */
export function describeImageAdvisories(m: Manifest, given: GivenAdvisories | undefined): ImageAdvisories {
  if (!given) return { advisories: 0, checked: 0, unchecked: 0, matches: [] };
  const result = auditManifest(m, given.advisories, {
    manifest: m.identity.name,
    advisoryFolder: given.folder,
  });
  return {
    folder: given.folder,
    advisories: result.advisories,
    checked: result.checked,
    unchecked: result.unchecked.length,
    matches: result.matches,
  };
}
