import { basename, dirname, resolve } from 'node:path';
import { createManifestHeader } from '../analyzer/model/create-manifest-header.js';
import type { Dependencies, Diagnostic, Manifest, ProvenanceInput } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { parseOpamLock, readOpamLock } from '../builder/opam/read-opam-lock.js';
import { readOpamRepo } from '../builder/opam/read-opam-repo.js';
import { readSwitchExport } from '../builder/opam/read-switch-export.js';
import { createOpamRepoLookup } from './io/opam-repo-lookup.js';
import { fileExists, readInputFile, sha256Hex } from './io/read-input-file.js';
import { readToolVersion } from './io/tool-version.js';

/** Options of `deps`, as the user gives them (paths as typed; resolved against the working folder). */
export interface DepsOptions {
  lock?: string;
  switchExport?: string;
  opamRepos: string[];
  /** The unikernel's own opam file (`mirage/<name>-<target>.opam`); by default the lock's sibling without `.locked`, if present. */
  rootOpam?: string;
}

/** Reads the metadata named by `options` and returns a valid metadata-only manifest (no image: empty regions, fileSize 0). */
export function buildDepsManifest(options: DepsOptions, cwd: string, command: string[]): Manifest {
  const inputs: ProvenanceInput[] = [];
  const readText = (path: string, role: string): string => {
    const bytes = readInputFile(resolve(cwd, path));
    inputs.push({ role, path, sha256: sha256Hex(bytes), size: bytes.byteLength });
    return bytes.toString('utf8');
  };
  const lookup =
    options.opamRepos.length > 0
      ? createOpamRepoLookup(
          options.opamRepos.map((dir) => resolve(cwd, dir)),
          options.opamRepos,
          (path, bytes) =>
            inputs.push({ role: 'opam-file', path, sha256: sha256Hex(bytes), size: bytes.byteLength }),
        )
      : undefined;
  let name: string;
  // A metadata-only manifest has no image: its identity hash is that of the file it was read from.
  let sha256: string;
  let target = 'unknown';
  let targetEvidence = 'none';
  let result: { dependencies: Dependencies; diagnostics: Diagnostic[] };
  try {
    if (options.lock !== undefined) {
      const text = readText(options.lock, 'opam-lock');
      sha256 = (inputs.at(-1) as ProvenanceInput).sha256;
      const lock = parseOpamLock(text, options.lock);
      const rootOpamPath = options.rootOpam ?? siblingRootOpam(resolve(cwd, options.lock), options.lock);
      const rootOpam =
        rootOpamPath !== undefined
          ? { text: readText(rootOpamPath, 'opam-root'), file: rootOpamPath }
          : undefined;
      result = lookup
        ? readOpamRepo(lock, lookup, rootOpam ? { rootOpam } : {})
        : readOpamLock(text, options.lock);
      name = lock.roots[0] ?? basename(options.lock).replace(/\.opam\.locked$/, '');
      if (lock.target !== undefined) [target, targetEvidence] = [lock.target, 'lock-file-name'];
    } else {
      const path = options.switchExport as string;
      const read = readSwitchExport(readText(path, 'opam-switch-export'), path, lookup ? { lookup } : {});
      sha256 = (inputs.at(-1) as ProvenanceInput).sha256;
      result = read;
      // `opam.export` says nothing about the switch: name it after its folder instead.
      const abs = resolve(cwd, path);
      name =
        basename(abs) === 'opam.export' ? basename(dirname(abs)) : basename(abs).replace(/\.export$/, '');
    }
  } catch (error) {
    throw error instanceof UserError ? error.inFile(options.lock ?? options.switchExport ?? '') : error;
  }
  return {
    ...createManifestHeader('image'),
    identity: {
      name,
      target,
      targetEvidence,
      arch: 'unknown',
      format: 'metadata',
      fileSize: 0,
      memorySize: 0,
      sha256,
      stripped: false,
    },
    regions: [],
    attribution: {
      packages: [],
      units: [],
      leaves: { name: [], region: [], address: [], offset: [], fileSize: [], memSize: [], unit: [] },
    },
    dependencies: result.dependencies,
    platform: { needed: [] },
    provenance: {
      tool: 'tcbscope',
      toolVersion: readToolVersion(),
      command,
      environment: {},
      inputs: inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    },
    diagnostics: result.diagnostics,
  };
}

/** mirage writes `<name>-<target>.opam` next to `<name>-<target>.opam.locked`: the root's own depends. */
function siblingRootOpam(absLock: string, lock: string): string | undefined {
  if (!lock.endsWith('.opam.locked')) return undefined;
  return fileExists(absLock.replace(/\.locked$/, '')) ? lock.replace(/\.locked$/, '') : undefined;
}
