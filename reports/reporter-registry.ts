import type { Comparison } from '../analyzer/compare.js';
import type { ManifestDiff } from '../analyzer/diff-manifests.js';
import type { BuildDiff } from '../analyzer/diff-builds.js';
import type { Manifest } from '../analyzer/model/manifest.js';
import { visibleStrings, visibleText } from './visible-text.js';
import { UserError } from '../analyzer/model/user-error.js';
import type { DepsSummary } from '../analyzer/summarize-dependencies.js';
import type { AuditResult } from '../analyzer/advisories/audit-result.js';
import type { GateResult } from '../analyzer/gate/gate-result.js';
import { renderAuditJunit } from './audit/render-audit-junit.js';
import { renderAuditMarkdown } from './audit/render-audit-markdown.js';
import { renderAuditText } from './audit/render-audit-text.js';
import { renderGateJunit } from './gate/render-gate-junit.js';
import { renderGateMarkdown } from './gate/render-gate-markdown.js';
import { renderGateText } from './gate/render-gate-text.js';
import { renderBuildMarkdown } from './render-build-markdown.js';
import { renderBuildText, type BuildReport, type BuildReportOptions } from './render-build-text.js';
import { renderCompareCsv } from './render-compare-csv.js';
import { renderCompareMarkdown } from './render-compare-markdown.js';
import { renderCompareText, type CompareReportOptions } from './render-compare-text.js';
import { renderDepsText, type DepsReportOptions } from './render-deps-text.js';
import { renderDiffMarkdown } from './render-diff-markdown.js';
import { renderDiffText, type DiffReportOptions } from './render-diff-text.js';
import { renderBuildDiffMarkdown } from './render-build-diff-markdown.js';
import { renderBuildDiffText } from './render-build-diff-text.js';
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
import { renderWhyMarkdown } from './render-why-markdown.js';
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
  /** Two manifests, or two whole builds target by target (`kind: 'builds'`). */
  diff: ManifestDiff | BuildDiff;
  ingest: IngestReport;
  gate: GateResult;
  audit: AuditResult;
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
  /** Nor does the audit's: its result carries the threshold it was run with. */
  audit: Record<string, never>;
  report: WrittenReportOptions;
}

/** A command whose result has reporters. */
export type ReportKind = keyof ReportResults;

/** A reporter: a pure function from a command's result to the text written on stdout. */
export type Reporter<K extends ReportKind> = (result: ReportResults[K], options: ReportOptions[K]) => string;

/**
 * A reporter whose output people read in a terminal or a rendered comment (text, markdown): every
 * name in it came from an image, so every string of the result is made one visible line first (a
 * line break in a name cannot forge a line or end a table) and control and bidi characters are
 * made visible over the whole output — no reporter draws with escapes of its own. JSON escapes
 * controls itself; JUnit escapes for XML.
 */
function forPeople<R, O>(render: (result: R, options: O) => string): (result: R, options: O) => string {
  return (result, options) => visibleText(render(visibleStrings(result), options));
}

/**
 * Every reporter, by command and name, in the order usage lines and error messages list them.
 * `json` prints the result itself (the document each command has always printed with `--json`);
 * `markdown` exists where a pull-request comment or a published report uses it.
 */
export const REPORTERS: { readonly [K in ReportKind]: Readonly<Record<string, Reporter<K>>> } = {
  inspect: { text: forPeople(renderImageText), json: renderJson, markdown: forPeople(renderImageMarkdown) },
  build: { text: forPeople(renderBuildText), json: renderJson, markdown: forPeople(renderBuildMarkdown) },
  deps: { text: forPeople(renderDepsText), json: renderJson },
  why: { text: forPeople(renderWhyText), json: renderJson, markdown: forPeople(renderWhyMarkdown) },
  // The JSON document is the stack's headline figures: the manifest itself goes to --out.
  stack: { text: forPeople(renderStackText), json: (report) => renderJson(summarizeStack(report)) },
  compare: {
    text: forPeople(renderCompareText),
    json: renderJson,
    markdown: forPeople(renderCompareMarkdown),
    // The numbers for a spreadsheet, exactly as the JSON holds them (the web page exports the same).
    csv: (c) => renderCompareCsv([c]),
  },
  diff: {
    text: forPeople((d, o) => (isBuildDiff(d) ? renderBuildDiffText(d, o) : renderDiffText(d, o))),
    json: renderJson,
    markdown: forPeople((d, o) =>
      isBuildDiff(d) ? renderBuildDiffMarkdown(d, o) : renderDiffMarkdown(d, o),
    ),
  },
  ingest: { text: forPeople(renderIngestText), json: renderIndentedJson },
  gate: {
    text: forPeople(renderGateText),
    json: renderJson,
    markdown: forPeople(renderGateMarkdown),
    junit: renderGateJunit,
  },
  audit: {
    text: forPeople(renderAuditText),
    json: renderJson,
    markdown: forPeople(renderAuditMarkdown),
    junit: renderAuditJunit,
  },
  // The report is the file (its format is --format); stdout says what was written.
  report: { text: forPeople(renderWrittenReportText), json: renderJson },
};

function isBuildDiff(d: ManifestDiff | BuildDiff): d is BuildDiff {
  return 'kind' in d && d.kind === 'builds';
}

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
