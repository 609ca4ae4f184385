/**
 * The last step shared by every opam reader: refuse runtime cycles, mark build-only packages,
 * and sort everything so that the same metadata always gives the same JSON.
 */
import {
  isLinkingEdge,
  type Dependencies,
  type DependencyEdge,
  type DependencyPackage,
  type Diagnostic,
  type EdgeKind,
} from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';

/** A reader's graph before the shared finishing step. `buildOnly` on packages is recomputed. */
export interface DraftDependencies {
  packages: DependencyPackage[];
  edges: DependencyEdge[];
  roots: string[];
  /**
   * `name.version` pairs that no metadata accounts for at all (no opam file, no pin, not installed).
   * A `resolved: false` package is not always unresolved: a pin-depends entry, or a switch's
   * `installed:` line, shows the version exists even without an opam file.
   */
  unresolved: string[];
}

/**
 * Sorts, de-duplicates edges, computes `buildOnly`, and throws `DEP_CYCLE` when
 * runtime edges form a cycle (opam only allows cycles through `{post}` dependencies, which are not
 * runtime edges here). `file` names the input in the error.
 */
export function finishDependencyGraph(
  draft: DraftDependencies,
  file?: string,
): { dependencies: Dependencies; diagnostics: Diagnostic[] } {
  const edges = dedupeEdges(draft.edges);
  throwOnRuntimeCycle(edges, file);
  const linked = reachableFrom(draft.roots, edges, isLinkingEdge);
  const reachable = reachableFrom(draft.roots, edges, () => true);
  const packages = draft.packages
    .map((pkg) => ({ ...pkg, buildOnly: reachable.has(pkg.name) && !linked.has(pkg.name) }))
    .sort((a, b) => compareText(a.name, b.name));
  const diagnostics: Diagnostic[] = [];
  const unreachable = packages.filter((pkg) => !reachable.has(pkg.name)).map((pkg) => pkg.name);
  if (unreachable.length > 0) {
    diagnostics.push({
      code: 'opam-unreachable',
      severity: 'info',
      message: `${unreachable.length} package(s) are not reachable from the roots through known edges (their build-only status is unknown): ${unreachable.join(', ')}`,
      ...(file !== undefined ? { file } : {}),
    });
  }
  const unresolved = [...new Set(draft.unresolved)].sort(compareText);
  return {
    dependencies: { packages, edges, roots: [...new Set(draft.roots)].sort(compareText), unresolved },
    diagnostics,
  };
}

/** Plain code-unit order: locale-independent, so output never depends on the machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupeEdges(edges: DependencyEdge[]): DependencyEdge[] {
  const seen = new Map<string, DependencyEdge>();
  for (const edge of edges) {
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.kind}`;
    // An edge both read and guessed was read: the metadata's copy (with its constraint) is kept.
    const kept = seen.get(key);
    if (!kept || (kept.inferred && !edge.inferred)) seen.set(key, edge);
  }
  return [...seen.values()].sort(
    (a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.kind, b.kind),
  );
}

/** Names reachable from `roots` through edges whose kind passes `follow` (roots included). */
export function reachableFrom(
  roots: string[],
  edges: DependencyEdge[],
  follow: (kind: EdgeKind) => boolean,
): Set<string> {
  const out = new Map<string, string[]>();
  for (const edge of edges)
    if (follow(edge.kind)) out.set(edge.from, [...(out.get(edge.from) ?? []), edge.to]);
  const seen = new Set(roots);
  const queue = [...roots];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const next of out.get(name) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** Tarjan's strongly connected components over runtime edges; any component of two or more (or a self-loop) is a cycle. */
function throwOnRuntimeCycle(edges: DependencyEdge[], file: string | undefined): void {
  const out = new Map<string, string[]>();
  for (const edge of edges)
    if (isLinkingEdge(edge.kind)) out.set(edge.from, [...(out.get(edge.from) ?? []), edge.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of out.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      onStack.delete(top);
      component.push(top);
      if (top === node) break;
    }
    if (component.length > 1 || (out.get(node) ?? []).includes(node)) {
      const names = component.sort(compareText);
      throw new UserError('DEP_CYCLE', `runtime dependencies form a cycle between ${names.join(', ')}`, {
        file,
        at: 'depends',
      });
    }
  };
  for (const node of [...out.keys()].sort(compareText)) if (!index.has(node)) visit(node);
}
