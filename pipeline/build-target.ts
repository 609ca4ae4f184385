import { join, relative } from 'node:path';
import type { Dependencies, Diagnostic, Manifest, ProvenanceInput } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { validateManifest } from '../analyzer/validate-manifest.js';
import type { InstallList } from '../builder/attribution/install-index.js';
import { isPseudoPackage } from '../analyzer/model/is-pseudo-package.js';
import { joinDependencyBytes } from '../builder/build/join-dependency-bytes.js';
import { buildDepsManifest } from './read-dependency-metadata.js';
import { inspectImageHashingAside, inspectJs } from './inspect-file.js';
import type { ResolvedBuildConfig, ResolvedBuildTarget } from './read-build-config.js';
import { readBuildEnvironment } from './io/read-build-environment.js';
import { readFindlibDependencies } from './io/read-findlib-dependencies.js';
import { fileExists, readInputFile, sha256Hex } from './io/read-input-file.js';
import { readInstallLists } from './io/read-install-lists.js';
import { runBuildCommand } from './io/run-build-command.js';
import { readToolVersion } from './io/tool-version.js';
import { removeFile, writeFileAtomic } from './io/write-file-atomic.js';

/** How a build shows its progress (the CLI draws a bar or prints lines); never results. */
export interface BuildProgress {
  start(target: string): void;
  /** A line of the target's build output (the bar shows the latest; plain mode stays quiet). */
  line(target: string, text: string): void;
  step(target: string, what: string): void;
  finish(target: string, status: 'ok' | 'failed', detail: string): void;
  stop(): void;
}

/** How one target went: what `build --json` reports per target. */
export interface TargetOutcome {
  target: string;
  status: 'ok' | 'failed';
  /** Where the manifest was written (only when the target succeeded). */
  manifest?: string;
  log: string;
  durationMs: number;
  image?: string;
  fileSize?: number;
  /** Packages that put bytes into the image, and the dependency graph's size. */
  linkedPackages?: number;
  dependencyPackages?: number;
  warnings?: number;
  /** Why it failed: the command's exit status, or the error that stopped reading. */
  error?: string;
  /** The last lines of the build log, for a failed build command. */
  logTail?: string[];
}

/** Builds one target, reads what it produced and writes its manifest; a failure is returned, not thrown. */
export async function buildTarget(
  config: ResolvedBuildConfig,
  target: ResolvedBuildTarget,
  baseEnv: Record<string, string | undefined>,
  progress: BuildProgress,
): Promise<TargetOutcome> {
  const dir = join(config.outDir, config.name);
  const log = join(dir, `${target.key}.log`);
  const started = performance.now();
  const outcome = (rest: Omit<TargetOutcome, 'target' | 'log' | 'durationMs'>): TargetOutcome => ({
    target: target.key,
    log,
    durationMs: Math.round(performance.now() - started),
    ...rest,
  });
  const path = join(dir, `${target.key}.json`);
  // A manifest left by an earlier build must not pass for this one: if this build fails, the
  // folder then holds no manifest for the target, rather than a stale one that ingest would take.
  removeFile(path);
  progress.start(target.key);
  const env = { ...baseEnv, ...target.env };
  const run = await runBuildCommand({
    command: target.command,
    shell: target.shell,
    cwd: target.cwd,
    env,
    logFile: log,
    onLine: (line) => progress.line(target.key, line),
  });
  if (!run.ok) {
    const why =
      run.spawnError ?? (run.signal !== null ? `killed by ${run.signal}` : `exit status ${run.exitCode}`);
    return outcome({ status: 'failed', error: `build command failed (${why})`, logTail: run.tail });
  }
  try {
    if (!fileExists(target.image))
      throw new UserError('BUILD_FAILED', 'the build command succeeded but did not produce the image', {
        file: target.image,
      });
    progress.step(target.key, 'reading the image');
    const manifest = await readTargetManifest(config, target, env, progress);
    const text = JSON.stringify(manifest);
    validateManifest(JSON.parse(text), path);
    writeFileAtomic(path, text + '\n');
    return outcome({
      status: 'ok',
      manifest: path,
      image: target.image,
      fileSize: manifest.identity.fileSize,
      linkedPackages: manifest.attribution.packages.filter((p) => !isPseudoPackage(p.name) && p.fileSize > 0)
        .length,
      dependencyPackages: manifest.dependencies.packages.length,
      warnings: manifest.diagnostics.filter((d) => d.severity === 'warning').length,
    });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return outcome({ status: 'failed', error: error.message });
  }
}

/** The image's manifest with the build's dependency graph joined in and the build's provenance. */
async function readTargetManifest(
  config: ResolvedBuildConfig,
  target: ResolvedBuildTarget,
  env: Record<string, string | undefined>,
  progress: BuildProgress,
): Promise<Manifest> {
  const m = target.metadata;
  const metaDirs = [...(m.dpkg !== undefined ? [m.dpkg] : []), ...(m.installLists ?? [])];
  const quiet = (line: string): void => progress.step(target.key, line.trim());
  let lists: InstallList[] | undefined;
  const readLists = (): InstallList[] => (lists ??= metaDirs.flatMap((d) => readInstallLists(d)));
  const manifest =
    target.kind === 'js'
      ? await inspectJs(
          {
            image: target.image,
            sourceMap: target.sourceMap,
            meta: metaDirs,
            installLists: readLists(),
            name: config.name,
          },
          quiet,
        )
      : // The image's hash on another thread beside its parse, as `inspect` does.
        await inspectImageHashingAside(
          {
            image: target.image,
            map: target.map,
            meta: metaDirs,
            installLists: readLists(),
            name: config.name,
            target: target.target,
          },
          quiet,
        );
  const inputs: ProvenanceInput[] = [
    { role: 'config', path: config.file, sha256: config.sha256, size: config.size },
    ...manifest.provenance.inputs,
  ];
  const diagnostics: Diagnostic[] = [...manifest.diagnostics];
  let graph: Dependencies | undefined;
  if (m.findlib !== undefined) {
    progress.step(target.key, 'reading findlib and dpkg metadata');
    const dpkg = m.dpkg as string;
    const found = readFindlibDependencies({
      program: config.name,
      packages: m.findlib,
      predicates: m.findlibPredicates ?? (target.kind === 'js' ? ['byte'] : ['native']),
      dpkgInfoDir: dpkg,
      installLists:
        m.installLists === undefined || m.installLists.length === 0 ? readLists() : readInstallLists(dpkg),
      runtimeFiles: m.runtimeFiles,
      buildTools: m.buildTools,
      ownerFiles: target.kind === 'js' ? 'sources' : 'archives',
      env,
    });
    graph = found.dependencies;
    diagnostics.push(...found.diagnostics);
    inputs.push(...found.inputs, hashInput('dpkg-status', join(dpkg, '..', 'status')));
  } else if (m.opamLock !== undefined) {
    progress.step(target.key, 'reading the opam lock file');
    const deps = buildDepsManifest(
      {
        lock: m.opamLock,
        opamRepos: m.opamRepos ?? [],
        ...(m.rootOpam !== undefined ? { rootOpam: m.rootOpam } : {}),
      },
      target.cwd,
      [],
    );
    graph = deps.dependencies;
    diagnostics.push(...deps.diagnostics);
    inputs.push(...deps.provenance.inputs);
  }
  if (graph) {
    const joined = joinDependencyBytes(manifest.attribution.packages, graph);
    manifest.dependencies = joined.dependencies;
    diagnostics.push(...joined.diagnostics);
  }
  manifest.diagnostics = diagnostics.sort((a, b) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : a.message < b.message ? -1 : 1,
  );
  const tools = [
    'ocamlopt',
    'findlib',
    'gcc',
    'ld',
    ...(target.kind === 'js' ? ['js_of_ocaml'] : []),
    ...(m.opamLock !== undefined ? ['mirage', 'opam'] : []),
  ];
  // The download sizes of a js target depend on the compression settings inspect used: keep them.
  const { brotliQuality, gzipLevel } = manifest.provenance.environment;
  manifest.provenance = {
    tool: 'tcbscope',
    toolVersion: readToolVersion(),
    command: target.shell ? ['/bin/sh', '-c', target.command.join(' ')] : target.command,
    environment: {
      ...readBuildEnvironment(env, tools),
      cwd: relative(config.file.replace(/[^/]*$/, ''), target.cwd) || '.',
      config: config.file,
      configSha256: config.sha256,
      configTarget: target.key,
      ...(brotliQuality !== undefined ? { brotliQuality } : {}),
      ...(gzipLevel !== undefined ? { gzipLevel } : {}),
    },
    inputs: dedupeInputs(inputs),
  };
  return manifest;
}

function hashInput(role: string, path: string): ProvenanceInput {
  const bytes = readInputFile(path);
  return { role, path, sha256: sha256Hex(bytes), size: bytes.byteLength };
}

function dedupeInputs(inputs: ProvenanceInput[]): ProvenanceInput[] {
  const seen = new Map<string, ProvenanceInput>();
  for (const input of inputs)
    if (!seen.has(`${input.role}\u0000${input.path}`)) seen.set(`${input.role}\u0000${input.path}`, input);
  return [...seen.values()];
}
