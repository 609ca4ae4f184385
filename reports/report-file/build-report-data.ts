import { buildAttributionTree, buildUnitSymbols } from '../../analyzer/build-attribution-tree.js';
import { compareManifests, type Comparison } from '../../analyzer/compare.js';
import { addGraphVersions, describeImageAudit } from '../../analyzer/describe-image-audit.js';
import { describeUnits } from '../../analyzer/describe-unit.js';
import { SYMBOLS_PER_EMBEDDED_PANEL, SYMBOLS_PER_UNIT } from '../../analyzer/unit-symbol-limits.js';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { summarizeTarget } from '../../analyzer/summarize-build.js';
import { summarizeImage } from '../../analyzer/summarize-image.js';
import {
  describeImageAdvisories,
  type GivenAdvisories,
} from '../../analyzer/advisories/describe-image-advisories.js';
import type {
  AdvisoriesResponse,
  GraphResponse,
  ImageResponse,
  StackComparisonResponse,
  StacksResponse,
  TreeResponse,
  UnitDetailResponse,
} from '../../web/server/api-types.js';

/** The id the embedded API gives the stack (it answers for one stack only). */
const STACK_ID = 1;

/** One image of a report, in command-line order: what the report file lists and where its page's data is. */
export interface ReportImage {
  /** The image's id in the embedded API (`/api/images/ID`): its place on the command line, from 1. */
  id: string;
  name: string;
  target: string;
}

/**
 * Everything a report file shows: the images, the stack, and the answer to every API request
 * the web report's pages make for them, by path, so the same pages draw the file without a server.
 */
export interface ReportData {
  title: string;
  images: ReportImage[];
  /** The stack the images are compared with, as its id in `/api/stacks`; absent without `--against`. */
  stackId?: string;
  /** API path → that endpoint's JSON (`/api/images/1/tree` → `{ tree }`). */
  responses: Record<string, unknown>;
}

/** Each image against the stack, in command-line order (none without a stack). */
export function compareReportImages(images: readonly Manifest[], stack: Manifest | undefined): Comparison[] {
  return stack ? images.map((m) => compareManifests(m, stack)) : [];
}

/** The embedded data of a report file: per image, the answers of every endpoint its page reads. */
export function buildReportData(
  images: readonly Manifest[],
  stack: Manifest | undefined,
  advisories?: GivenAdvisories,
): ReportData {
  const responses: Record<string, unknown> = {};
  const put = <T>(path: string, body: T) => {
    responses[path] = body;
  };
  const stacks: StacksResponse = {
    stacks: stack ? [{ id: STACK_ID, name: stack.identity.name, target: stack.identity.target }] : [],
  };
  put('/api/stacks', stacks);
  const list = images.map((m, index): ReportImage => {
    const id = index + 1;
    const base = `/api/images/${id}`;
    const summary = summarizeImage(m);
    const figures = summarizeTarget(m, summary);
    const image: ImageResponse = {
      image: {
        id,
        // A report has no store: the build and job are the image itself (the page's links to them are inert).
        buildId: id,
        job: m.identity.name,
        target: m.identity.target,
        name: m.identity.name,
        arch: m.identity.arch,
        format: m.identity.format,
        fileSize: m.identity.fileSize,
        memorySize: m.identity.memorySize,
        codeSize: summary.code.bytes,
        sha256: m.identity.sha256,
      },
      figures,
      summary: addGraphVersions(summary, m),
      audit: describeImageAudit(m),
      // The diff page needs a server: the report shows each image's own page only.
      siblings: [],
    };
    if (m.downloads) image.downloads = m.downloads;
    put<ImageResponse>(base, image);
    put<TreeResponse>(`${base}/tree`, { tree: buildAttributionTree(m) });
    const details = describeUnits(m, SYMBOLS_PER_EMBEDDED_PANEL);
    m.attribution.units.forEach((u, unit) => {
      if (u.fileSize === 0) return;
      const tree = buildUnitSymbols(m, unit, SYMBOLS_PER_UNIT);
      if (tree) put<TreeResponse>(`${base}/units/${unit}`, { tree });
      const detail = details[unit];
      if (detail) put<UnitDetailResponse>(`${base}/units/${unit}/detail`, { detail });
    });
    put<GraphResponse>(`${base}/graph`, { dependencies: m.dependencies });
    put<AdvisoriesResponse>(`${base}/advisories`, describeImageAdvisories(m, advisories));
    // Both kernel-extras modes, under the paths the server answers them at (the page's toggle).
    if (stack) {
      put<StackComparisonResponse>(`${base}/stack/${STACK_ID}`, { comparison: compareManifests(m, stack) });
      put<StackComparisonResponse>(`${base}/stack/${STACK_ID}?extras=include`, {
        comparison: compareManifests(m, stack, { kernelExtras: 'include' }),
      });
    }
    return { id: String(id), name: m.identity.name, target: m.identity.target };
  });
  const names = images.map((m) => `${m.identity.name} ${m.identity.target}`).join(', ');
  const data: ReportData = {
    title: stack ? `${names} against ${stack.identity.name}` : names,
    images: list,
    responses,
  };
  if (stack) data.stackId = String(STACK_ID);
  return data;
}
