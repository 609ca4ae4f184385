import { DEFAULT_BUDGET } from '../analyzer/gate/budget.js';
import { evaluateGate } from '../analyzer/gate/evaluate-gate.js';
import type { GateResult } from '../analyzer/gate/gate-result.js';
import { readBudgetFile } from './read-budget-file.js';
import { readGateSide, type GateDatabase } from './read-gate-side.js';
import { resolve } from 'node:path';

/** Options of `tcbscope gate`, as the user gives them. */
export interface GateOptions {
  /** The build under test: a manifest, a folder of per-target manifests, or `db:JOB[@BUILD]`. */
  current: string;
  /** The build to compare with, in the same forms. */
  baseline: string;
  /** A budget file; without one the default budget applies (no growth of loaded bytes, no new package). */
  budget?: string;
}

/** Reads both sides and the budget (everything is validated before anything is judged) and runs the gate. */
export function runGate(options: GateOptions, cwd: string, db: GateDatabase): GateResult {
  const budget =
    options.budget !== undefined
      ? readBudgetFile(resolve(cwd, options.budget), options.budget)
      : DEFAULT_BUDGET;
  const current = readGateSide(cwd, options.current, '--current', db);
  const baseline = readGateSide(cwd, options.baseline, '--baseline', db);
  return evaluateGate({
    current,
    baseline,
    budget,
    budgetLabel: options.budget ?? 'default budget',
    isDefaultBudget: options.budget === undefined,
  });
}
