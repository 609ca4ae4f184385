import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { ProvenanceInput } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { buildInstallIndex, type InstallList } from '../../builder/attribution/install-index.js';
import {
  buildFindlibDependencies,
  type FindlibDependencies,
  type FindlibMetaSource,
} from '../../builder/findlib/findlib-dependencies.js';
import { readDpkgStatus, readInstalledLicence } from './read-dpkg-status.js';
import { sha256Hex } from './read-input-file.js';
import { readInstallLists } from './read-install-lists.js';

/** Options of {@link readFindlibDependencies}: what the build names and where the system keeps its metadata. */
export interface ReadFindlibOptions {
  program: string;
  packages: string[];
  /** Default `['native']`. */
  predicates?: string[];
  /** dpkg info folder (`/var/lib/dpkg/info`); its `../status` gives versions. */
  dpkgInfoDir: string;
  /** Already-read install lists of that folder, to save reading them twice. */
  installLists?: InstallList[];
  /** Files every program links; default the standard library archive and, for native code, `libasmrun.a`. */
  runtimeFiles?: string[];
  /** Executables the build runs, looked up on `PATH`. */
  buildTools?: string[];
  /** What ties a findlib package to a Debian package: link archives (native) or sources (js). Default archives. */
  ownerFiles?: 'archives' | 'sources';
  env: Record<string, string | undefined>;
}

/** The graph and the files it was read from (for provenance). */
export interface ReadFindlibResult extends FindlibDependencies {
  inputs: ProvenanceInput[];
  /** The findlib search path and standard library folder used. */
  searchPath: string[];
  stdlibDir: string;
}

/**
 * Reads findlib's configuration (through `ocamlfind printconf`, so `OCAMLFIND_CONF` and `OCAMLPATH`
 * apply as in the build), the META files of the closure, dpkg's install lists and status, and builds
 * the findlib+dpkg dependency graph.
 */
export function readFindlibDependencies(options: ReadFindlibOptions): ReadFindlibResult {
  const predicates = options.predicates ?? ['native'];
  const searchPath = runOcamlfind(['printconf', 'path'], options.env)
    .split('\n')
    .filter((l) => l.length > 0);
  const stdlibDir = runOcamlfind(['printconf', 'stdlib'], options.env).trim();
  const inputs: ProvenanceInput[] = [];
  const lookupMeta = (top: string): FindlibMetaSource | undefined => {
    for (const dir of searchPath) {
      for (const [file, pkgDir] of [
        [join(dir, top, 'META'), join(dir, top)],
        [join(dir, `META.${top}`), dir],
      ] as const) {
        if (!existsSync(file)) continue;
        const bytes = readFileSync(file);
        inputs.push({ role: 'findlib-meta', path: file, sha256: sha256Hex(bytes), size: bytes.byteLength });
        return { text: bytes.toString('utf8'), file, dir: pkgDir };
      }
    }
    return undefined;
  };
  const lists = options.installLists ?? readInstallLists(options.dpkgInfoDir);
  const statusFile = join(options.dpkgInfoDir, '..', 'status');
  const dpkgStatus = readDpkgStatus(statusFile);
  const native = predicates.includes('native');
  const runtimeFiles =
    options.runtimeFiles ??
    (native
      ? [join(stdlibDir, 'libasmrun.a'), join(stdlibDir, 'stdlib.a')]
      : [join(stdlibDir, 'stdlib.cma')]);
  const toolFiles = (options.buildTools ?? []).map((tool) => findExecutable(tool, options.env));
  const result = buildFindlibDependencies({
    program: options.program,
    packages: options.packages,
    predicates,
    lookupMeta,
    stdlibDir,
    install: buildInstallIndex(lists),
    dpkgStatus,
    runtimeFiles,
    toolFiles,
    ownerFiles: options.ownerFiles ?? 'archives',
  });
  // Licences come from the packages' own copyright files, where those are machine-readable.
  for (const p of result.dependencies.packages) {
    const licence =
      p.origin === 'findlib+dpkg' ? readInstalledLicence(options.dpkgInfoDir, p.name) : undefined;
    if (licence !== undefined) p.licence = licence;
  }
  return {
    ...result,
    inputs: inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    searchPath,
    stdlibDir,
  };
}

function runOcamlfind(args: string[], env: Record<string, string | undefined>): string {
  try {
    return execFileSync('ocamlfind', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new UserError(
      'CONFIG_BAD',
      `metadata.findlib needs ocamlfind, which failed: ${(error as Error).message.split('\n')[0]}`,
      { at: 'ocamlfind' },
    );
  }
}

/**
 * The first `PATH` entry holding `tool`, as a path dpkg knows: its lists hold `/usr/bin/gcc` (a symlink),
 * not the file the link points to, and merged /usr is handled by the install index. An absolute path is kept;
 * a tool not found stays a bare name (then no package owns it, which becomes a diagnostic).
 */
export function findExecutable(tool: string, env: Record<string, string | undefined>): string {
  if (tool.includes('/')) return tool;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir.length > 0 && existsSync(join(dir, tool))) return join(dir, tool);
  }
  return tool;
}
