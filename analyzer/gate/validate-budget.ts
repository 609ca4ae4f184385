import { Ajv, type ValidateFunction } from 'ajv';
import schema from './budget.schema.json' with { type: 'json' };
import { UserError } from '../model/user-error.js';
import type { Budget } from './budget.js';

let check: ValidateFunction | undefined;

/** Checks a parsed budget against its JSON Schema; the first problem is named by its key, as a JSON pointer. */
export function validateBudget(doc: unknown, file: string): Budget {
  check ??= new Ajv({ allErrors: false, strict: true }).compile(schema);
  if (check(doc)) return doc as Budget;
  const e = check.errors?.[0];
  const extra = (e?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
  const at =
    extra !== undefined
      ? `${e?.instancePath ?? ''}/${JSON.stringify(extra).slice(1, -1)}`
      : e?.instancePath || '/';
  const allowed = (e?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
  const detail =
    extra !== undefined
      ? `unknown key ${JSON.stringify(extra)}`
      : allowed !== undefined
        ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
        : (e?.message ?? 'does not match the schema');
  throw new UserError('BUDGET_BAD', detail, { file, at });
}
