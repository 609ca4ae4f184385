import type { Comparison } from '../analyzer/compare.js';
import type { ManifestDiff } from '../analyzer/diff-manifests.js';
import type { Manifest } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import type { DepsSummary } from '../analyzer/summarize-dependencies.js';
import type { GateResult } from '../analyzer/gate/gate-result.js';
import { renderGateJunit } from './gate/render-gate-junit.js';
import { renderGateMarkdown } from './gate/render-gate-markdown.js';
import { renderGateText } from './gate/render-gate-text.js';
import { renderBuildMarkdown } from './render-build-markdown.js';
import { renderBuildText, type BuildReport, type BuildReportOptions } from './render-build-text.js';
import { renderCompareMarkdown } from './render-compare-markdown.js';
import { renderCompareText, type CompareReportOptions } from './render-compare-text.js';
import { renderDepsText, type DepsReportOptions } from './render-deps-text.js';
import { renderDiffMarkdown } from './render-diff-markdown.js';
import { renderDiffText, type DiffReportOptions } from './render-diff-text.js';
import { renderImageMarkdown } from './render-image-markdown.js';
import { renderImageText, type ImageReportOptions } from './render-image-text.js';
import { renderIngestText, type IngestReport, type IngestReportOptions } from './render-ingest-text.js';
import { renderIndentedJson, renderJson } from './render-json.js';
import {
  renderStackText,
  summarizeStack,
  type StackReport,
  type StackReportOptions,
} from './render-stack-text.js';
import { renderWhyText, type WhyReport, type WhyReportOptions } from './render-why-text.js';
import {
  renderWrittenReportText,
  type WrittenReport,
  type WrittenReportOptions,
} from './report-file/render-written-report-text.js';

/** The result each reporting command renders, by command name. */
export interface ReportResults {
  inspect: Manifest;
  build: BuildReport;
  deps: DepsSummary;
  why: WhyReport;
  stack: StackReport;
  compare: Comparison;
  diff: ManifestDiff;
  ingest: IngestReport;
  gate: GateResult;
  report: WrittenReport;
}

/** The options each command's reporters take (JSON reporters ignore them). */
export interface ReportOptions {
  inspect: ImageReportOptions;
  build: BuildReportOptions;
  deps: DepsReportOptions;
  why: WhyReportOptions;
  stack: StackReportOptions;
  compare: CompareReportOptions;
  diff: DiffReportOptions;
  ingest: IngestReportOptions;
  /** The gate's reporters take no options: a CI comment is the same for every run of one result. */
  gate: Record<string, never>;
  report: WrittenReportOptions;
}

/** A command whose result has reporters. */
export type ReportKind = keyof ReportResults;

/** A reporter: a pure function from a command's result to the text written on stdout. */
export type Reporter<K extends ReportKind> = (result: ReportResults[K], options: ReportOptions[K]) => string;

/**
 * Every reporter, by command and name, in the order usage lines and error messages list them.
 * `json` prints the result itself (the document each command has always printed with `--json`);
 * `markdown` exists where a pull-request comment or a published report uses it.
 */
export const REPORTERS: { readonly [K in ReportKind]: Readonly<Record<string, Reporter<K>>> } = {
  inspect: { text: renderImageText, json: renderJson, markdown: renderImageMarkdown },
  build: { text: renderBuildText, json: renderJson, markdown: renderBuildMarkdown },
  deps: { text: renderDepsText, json: renderJson },
  why: { text: renderWhyText, json: renderJson },
  // The JSON document is the stack's headline figures: the manifest itself goes to --out.
  stack: { text: renderStackText, json: (report) => renderJson(summarizeStack(report)) },
  compare: { text: renderCompareText, json: renderJson, markdown: renderCompareMarkdown },
  diff: { text: renderDiffText, json: renderJson, markdown: renderDiffMarkdown },
  ingest: { text: renderIngestText, json: renderIndentedJson },
  gate: { text: renderGateText, json: renderJson, markdown: renderGateMarkdown, junit: renderGateJunit },
  // The report is the file (its format is --format); stdout says what was written.
  report: { text: renderWrittenReportText, json: renderJson },
};

/** The reporter names a command accepts, in registry order (`text`, `json`, then the others). */
export function listReporterNames(kind: ReportKind): string[] {
  return Object.keys(REPORTERS[kind]);
}

/** The reporter `name` of command `kind`; a USAGE error naming the valid ones when there is none. */
export function findReporter<K extends ReportKind>(kind: K, name: string): Reporter<K> {
  const table: Readonly<Record<string, Reporter<K>>> = REPORTERS[kind];
  const reporter = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (reporter === undefined)
    throw new UserError(
      'USAGE',
      `--reporter "${name}" is not one of ${listReporterNames(kind).join(', ')} (the reporters of tcbscope ${kind})`,
    );
  return reporter;
}
