import type { Budget } from '../analyzer/gate/budget.js';
import { validateBudget } from '../analyzer/gate/validate-budget.js';
import { readJsonFile } from './read-json-file.js';

/** Reads and checks a budget file (`tcb-budget.json`): unknown keys and wrong types are refused by key. */
export function readBudgetFile(path: string, shown: string): Budget {
  return validateBudget(readJsonFile(path, shown, 'BUDGET_BAD'), shown);
}
