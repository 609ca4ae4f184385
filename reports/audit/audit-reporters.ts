import type { AuditResult } from '../../analyzer/advisories/audit-result.js';
import { renderAuditJunit } from './render-audit-junit.js';
import { renderAuditMarkdown } from './render-audit-markdown.js';
import { renderAuditText } from './render-audit-text.js';

/** An audit reporter: a pure function from the result to the text written out. */
export type AuditReporter = (result: AuditResult) => string;

/** Every audit reporter by the name `--reporter` takes. JSON is the result itself, one document. */
export const AUDIT_REPORTERS = {
  text: renderAuditText,
  markdown: renderAuditMarkdown,
  json: (result: AuditResult) => JSON.stringify(result) + '\n',
  junit: renderAuditJunit,
} as const satisfies Record<string, AuditReporter>;

/** A name `--reporter` accepts for the audit. */
export type AuditReporterName = keyof typeof AUDIT_REPORTERS;

/** True when `name` is an audit reporter. */
export function isAuditReporterName(name: string): name is AuditReporterName {
  return Object.prototype.hasOwnProperty.call(AUDIT_REPORTERS, name);
}
