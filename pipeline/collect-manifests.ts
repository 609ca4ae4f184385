import { basename, join, resolve } from 'node:path';
import type { Manifest } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { isFolder, listFolder } from './io/list-folder.js';
import { readManifestFile } from './read-manifest-file.js';

/** Image manifests that make one build, and the job they belong to. */
export interface CollectedBuild {
  job: string;
  images: { manifest: Manifest; source: string }[];
}

/** What a list of paths holds: builds of image manifests, and stack manifests. */
export interface CollectedManifests {
  builds: CollectedBuild[];
  stacks: { manifest: Manifest; source: string }[];
}

/**
 * Reads and validates every manifest the paths name, before anything is written:
 * - manifest files given one by one form one build together (job: `job`, else their common name);
 * - a folder of `*.json` is one build (job: `job`, else the folder's name), the layout
 *   `tcbscope build` writes per image (`manifests/<name>/<target>.json`);
 * - a folder of such folders is one build per sub-folder (the `manifests/` folder itself);
 * - stack manifests anywhere are stacks, not targets.
 */
export function collectManifests(
  cwd: string,
  paths: readonly string[],
  job: string | undefined,
): CollectedManifests {
  const out: CollectedManifests = { builds: [], stacks: [] };
  const loose: { manifest: Manifest; source: string }[] = [];
  for (const shown of paths) {
    const path = resolve(cwd, shown);
    if (!isFolder(path, shown)) {
      loose.push({ manifest: readManifestFile(path, shown), source: shown });
      continue;
    }
    const before = out.builds.length + out.stacks.length;
    const entries = listFolder(path);
    const files = entries.filter((e) => e.kind === 'file' && e.name.endsWith('.json'));
    const folders = entries.filter((e) => e.kind === 'folder');
    if (files.length > 0) {
      addBuild(
        out,
        job ?? basename(path),
        readAll(
          files.map((f) => join(shown, f.name)),
          cwd,
        ),
      );
    } else {
      for (const folder of folders) {
        const inner = listFolder(join(path, folder.name))
          .filter((e) => e.kind === 'file' && e.name.endsWith('.json'))
          .map((e) => e.name);
        if (inner.length > 0)
          addBuild(
            out,
            job ?? folder.name,
            readAll(
              inner.map((n) => join(shown, folder.name, n)),
              cwd,
            ),
          );
      }
    }
    if (out.builds.length + out.stacks.length === before)
      throw new UserError('USAGE', 'the folder holds no manifests (*.json)', { file: shown });
  }
  if (loose.length > 0) {
    const names = [
      ...new Set(loose.filter((m) => m.manifest.kind === 'image').map((m) => m.manifest.identity.name)),
    ].sort();
    if (job === undefined && names.length > 1) {
      throw new UserError(
        'USAGE',
        `the image manifests name ${names.length} images (${names.join(', ')}); pass --job NAME to ingest them as one build`,
      );
    }
    addBuild(out, job ?? names[0] ?? '', loose);
  }
  return out;
}

function addBuild(
  out: CollectedManifests,
  job: string,
  manifests: { manifest: Manifest; source: string }[],
): void {
  const images = manifests.filter((m) => m.manifest.kind === 'image');
  out.stacks.push(...manifests.filter((m) => m.manifest.kind === 'stack'));
  if (images.length > 0) out.builds.push({ job, images });
}

function readAll(shown: readonly string[], cwd: string): { manifest: Manifest; source: string }[] {
  return shown.map((s) => ({ manifest: readManifestFile(resolve(cwd, s), s), source: s }));
}
