import { diffManifests, type DiffIdentity, type ManifestDiff } from './diff-manifests.js';
import type { Manifest } from './model/manifest.js';

/** One side of a build diff: the image manifests of one build and how the user named it. */
export interface BuildDiffSide {
  label: string;
  images: readonly Manifest[];
}

/**
 * One target of two builds: diffed where both builds have it, else named with the side that has it
 * (a target dropped or added by the change is itself news for a reviewer).
 */
export interface TargetDiff {
  target: string;
  presence: 'both' | 'base-only' | 'head-only';
  /** The image on each side, where that side has the target. */
  base?: DiffIdentity;
  head?: DiffIdentity;
  /** The two manifests' diff, where both sides have the target. */
  diff?: ManifestDiff;
  /** File bytes of the one image, where only one side has the target: what the change adds or drops. */
  fileSize?: number;
}

/** What changed between two whole builds, target by target (targets matched by name, sorted). */
export interface BuildDiff {
  /** Tells this document apart from a {@link ManifestDiff} in `tcbscope diff --json`. */
  kind: 'builds';
  base: string;
  head: string;
  targets: TargetDiff[];
}

/** Compares two builds target by target. Pure; each side holds at most one manifest per target. */
export function diffBuilds(base: BuildDiffSide, head: BuildDiffSide): BuildDiff {
  const b = byTarget(base.images);
  const h = byTarget(head.images);
  const names = [...new Set([...b.keys(), ...h.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return {
    kind: 'builds',
    base: base.label,
    head: head.label,
    targets: names.map((target) => {
      const bm = b.get(target);
      const hm = h.get(target);
      if (bm && hm)
        return {
          target,
          presence: 'both',
          base: identityOf(bm),
          head: identityOf(hm),
          diff: diffManifests(bm, hm),
        };
      if (bm) return { target, presence: 'base-only', base: identityOf(bm), fileSize: bm.identity.fileSize };
      const only = hm as Manifest;
      return { target, presence: 'head-only', head: identityOf(only), fileSize: only.identity.fileSize };
    }),
  };
}

function byTarget(images: readonly Manifest[]): Map<string, Manifest> {
  return new Map(images.map((m) => [m.identity.target, m]));
}

function identityOf(m: Manifest): DiffIdentity {
  const id = m.identity;
  return { name: id.name, target: id.target, arch: id.arch, format: id.format, sha256: id.sha256 };
}
