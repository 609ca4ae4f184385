/**
 * The gate's budget (`tcb-budget.json`): limits a build must keep, per target or for all targets.
 * JSON Schema: budget.schema.json. Every key is optional; a rule that is absent is not checked.
 */

import type { SeverityLevel } from '../advisories/advisory-severity.js';

/** The three size metrics, defined as the comparison defines them (see measure-gate-metrics.ts). */
export const GATE_SIZE_METRICS = ['file', 'loaded', 'code'] as const;
/** `file`: the whole file; `loaded`: file-backed allocated sections; `code`: executable sections. */
export type GateSizeMetric = (typeof GATE_SIZE_METRICS)[number];

/** Limits that apply to one target (or, under `all`, to every target). */
export interface BudgetRules {
  /** Ceilings on the current build alone, in bytes. */
  maxFileBytes?: number;
  maxLoadedBytes?: number;
  maxCodeBytes?: number;
  /** Ceiling on the packages that put bytes into the image (pseudo-packages do not count). */
  maxPackages?: number;
  /** Ceiling on the code bytes written in C or assembly. */
  maxCAndAssemblyBytes?: number;
  /** Growth against the baseline allowed per metric, in bytes. */
  maxGrowthBytes?: Partial<Record<GateSizeMetric, number>>;
  /** Growth against the baseline allowed per metric, in percent of the baseline. */
  maxGrowthPercent?: Partial<Record<GateSizeMetric, number>>;
  /** Growth of any one package's file bytes against the baseline, in bytes and in percent. */
  maxPackageGrowthBytes?: number;
  maxPackageGrowthPercent?: number;
  /** Packages that may not appear at all: names or glob patterns (`*` and `?`). */
  forbiddenPackages?: string[];
  /** When given, a package absent from the baseline must match one of these names or patterns. */
  allowNewPackages?: string[];
  /** Licences (as the dependency metadata spells them; globs allowed) no contributing package may have. */
  forbiddenLicences?: string[];
  /** C and assembly code bytes the change may add against the baseline. */
  maxNewCAndAssemblyBytes?: number;
  /**
   * Fail when an advisory of `gate --advisories DIR` affects a package of the build at this severity
   * or above (an advisory without a severity tcbscope can rate counts as above every level).
   */
  failOnAdvisories?: SeverityLevel;
}

/** A budget file: rules for all targets, and per target (the target's own rules win key by key). */
export interface Budget {
  $schema?: string;
  all?: BudgetRules;
  targets?: Record<string, BudgetRules>;
}

/**
 * The budget when none is given: the TCB may not grow. No loaded byte more, no new package.
 * A team that accepts growth writes a budget that says how much.
 */
export const DEFAULT_BUDGET: Budget = { all: { maxGrowthBytes: { loaded: 0 }, allowNewPackages: [] } };
