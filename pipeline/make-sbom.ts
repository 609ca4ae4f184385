import { UserError } from '../analyzer/model/user-error.js';
import { renderCycloneDxJson } from '../reports/sbom/build-cyclonedx-bom.js';
import { readInputFile, sha256Hex } from './io/read-input-file.js';
import { readAdvisoryFolder } from './read-advisory-folder.js';
import { readManifestFile } from './read-manifest-file.js';

/** Options of `tcbscope sbom`, as the user gives them. */
export interface SbomRunOptions {
  /** The manifest file (path as given, resolved against the working folder by the caller). */
  manifest: string;
  /** How the user named it in messages. */
  shown: string;
  /**
   * `SOURCE_DATE_EPOCH` (seconds since 1970, reproducible-builds.org's convention): the only source
   * of `metadata.timestamp`; without it the SBOM has no timestamp and is the same on every run.
   */
  sourceDateEpoch?: string;
  /** `--advisories`: a folder of OSV files (or one file) whose matches become the vulnerabilities. */
  advisories?: { path: string; shown: string };
}

/** What `tcbscope sbom` produced: the CycloneDX JSON and the figures a summary line shows. */
export interface SbomRun {
  json: string;
  serialNumber: string;
  components: number;
  /** Vulnerabilities listed (one per matching advisory), when advisories were given. */
  vulnerabilities?: number;
}

/**
 * Reads and checks the manifest (and the advisories, every one validated before anything is
 * written), hashes the input for the serial number, and renders the SBOM.
 */
export function makeSbom(options: SbomRunOptions): SbomRun {
  const manifest = readManifestFile(options.manifest, options.shown);
  const manifestSha256 = sha256Hex(readInputFile(options.manifest));
  const timestamp = resolveTimestamp(options.sourceDateEpoch);
  const advisories =
    options.advisories !== undefined
      ? readAdvisoryFolder(options.advisories.path, options.advisories.shown)
      : undefined;
  // Without advisories the serial number stays the manifest's own; with them it also covers the
  // advisories read, so that a BOM with other vulnerabilities never shares a serial number.
  const inputSha256 =
    advisories === undefined
      ? manifestSha256
      : sha256Hex(Buffer.from(`${manifestSha256}\n${JSON.stringify(advisories)}`, 'utf8'));
  const json = renderCycloneDxJson(manifest, {
    inputSha256,
    ...(timestamp !== undefined ? { timestamp } : {}),
    ...(advisories !== undefined ? { advisories } : {}),
  });
  const doc = JSON.parse(json) as {
    serialNumber: string;
    components?: unknown[];
    vulnerabilities?: unknown[];
  };
  const run: SbomRun = {
    json,
    serialNumber: doc.serialNumber,
    components: doc.components?.length ?? 0,
  };
  if (advisories !== undefined) run.vulnerabilities = doc.vulnerabilities?.length ?? 0;
  return run;
}

function resolveTimestamp(epoch: string | undefined): Date | undefined {
  if (epoch === undefined || epoch === '') return undefined;
  if (!/^\d+$/.test(epoch))
    throw new UserError(
      'USAGE',
      `SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got ${JSON.stringify(epoch)}`,
    );
  return new Date(Number(epoch) * 1000);
}
