import type { ImageAdvisories } from '../../analyzer/advisories/describe-image-advisories.js';
import type { Comparison } from '../../analyzer/compare.js';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { summarizeTarget, type TargetFigures } from '../../analyzer/summarize-build.js';
import { markdownCell, markdownInlineCode } from '../markdown-text.js';
import { visibleStrings, visibleText } from '../visible-text.js';
import { renderCompareMarkdown } from '../render-compare-markdown.js';
import { renderImageMarkdown } from '../render-image-markdown.js';
import { renderImageAdvisoriesMarkdown } from './render-advisories-markdown.js';

/** The formats `tcbscope report` writes; `html` is rendered by render-report-html.ts from the client bundle. */
export const REPORT_FORMATS = ['html', 'md', 'json'] as const;

/** An element of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a report holds: the images in command-line order, the stack, and each image against it. */
export interface ReportContent {
  images: readonly Manifest[];
  stack?: Manifest | undefined;
  /** One per image, in the same order; empty without a stack. */
  comparisons: readonly Comparison[];
  /** One per image, in the same order, when `--advisories` was given (absent otherwise). */
  advisories?: readonly ImageAdvisories[] | undefined;
}

/** The JSON report: per image its identity and figures, and the comparisons as `tcbscope compare --json` prints them. */
export interface ReportJson {
  images: (Pick<Manifest['identity'], 'name' | 'target' | 'sha256'> & {
    figures: TargetFigures;
    /** With `--advisories`: the matches as `tcbscope audit --json` lists them, and what was compared. */
    advisories?: ImageAdvisories;
  })[];
  stack: Pick<Manifest['identity'], 'name' | 'target' | 'sha256'> | null;
  comparisons: Comparison[];
}

/** The report as Markdown: per image its audit summary (as `inspect --reporter markdown`) and its comparison (as `compare --reporter markdown`). */
export function renderReportMarkdown(content: ReportContent): string {
  // Names as one visible line each, as every Markdown reporter shows them (reports/visible-text.ts).
  const { images, stack, comparisons, advisories } = visibleStrings(content);
  const title = images.map(
    (m) => `${markdownInlineCode(m.identity.name)} (${markdownCell(m.identity.target)})`,
  );
  const parts = [
    `## tcbscope report: ${title.join(', ')}${stack ? ` against ${markdownInlineCode(stack.identity.name)}` : ''}\n`,
  ];
  images.forEach((m, i) => {
    parts.push(renderImageMarkdown(m));
    const found = advisories?.[i];
    if (found) parts.push(renderImageAdvisoriesMarkdown(found));
    const comparison = comparisons[i];
    if (comparison) parts.push(renderCompareMarkdown(comparison));
  });
  return visibleText(parts.join('\n'));
}

/** The report as one JSON document ({@link ReportJson}). */
export function renderReportJson(content: ReportContent): string {
  const identity = (m: Manifest) => ({
    name: m.identity.name,
    target: m.identity.target,
    sha256: m.identity.sha256,
  });
  const doc: ReportJson = {
    images: content.images.map((m, i) => {
      const found = content.advisories?.[i];
      return { ...identity(m), figures: summarizeTarget(m), ...(found ? { advisories: found } : {}) };
    }),
    stack: content.stack ? identity(content.stack) : null,
    comparisons: [...content.comparisons],
  };
  return JSON.stringify(doc, null, 1) + '\n';
}

/** The renderer of a text format (`md`, `json`). */
export function findReportRenderer(
  format: Exclude<ReportFormat, 'html'>,
): (content: ReportContent) => string {
  return format === 'md' ? renderReportMarkdown : renderReportJson;
}

/** Checks a `--format` value; a USAGE error listing the formats otherwise. */
export function parseReportFormat(value: string): ReportFormat {
  const format = REPORT_FORMATS.find((f) => f === value);
  if (format === undefined)
    throw new UserError('USAGE', `--format "${value}" is not one of ${REPORT_FORMATS.join(', ')}`);
  return format;
}
