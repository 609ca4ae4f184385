import { resolve } from 'node:path';
import type { SeverityLevel } from '../analyzer/advisories/advisory-severity.js';
import { auditManifest, type AuditResult } from '../analyzer/advisories/audit-result.js';
import { readAdvisoryFolder } from './read-advisory-folder.js';
import { readManifestFile } from './read-manifest-file.js';

/** Options of `tcbscope audit`, as the user gives them. */
export interface AuditRunOptions {
  /** The manifest file. */
  manifest: string;
  /** A folder of OSV JSON files (searched recursively), or one OSV file. */
  advisories: string;
  /** Fail (exit 1) when a match is at or above this level. */
  failOn?: SeverityLevel;
}

/** Reads the manifest and every advisory (all validated before anything is matched) and audits. */
export function runAudit(options: AuditRunOptions, cwd: string): AuditResult {
  const manifest = readManifestFile(resolve(cwd, options.manifest), options.manifest);
  const advisories = readAdvisoryFolder(resolve(cwd, options.advisories), options.advisories);
  return auditManifest(manifest, advisories, {
    manifest: options.manifest,
    advisoryFolder: options.advisories,
    ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
  });
}
