import { resolve } from 'node:path';
import { diffBuilds, type BuildDiff } from '../analyzer/diff-builds.js';
import { diffManifests, type ManifestDiff } from '../analyzer/diff-manifests.js';
import { isFolder } from './io/list-folder.js';
import { readGateSide, type GateDatabase, type GateSide } from './read-gate-side.js';
import { readManifestFile } from './read-manifest-file.js';

/** Options of `tcbscope diff`, as the user gives them. */
export interface DiffOptions {
  /** The older side: a manifest, a folder of per-target manifests, or `db:JOB[@BUILD]`. */
  base: string;
  /** The newer side, in the same forms. */
  head: string;
}

/**
 * Reads both sides and diffs them. Two manifest files are compared as they are, whatever their
 * targets (the unix build beside the js build of one program is a question people ask); as soon as
 * one side is a folder or a stored build, the builds are compared target by target.
 */
export async function runDiff(
  options: DiffOptions,
  cwd: string,
  db: GateDatabase,
): Promise<ManifestDiff | BuildDiff> {
  if (isManifestFile(cwd, options.base) && isManifestFile(cwd, options.head))
    return diffManifests(
      readManifestFile(resolve(cwd, options.base), options.base),
      readManifestFile(resolve(cwd, options.head), options.head),
    );
  const base = await readSide(cwd, options.base, 'BASE', db);
  const head = await readSide(cwd, options.head, 'HEAD', db);
  return diffBuilds(base, head);
}

function isManifestFile(cwd: string, spec: string): boolean {
  return !spec.startsWith('db:') && !isFolder(resolve(cwd, spec), spec);
}

function readSide(cwd: string, spec: string, argument: 'BASE' | 'HEAD', db: GateDatabase): Promise<GateSide> {
  return readGateSide(cwd, spec, argument, db, 'DIFF_INPUT');
}
