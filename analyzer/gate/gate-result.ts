import type { ManifestDiff } from '../diff-manifests.js';
import type { GateSizeMetric } from './budget.js';

/** How one rule came out: `skipped` where it needs a baseline that the target does not have. */
export type RuleStatus = 'pass' | 'fail' | 'skipped';

/** One rule checked on one target. */
export interface RuleResult {
  target: string;
  /** The budget key, with the metric for per-metric limits: `maxCodeBytes`, `maxGrowthBytes.loaded`. */
  rule: string;
  status: RuleStatus;
  /**
   * The limit as the budget states it: a number of bytes, packages or percent, a list of patterns,
   * or a severity level (`failOnAdvisories`).
   */
  limit: number | string | string[];
  /**
   * What was measured on the current build (for list rules: the offending names, or advisory ids,
   * empty when it holds).
   */
  measured: number | string[];
  /** The same figure on the baseline, where the rule compares against it (for advisories: how many matched there). */
  baseline?: number;
  /** Where in the budget to change the limit: a JSON pointer, or `default budget`. */
  where: string;
  /** One sentence a reviewer reads: what holds or what broke, with the names. */
  message: string;
}

/** The figures the gate shows for one side of a target. */
export interface GateFigures extends Record<GateSizeMetric, number> {
  packages: number;
  cAndAssembly: number;
}

/** One target: compared on both sides, or present on one side only. */
export interface GateTarget {
  target: string;
  presence: 'both' | 'current-only' | 'baseline-only';
  current?: GateFigures;
  baseline?: GateFigures;
  /** The diff of the two manifests, where both sides have the target. */
  diff?: ManifestDiff;
  rules: RuleResult[];
}

/** The verdict of a gate run: it passes when no rule on any target fails. */
export interface GateResult {
  ok: boolean;
  /** Where the budget came from: the file as given, or `default budget`. */
  budget: string;
  current: string;
  baseline: string;
  targets: GateTarget[];
  /** Broken rules over all targets. */
  failures: number;
}
