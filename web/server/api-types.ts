import type { AttributionNode } from '../../analyzer/build-attribution-tree.js';
import type { Comparison } from '../../analyzer/compare.js';
import type { ManifestDiff } from '../../analyzer/diff-manifests.js';
import type { ImageAdvisories } from '../../analyzer/advisories/describe-image-advisories.js';
import type { ImageAudit } from '../../analyzer/describe-image-audit.js';
import type { UnitDetail } from '../../analyzer/describe-unit.js';
import type { Dependencies, Diagnostic, Manifest } from '../../analyzer/model/manifest.js';
import type { TargetFigures } from '../../analyzer/summarize-build.js';
import type { ImageSummary } from '../../analyzer/summarize-image.js';
import type { JobOverview } from '../../store/jobs-overview.js';
import type { BuildRow, ImageRow, JobRow, StackRow } from '../../store/store-rows.js';

/**
 * The JSON the API sends, one type per endpoint: the server builds them, the browser client
 * reads them. Every list is sorted; every number is bytes unless its name says otherwise.
 */

/**
 * `GET /api/jobs`: each job's newest build with its images, and per target the file sizes of the
 * job's newest 30 builds, oldest first (the sparkline): only what the overview draws.
 */
export interface JobsResponse {
  jobs: JobOverview[];
}

/** File size of one target over builds, oldest first (the overview's sparkline). */
export interface TargetTrend {
  target: string;
  points: { buildId: number; fileSize: number }[];
}

/** `GET /api/jobs/:name`: the history of one job, newest build first, and per-target series. */
export interface JobResponse {
  job: JobRow;
  trend: TargetTrend[];
}

/** `GET /api/builds/:id`: a build's targets side by side. */
export interface BuildResponse {
  build: BuildRow;
  /** Each target's figures and the full diagnostics its manifest carries (the figures only count them). */
  targets: (TargetFigures & { imageId: number; diagnostics: Diagnostic[] })[];
}

/** `GET /api/images/:id`: one image's headline figures and packages. */
export interface ImageResponse {
  image: ImageRow & { job: string };
  figures: TargetFigures;
  summary: ImageSummary;
  /** The other targets of the same build, to compare with. */
  siblings: { imageId: number; target: string }[];
  /** For `js` images: what a browser downloads, overall and per package (the manifest's figures). */
  downloads?: NonNullable<Manifest['downloads']>;
  /** Diagnostics, provenance, platform notes and build-id, as the manifest records them. */
  audit: ImageAudit;
  /** Package rows carry the graph's version where the attribution has none. */
}

/** `GET /api/images/:id/units/:unit/detail`: one unit's origin, evidence, bytes on each basis and largest symbols. */
export interface UnitDetailResponse {
  detail: UnitDetail;
}

/**
 * `GET /api/images/:id/advisories`: the advisories `serve --advisories DIR` loaded that affect
 * the image's packages at their versions, most severe first (`folder` absent: none loaded).
 */
export type AdvisoriesResponse = ImageAdvisories;

/**
 * `GET /api/images/:id/tree` (image → package → unit, each node with its file, loaded and code bytes) and `GET /api/images/:id/units/:unit` (one
 * unit → its symbols, the largest ones and the rest summed).
 */
export interface TreeResponse {
  tree: AttributionNode;
}

/** `GET /api/images/:id/graph`: the image's dependency graph, each package with the bytes it put in the image. */
export interface GraphResponse {
  dependencies: Dependencies;
}

/** `GET /api/compare?base=ID&head=ID`: what changed from one image to another. */
export interface CompareResponse {
  base: ImageRow & { job: string };
  head: ImageRow & { job: string };
  diff: ManifestDiff;
}

/** `GET /api/stacks`. */
export interface StacksResponse {
  stacks: StackRow[];
}

/**
 * `GET /api/images/:id/stack/:stackId[?extras=exclude|include]`: the image measured against a
 * conventional stack, the kernel's `.init.*` and `.BTF` counted or not (`--kernel-extras`).
 */
export interface StackComparisonResponse {
  comparison: Comparison;
}

/** `GET /api/search?sha256=PREFIX`. */
export interface SearchResponse {
  images: (ImageRow & { job: string })[];
}

/** Every error the API sends: a code and one line for people. */
export interface ErrorResponse {
  error: { code: string; message: string };
}
