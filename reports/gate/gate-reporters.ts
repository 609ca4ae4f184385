import type { GateResult } from '../../analyzer/gate/gate-result.js';
import { renderGateJunit } from './render-gate-junit.js';
import { renderGateMarkdown } from './render-gate-markdown.js';
import { renderGateText } from './render-gate-text.js';

/** A gate reporter: a pure function from the result to the text written out. */
export type GateReporter = (result: GateResult) => string;

/** Every gate reporter by the name `--reporter` takes. JSON is the result itself, one document. */
export const GATE_REPORTERS = {
  text: renderGateText,
  markdown: renderGateMarkdown,
  json: (result: GateResult) => JSON.stringify(result) + '\n',
  junit: renderGateJunit,
} as const satisfies Record<string, GateReporter>;

/** A name `--reporter` accepts for the gate. */
export type GateReporterName = keyof typeof GATE_REPORTERS;

/** True when `name` is a gate reporter. */
export function isGateReporterName(name: string): name is GateReporterName {
  return Object.prototype.hasOwnProperty.call(GATE_REPORTERS, name);
}
