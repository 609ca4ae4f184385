import { UserError } from '../analyzer/model/user-error.js';
import { renderCycloneDxJson } from '../reports/sbom/build-cyclonedx-bom.js';
import { readInputFile, sha256Hex } from './io/read-input-file.js';
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
}

/** What `tcbscope sbom` produced: the CycloneDX JSON and the figures a summary line shows. */
export interface SbomRun {
  json: string;
  serialNumber: string;
  components: number;
}

/** Reads and checks the manifest, hashes its bytes for the serial number, and renders the SBOM. */
export function makeSbom(options: SbomRunOptions): SbomRun {
  const manifest = readManifestFile(options.manifest, options.shown);
  const manifestSha256 = sha256Hex(readInputFile(options.manifest));
  const timestamp = resolveTimestamp(options.sourceDateEpoch);
  const json = renderCycloneDxJson(manifest, {
    manifestSha256,
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
  const doc = JSON.parse(json) as { serialNumber: string; components?: unknown[] };
  return { json, serialNumber: doc.serialNumber, components: doc.components?.length ?? 0 };
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
