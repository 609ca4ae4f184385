import type { ManifestDiff } from '../analyzer/diff-manifests.js';
import { renderDiffMarkdown } from './render-diff-markdown.js';
import { renderDiffText, type DiffReportOptions } from './render-diff-text.js';

export type { DiffReportOptions } from './render-diff-text.js';

/** A diff reporter: a pure function from the diff to the text written on stdout. */
export type DiffReporter = (diff: ManifestDiff, options: DiffReportOptions) => string;

/** The names `--reporter` accepts. */
export type DiffReporterName = 'text' | 'json' | 'markdown';

/** Every diff reporter by name. JSON is the `ManifestDiff` itself, one document on one line. */
export const DIFF_REPORTERS: Readonly<Record<DiffReporterName, DiffReporter>> = {
  text: renderDiffText,
  json: (diff) => JSON.stringify(diff) + '\n',
  markdown: renderDiffMarkdown,
};

/** True when `name` is a registered diff reporter. */
export function isDiffReporterName(name: string): name is DiffReporterName {
  return Object.prototype.hasOwnProperty.call(DIFF_REPORTERS, name);
}
