import type { DependencyPath } from '../analyzer/why.js';

/** `hello-hvt → mirage-solo5 (runtime) → solo5 (runtime)`. */
export function formatDependencyPath(path: DependencyPath): string {
  return path.path.map((step) => (step.kind ? `${step.name} (${step.kind})` : step.name)).join(' → ');
}
