import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { BUILD_TARGETS } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import schema from './build-config.schema.json' with { type: 'json' };
import { readInputFile, sha256Hex } from './io/read-input-file.js';

/** Metadata a target's build leaves, as written in the configuration (paths relative to its folder). */
export interface BuildMetadataConfig {
  dpkg?: string;
  installLists?: string[];
  findlib?: string[];
  findlibPredicates?: string[];
  runtimeFiles?: string[];
  buildTools?: string[];
  opamLock?: string;
  opamRepos?: string[];
  rootOpam?: string;
}

/** One target as written in `tcbscope.config.json`; see cli/BUILD.md. */
export interface BuildTargetConfig {
  command: string[];
  shell?: boolean;
  cwd?: string;
  env?: Record<string, string>;
  target?: string;
  kind?: 'elf' | 'js';
  image: string;
  map?: string;
  sourceMap?: string;
  metadata?: BuildMetadataConfig;
}

/** The configuration file as written. */
export interface BuildConfig {
  name: string;
  outDir?: string;
  targets: Record<string, BuildTargetConfig>;
}

/** One target with defaults filled in and every path absolute. */
export interface ResolvedBuildTarget {
  /** The target's key in the configuration. */
  key: string;
  target: string;
  kind: 'elf' | 'js';
  command: string[];
  shell: boolean;
  cwd: string;
  env: Record<string, string>;
  image: string;
  map?: string;
  sourceMap?: string;
  metadata: BuildMetadataConfig;
}

/** The configuration after validation: absolute paths, selected targets in file order. */
export interface ResolvedBuildConfig {
  file: string;
  sha256: string;
  /** Bytes of the configuration file, for provenance. */
  size: number;
  name: string;
  outDir: string;
  targets: ResolvedBuildTarget[];
  /** Every target key in the file (for messages). */
  allTargets: string[];
}

// Compiled on first use, so that other commands do not pay for it at start-up.
let check: ValidateFunction<BuildConfig> | undefined;

/**
 * Reads and validates a build configuration, then resolves it: `selected` limits the targets (unknown
 * names are a CONFIG_BAD error), `outDir` overrides the file's (relative to `cwd`).
 * @throws UserError CONFIG_BAD naming the file and the JSON position or key.
 */
export function readBuildConfig(
  path: string,
  options: { selected?: string[]; outDir?: string; cwd: string },
): ResolvedBuildConfig {
  const bytes = readInputFile(path);
  const text = bytes.toString('utf8');
  const doc = parseJson(text, path);
  check ??= new Ajv({ allErrors: false, strict: true }).compile<BuildConfig>(schema);
  if (!check(doc)) {
    const e = check.errors?.[0];
    const extra =
      e?.keyword === 'additionalProperties'
        ? ` "${(e.params as { additionalProperty?: string }).additionalProperty}"`
        : e?.keyword === 'enum'
          ? ` (${(e.params as { allowedValues?: unknown[] }).allowedValues?.map((v) => JSON.stringify(v)).join(', ')})`
          : '';
    throw new UserError(
      'CONFIG_BAD',
      `${e?.instancePath || '/'}: ${e?.message ?? 'does not match the schema'}${extra}`,
      { file: path },
    );
  }
  const base = dirname(path);
  const abs = (p: string, from = base): string => (isAbsolute(p) ? p : resolve(from, p));
  const allTargets = Object.keys(doc.targets);
  const selected = options.selected ?? allTargets;
  const unknown = selected.filter((t) => !allTargets.includes(t));
  if (unknown.length > 0) {
    throw new UserError(
      'CONFIG_BAD',
      `--targets names ${unknown.map((t) => `"${t}"`).join(', ')}, not in the configuration (targets: ${allTargets.join(', ')})`,
      { file: path, at: '/targets' },
    );
  }
  const targets = allTargets
    .filter((key) => selected.includes(key))
    .map((key): ResolvedBuildTarget => {
      const t = doc.targets[key] as BuildTargetConfig;
      const m = t.metadata ?? {};
      const target = t.target ?? key;
      if (!(BUILD_TARGETS as readonly string[]).includes(target)) {
        throw new UserError(
          'CONFIG_BAD',
          `/targets/${key}${t.target !== undefined ? '/target' : ''}: unknown target "${target}" (known: ${BUILD_TARGETS.join(', ')}; set "target" when the key is another name)`,
          { file: path },
        );
      }
      if (m.findlib !== undefined && m.dpkg === undefined)
        throw new UserError(
          'CONFIG_BAD',
          `/targets/${key}/metadata: findlib needs dpkg (the dpkg info folder that maps findlib packages to Debian packages)`,
          { file: path },
        );
      if (m.findlib !== undefined && m.opamLock !== undefined)
        throw new UserError(
          'CONFIG_BAD',
          `/targets/${key}/metadata: give findlib or opamLock, not both (one dependency graph per target)`,
          { file: path },
        );
      if (m.opamRepos !== undefined && m.opamLock === undefined)
        throw new UserError('CONFIG_BAD', `/targets/${key}/metadata: opamRepos goes with opamLock`, {
          file: path,
        });
      const metadata: BuildMetadataConfig = { ...m };
      if (m.dpkg !== undefined) metadata.dpkg = abs(m.dpkg);
      if (m.installLists) metadata.installLists = m.installLists.map((p) => abs(p));
      if (m.runtimeFiles) metadata.runtimeFiles = m.runtimeFiles.map((p) => abs(p));
      if (m.opamLock !== undefined) metadata.opamLock = abs(m.opamLock);
      if (m.opamRepos) metadata.opamRepos = m.opamRepos.map((p) => abs(p));
      if (m.rootOpam !== undefined) metadata.rootOpam = abs(m.rootOpam);
      const resolved: ResolvedBuildTarget = {
        key,
        target,
        kind: t.kind ?? (t.image.endsWith('.js') ? 'js' : 'elf'),
        command: t.command,
        shell: t.shell ?? false,
        cwd: abs(t.cwd ?? '.'),
        env: t.env ?? {},
        image: abs(t.image),
        metadata,
      };
      if (t.map !== undefined) resolved.map = abs(t.map);
      if (t.sourceMap !== undefined) resolved.sourceMap = abs(t.sourceMap);
      return resolved;
    });
  const outDir =
    options.outDir !== undefined ? abs(options.outDir, options.cwd) : abs(doc.outDir ?? 'manifests');
  return {
    file: path,
    sha256: sha256Hex(bytes),
    size: bytes.byteLength,
    name: doc.name,
    outDir,
    targets,
    allTargets,
  };
}

/** JSON.parse with the error turned into CONFIG_BAD at a line and column. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const m = /at position (\d+)/.exec(message);
    const offset = m ? Number(m[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    const location: { file: string; offset?: number; line?: number; column?: number } = { file };
    if (offset !== undefined) {
      const before = text.slice(0, offset);
      location.line = before.split('\n').length;
      location.column = offset - before.lastIndexOf('\n');
    }
    throw new UserError(
      'CONFIG_BAD',
      `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}`,
      location,
    );
  }
}
