import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MANIFEST_SCHEMA, MANIFEST_VERSION } from '../../analyzer/model/manifest.js';
import type { Dependencies, Diagnostic, Manifest, ProvenanceInput } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { parseOpamLock, readOpamLock } from '../../builder/opam/read-opam-lock.js';
import { readOpamRepo } from '../../builder/opam/read-opam-repo.js';
import type { OpamFileLookup } from '../../builder/opam/read-opam-repo.js';
import { readSwitchExport } from '../../builder/opam/read-switch-export.js';
import type { Command, CliIo } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { readInputFile, sha256Hex } from '../../pipeline/io/read-input-file.js';
import { readToolVersion } from '../../pipeline/io/tool-version.js';
import { writeFileAtomic } from '../../pipeline/io/write-file-atomic.js';

const USAGE =
  'tcbscope deps (--lock FILE | --switch-export FILE) [--opam-repo DIR]... [--root-opam FILE] [--out FILE] [--json]';

/** Options of `deps`, as the user gives them (paths as typed; resolved against the working folder). */
export interface DepsOptions {
  lock?: string;
  switchExport?: string;
  opamRepos: string[];
  /** The unikernel's own opam file (`mirage/<name>-<target>.opam`); by default the lock's sibling without `.locked`, if present. */
  rootOpam?: string;
}

export const depsCommand: Command = {
  name: 'deps',
  summary: 'read opam metadata (lock file or switch export) into a manifest with the dependency graph',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        lock: { type: 'string' },
        'switch-export': { type: 'string' },
        'opam-repo': { type: 'string', multiple: true },
        'root-opam': { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    if (positionals.length > 0)
      throw new UserError('USAGE', `unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
    if ((values.lock === undefined) === (values['switch-export'] === undefined))
      throw new UserError('USAGE', `give exactly one of --lock and --switch-export; usage: ${USAGE}`);
    if (values['root-opam'] !== undefined && values.lock === undefined)
      throw new UserError('USAGE', `--root-opam goes with --lock; usage: ${USAGE}`);
    const manifest = buildDepsManifest(
      {
        lock: values.lock,
        switchExport: values['switch-export'],
        opamRepos: values['opam-repo'] ?? [],
        rootOpam: values['root-opam'],
      },
      io,
      ['deps', ...args],
    );
    if (values.out) writeFileAtomic(resolve(io.cwd, values.out), JSON.stringify(manifest, null, 1) + '\n');
    const summary = summarizeDependencies(manifest);
    io.stdout.write(values.json ? JSON.stringify(summary) + '\n' : renderSummary(summary));
    for (const d of manifest.diagnostics)
      if (d.severity === 'warning')
        io.stderr.write(`warning: ${d.file ? `${d.file}: ` : ''}${d.message} [${d.code}]\n`);
    return 0;
  },
};

/** Reads the metadata named by `options` and returns a valid metadata-only manifest (no image: empty regions, fileSize 0). */
export function buildDepsManifest(options: DepsOptions, io: Pick<CliIo, 'cwd'>, command: string[]): Manifest {
  const inputs: ProvenanceInput[] = [];
  const readText = (path: string, role: string): string => {
    const bytes = readInputFile(resolve(io.cwd, path));
    inputs.push({ role, path, sha256: sha256Hex(bytes), size: bytes.byteLength });
    return bytes.toString('utf8');
  };
  const lookup =
    options.opamRepos.length > 0
      ? createOpamRepoLookup(
          options.opamRepos.map((dir) => resolve(io.cwd, dir)),
          options.opamRepos,
          (path, bytes) =>
            inputs.push({ role: 'opam-file', path, sha256: sha256Hex(bytes), size: bytes.byteLength }),
        )
      : undefined;
  let name: string;
  let target = 'unknown';
  let targetEvidence = 'none';
  let result: { dependencies: Dependencies; diagnostics: Diagnostic[] };
  try {
    if (options.lock !== undefined) {
      const text = readText(options.lock, 'opam-lock');
      const lock = parseOpamLock(text, options.lock);
      const rootOpamPath = options.rootOpam ?? siblingRootOpam(resolve(io.cwd, options.lock), options.lock);
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
      result = read;
      // `opam.export` says nothing about the switch: name it after its folder instead.
      const abs = resolve(io.cwd, path);
      name =
        basename(abs) === 'opam.export' ? basename(dirname(abs)) : basename(abs).replace(/\.export$/, '');
    }
  } catch (error) {
    throw error instanceof UserError ? error.inFile(options.lock ?? options.switchExport ?? '') : error;
  }
  return {
    schema: MANIFEST_SCHEMA,
    version: MANIFEST_VERSION,
    kind: 'image',
    identity: {
      name,
      target,
      targetEvidence,
      arch: 'unknown',
      format: 'metadata',
      fileSize: 0,
      memorySize: 0,
      sha256: '',
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
  return existsSync(absLock.replace(/\.locked$/, '')) ? lock.replace(/\.locked$/, '') : undefined;
}

/**
 * Opam files looked up lazily in repository folders (layout `packages/NAME/NAME.VERSION/opam`),
 * first folder first. `shown` are the folders as the user typed them, for messages and provenance.
 */
export function createOpamRepoLookup(
  dirs: string[],
  shown: string[],
  onRead?: (path: string, bytes: Buffer) => void,
): OpamFileLookup {
  dirs.forEach((dir, i) => {
    if (!existsSync(join(dir, 'packages')) || !statSync(join(dir, 'packages')).isDirectory()) {
      throw new UserError('FILE_NOT_FOUND', 'not an opam repository (no packages/ folder)', {
        file: shown[i] ?? dir,
      });
    }
  });
  return (pkg, version) => {
    // Names and versions come from the metadata: refuse ones that would leave the repository folder.
    if (/[/\\]|^\.\.?$/.test(pkg) || /[/\\]/.test(version)) return undefined;
    for (const [i, dir] of dirs.entries()) {
      const path = join(dir, 'packages', pkg, `${pkg}.${version}`, 'opam');
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      const file = join(shown[i] ?? dir, 'packages', pkg, `${pkg}.${version}`, 'opam');
      onRead?.(file, bytes);
      return { text: bytes.toString('utf8'), file };
    }
    return undefined;
  };
}

/** The counts `deps` prints. */
export interface DepsSummary {
  name: string;
  target: string;
  roots: string[];
  packages: number;
  vendored: number;
  /** Non-root packages not vendored: taken from the opam switch. */
  switchProvided: number;
  buildOnly: number;
  resolved: number;
  edges: number;
  edgesByKind: Record<string, number>;
  unresolved: string[];
  warnings: number;
}

/** Counts over a manifest's dependency graph. */
export function summarizeDependencies(manifest: Manifest): DepsSummary {
  const deps = manifest.dependencies;
  const roots = new Set(deps.roots);
  const edgesByKind: Record<string, number> = {};
  for (const edge of deps.edges) edgesByKind[edge.kind] = (edgesByKind[edge.kind] ?? 0) + 1;
  return {
    name: manifest.identity.name,
    target: manifest.identity.target,
    roots: deps.roots,
    packages: deps.packages.length,
    vendored: deps.packages.filter((p) => p.vendored === true).length,
    switchProvided: deps.packages.filter((p) => p.vendored !== true && !roots.has(p.name)).length,
    buildOnly: deps.packages.filter((p) => p.buildOnly).length,
    resolved: deps.packages.filter((p) => p.resolved).length,
    edges: deps.edges.length,
    edgesByKind: Object.fromEntries(Object.entries(edgesByKind).sort(([a], [b]) => (a < b ? -1 : 1))),
    unresolved: deps.unresolved,
    warnings: manifest.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

function renderSummary(s: DepsSummary): string {
  const kinds = Object.entries(s.edgesByKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `${s.name} (target ${s.target})`,
    `  roots:      ${s.roots.join(', ')}`,
    `  packages:   ${s.packages} (vendored ${s.vendored}, from the switch ${s.switchProvided}, build-only ${s.buildOnly}, with an opam file ${s.resolved})`,
    `  edges:      ${s.edges} (${kinds || 'none'})`,
    `  unresolved: ${s.unresolved.length === 0 ? 'none' : s.unresolved.join(', ')}`,
    '',
  ].join('\n');
}
