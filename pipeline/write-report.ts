import { createHash } from 'node:crypto';
import type { Comparison } from '../analyzer/compare.js';
import { describeImageAdvisories } from '../analyzer/advisories/describe-image-advisories.js';
import type { Manifest } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { buildReportData, compareReportImages } from '../reports/report-file/build-report-data.js';
import { renderReportHtml } from '../reports/report-file/render-report-html.js';
import { findReportRenderer, type ReportFormat } from '../reports/report-file/report-formats.js';
import type { WrittenReport } from '../reports/report-file/render-written-report-text.js';
import { readReportBundle } from './io/read-report-bundle.js';
import { writeOutputFile } from './io/write-file-atomic.js';
import { readAdvisoryFolder } from './read-advisory-folder.js';
import { readManifestFile } from './read-manifest-file.js';

/** A file the user named: the path to open, and the path as given (for messages). */
export interface NamedFile {
  path: string;
  shown: string;
}

/** What `tcbscope report` writes. */
export interface WriteReportOptions {
  /** Image manifests, in the order the report lists them. */
  images: NamedFile[];
  /** A stack manifest to compare every image with (`--against`). */
  against?: NamedFile;
  /** `html` (default): one self-contained page; `md`: Markdown; `json`: the images' summaries and comparisons. */
  format?: ReportFormat;
  /** A folder (or file) of OSV advisories to match against every image (`--advisories`): on the image pages of HTML, per image in Markdown and JSON. */
  advisories?: NamedFile;
  output: NamedFile;
}

/** Reads and checks the manifests, renders the report, and writes it atomically (never half a file). */
export function writeReport(options: WriteReportOptions): WrittenReport {
  const format = options.format ?? 'html';
  const images = options.images.map((f) => {
    const m = readManifestFile(f.path, f.shown);
    if (m.kind === 'stack')
      throw new UserError(
        'MANIFEST_KIND',
        'a stack manifest (kind "stack") where an image manifest belongs',
        { file: f.shown, at: 'kind' },
      );
    return m;
  });
  const stack = options.against && readStack(options.against);
  const advisories = options.advisories && {
    folder: options.advisories.shown,
    advisories: readAdvisoryFolder(options.advisories.path, options.advisories.shown),
  };
  const comparisons: Comparison[] = compareReportImages(images, stack);
  const text =
    format === 'html'
      ? renderReportHtml(buildReportData(images, stack, advisories), readReportBundle(), { sha256Base64 })
      : findReportRenderer(format)({
          images,
          stack,
          comparisons,
          // The same matcher as the HTML report's image pages and `tcbscope audit`.
          advisories: advisories && images.map((m) => describeImageAdvisories(m, advisories)),
        });
  writeOutputFile(options.output.path, options.output.shown, text);
  return {
    file: options.output.shown,
    format,
    bytes: Buffer.byteLength(text),
    images: images.length,
    comparisons: comparisons.length,
  };
}

function readStack(file: NamedFile): Manifest {
  const m = readManifestFile(file.path, file.shown);
  if (m.kind !== 'stack')
    throw new UserError(
      'MANIFEST_KIND',
      `--against needs a stack manifest (kind "stack"), this one is kind "${m.kind}"`,
      { file: file.shown, at: 'kind' },
    );
  return m;
}

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}
