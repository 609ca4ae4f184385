import { resolve } from 'node:path';
import type { Dependencies, EdgeKind } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { findDependencyPaths } from '../../analyzer/why.js';
import type { DependencyPath } from '../../analyzer/why.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { readInputText } from '../../pipeline/io/read-input-file.js';

const USAGE = 'tcbscope why PKG MANIFEST [--all] [--json]';
const EDGE_KINDS: ReadonlySet<string> = new Set<EdgeKind>([
  'runtime',
  'build',
  'test',
  'doc',
  'post',
  'dev',
  'pre-depends',
  'optional',
]);

export const whyCommand: Command = {
  name: 'why',
  summary: 'show the dependency paths from the roots to a package, with edge kinds',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      { all: { type: 'boolean' }, json: { type: 'boolean' } },
      USAGE,
    );
    const [pkg, manifestPath] = positionals;
    if (positionals.length !== 2 || pkg === undefined || manifestPath === undefined) {
      throw new UserError(
        'USAGE',
        `expected PKG and MANIFEST, got ${positionals.length} argument(s); usage: ${USAGE}`,
      );
    }
    const deps = readManifestDependencies(readInputText(resolve(io.cwd, manifestPath)), manifestPath);
    let paths: DependencyPath[];
    try {
      paths = findDependencyPaths(deps, pkg, { all: values.all === true });
    } catch (error) {
      throw error instanceof UserError ? error.inFile(manifestPath) : error;
    }
    if (values.json)
      io.stdout.write(
        JSON.stringify({ package: pkg, roots: deps.roots, all: values.all === true, paths }) + '\n',
      );
    else if (paths.length === 0)
      io.stdout.write(
        `${pkg} is in the graph, but no known edge leads to it from the roots (${deps.roots.join(', ')})\n`,
      );
    else io.stdout.write(paths.map(formatPath).join('\n') + '\n');
    return 0;
  },
};

/** `hello-hvt → mirage-solo5 (runtime) → solo5 (runtime)`. */
export function formatPath(path: DependencyPath): string {
  return path.path.map((step) => (step.kind ? `${step.name} (${step.kind})` : step.name)).join(' → ');
}

/**
 * The `dependencies` of any JSON document that carries one (a manifest, or `tcbscope deps` output),
 * checked just enough for path finding: `MANIFEST_BAD` names the file and the first bad key.
 */
export function readManifestDependencies(text: string, file: string): Dependencies {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UserError('MANIFEST_BAD', `not JSON (${(error as Error).message})`, { file });
  }
  const bad = (key: string, what: string): never => {
    throw new UserError('MANIFEST_BAD', `${key}: ${what}`, { file, at: key });
  };
  if (!isObject(doc)) return bad('(document)', 'expected a JSON object');
  const deps = doc.dependencies;
  if (!isObject(deps)) return bad('dependencies', 'missing, or not an object');
  for (const key of ['packages', 'edges', 'roots'] as const)
    if (!Array.isArray(deps[key])) bad(`dependencies.${key}`, 'expected an array');
  (deps.packages as unknown[]).forEach((p, i) => {
    if (!isObject(p) || typeof p.name !== 'string')
      bad(`dependencies.packages[${i}].name`, 'expected a string');
  });
  (deps.edges as unknown[]).forEach((e, i) => {
    if (!isObject(e)) return bad(`dependencies.edges[${i}]`, 'expected an object');
    for (const key of ['from', 'to'] as const)
      if (typeof e[key] !== 'string') bad(`dependencies.edges[${i}].${key}`, 'expected a string');
    if (typeof e.kind !== 'string' || !EDGE_KINDS.has(e.kind))
      bad(`dependencies.edges[${i}].kind`, `expected one of ${[...EDGE_KINDS].join(', ')}`);
  });
  (deps.roots as unknown[]).forEach((r, i) => {
    if (typeof r !== 'string') bad(`dependencies.roots[${i}]`, 'expected a string');
  });
  const unresolved = Array.isArray(deps.unresolved)
    ? (deps.unresolved as unknown[]).filter((u): u is string => typeof u === 'string')
    : [];
  return { ...(deps as unknown as Dependencies), unresolved };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
