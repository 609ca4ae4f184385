import { measureCodeLanguages } from './measure-code-languages.js';
import type { Diagnostic, Language, Manifest } from './model/manifest.js';
import type { ImageSummary } from './summarize-image.js';

/** What a reviewer audits beside the bytes: the manifest's own records of how it was made and what it found. */
export interface ImageAudit {
  diagnostics: Diagnostic[];
  provenance: Manifest['provenance'];
  platform: Manifest['platform'];
  /** GNU build-id (lowercase hex), when the image has one. */
  buildId?: string;
  stripped: boolean;
  /** How the target was established (`solo5-abi-note`, `config`, ...). */
  targetEvidence: string;
  /** Code bytes by the language of the unit holding them (`unknown`: no evidence names the language). */
  codeLanguages: Partial<Record<Language, number>>;
}

/** The audit records of one manifest, for the image page (served or in a report file). */
export function describeImageAudit(m: Manifest): ImageAudit {
  const audit: ImageAudit = {
    diagnostics: m.diagnostics,
    provenance: m.provenance,
    platform: m.platform,
    stripped: m.identity.stripped,
    targetEvidence: m.identity.targetEvidence,
    codeLanguages: measureCodeLanguages(m),
  };
  if (m.identity.buildId !== undefined) audit.buildId = m.identity.buildId;
  return audit;
}

/**
 * Each package's version: the attribution's, else the dependency graph's. A js bundle's
 * attribution names packages from its source map without versions, while its graph, read
 * from the build's metadata, has them; a reviewer needs the version wherever it is known.
 */
export function readPackageVersions(m: Manifest): Map<string, string> {
  const versions = new Map<string, string>();
  for (const p of m.dependencies.packages) if (p.version !== undefined) versions.set(p.name, p.version);
  for (const p of m.attribution.packages) if (p.version !== undefined) versions.set(p.name, p.version);
  return versions;
}

/** The summary's package rows with every version the manifest knows (a new summary; the given one is not changed). */
export function addGraphVersions(summary: ImageSummary, m: Manifest): ImageSummary {
  const versions = readPackageVersions(m);
  return {
    ...summary,
    packages: summary.packages.map((p) => {
      const version = p.version ?? versions.get(p.name);
      return version === undefined ? p : { ...p, version };
    }),
  };
}
