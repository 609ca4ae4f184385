import { DEFAULT_BUDGET, type Budget } from '../analyzer/gate/budget.js';
import { UserError } from '../analyzer/model/user-error.js';
import { readAdvisoryFolder } from './read-advisory-folder.js';
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
  /** A folder (or one file) of OSV advisories for the budget's `failOnAdvisories` rule. */
  advisories?: string;
}

/** Reads both sides and the budget (everything is validated before anything is judged) and runs the gate. */
export async function runGate(options: GateOptions, cwd: string, db: GateDatabase): Promise<GateResult> {
  const budget =
    options.budget !== undefined
      ? readBudgetFile(resolve(cwd, options.budget), options.budget)
      : DEFAULT_BUDGET;
  checkAdvisoryInputs(budget, options);
  const current = await readGateSide(cwd, options.current, '--current', db);
  const baseline = await readGateSide(cwd, options.baseline, '--baseline', db);
  return evaluateGate({
    current,
    baseline,
    budget,
    budgetLabel: options.budget ?? 'default budget',
    isDefaultBudget: options.budget === undefined,
    ...(options.advisories !== undefined
      ? { advisories: readAdvisoryFolder(resolve(cwd, options.advisories), options.advisories) }
      : {}),
  });
}

/**
 * The advisory rule needs both halves: a budget key that says what fails and the advisories to
 * judge by. Either one alone would be a gate that looks checked and is not, so it is refused.
 */
function checkAdvisoryInputs(budget: Budget, options: GateOptions): void {
  const where = findAdvisoryKey(budget);
  if (where !== undefined && options.advisories === undefined)
    throw new UserError('USAGE', `the budget sets failOnAdvisories but no --advisories DIR is given`, {
      file: options.budget ?? 'default budget',
      at: where,
    });
  if (where === undefined && options.advisories !== undefined)
    throw new UserError(
      'USAGE',
      `--advisories ${options.advisories} is given but the budget sets no failOnAdvisories (add "failOnAdvisories": "high" under "all" or a target)`,
      { file: options.budget ?? 'default budget', at: '--advisories' },
    );
}

/** Where the budget sets `failOnAdvisories` first (a JSON pointer), if it does anywhere. */
function findAdvisoryKey(budget: Budget): string | undefined {
  if (budget.all?.failOnAdvisories !== undefined) return '/all/failOnAdvisories';
  const targets = budget.targets ?? {};
  const target = Object.keys(targets)
    .sort()
    .find((t) => targets[t]?.failOnAdvisories !== undefined);
  return target === undefined ? undefined : `/targets/${target}/failOnAdvisories`;
}
