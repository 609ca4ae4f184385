import { formatCount } from '../format-number.js';
import type { ReportFormat } from './report-formats.js';

/** What `tcbscope report` wrote: its stdout result (the report itself is the file). */
export interface WrittenReport {
  /** The output path as the user gave it. */
  file: string;
  format: ReportFormat;
  bytes: number;
  images: number;
  /** Images compared with the stack (0 without `--against`). */
  comparisons: number;
}

/** Reporter options of `tcbscope report` (none: one line says it all). */
export type WrittenReportOptions = Record<string, never>;

/** One line: which file, which format, how large, what it holds. */
export function renderWrittenReportText(r: WrittenReport, _options: WrittenReportOptions = {}): string {
  const against = r.comparisons > 0 ? `, ${r.comparisons} compared with the stack` : '';
  return `wrote ${r.file}: ${r.format}, ${formatCount(r.bytes)} bytes, ${r.images} image(s)${against}\n`;
}
