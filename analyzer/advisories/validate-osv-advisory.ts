import { Ajv, type ValidateFunction } from 'ajv';
import schema from './osv.schema.json' with { type: 'json' };
import { UserError } from '../model/user-error.js';
import type { OsvAdvisory } from './osv-advisory.js';

let check: ValidateFunction | undefined;

/** Checks a parsed OSV document against the fields tcbscope reads; the first problem names its key. */
export function validateOsvAdvisory(doc: unknown, file: string): OsvAdvisory {
  check ??= new Ajv({ allErrors: false, strict: true }).compile(schema);
  if (check(doc)) return doc as OsvAdvisory;
  const e = check.errors?.[0];
  const params = (e?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
  const key = params.missingProperty ?? params.additionalProperty;
  const at = key !== undefined ? `${e?.instancePath ?? ''}/${key}` : e?.instancePath || '/';
  const detail =
    params.missingProperty !== undefined
      ? `not an OSV advisory: "${key}" is missing`
      : params.additionalProperty !== undefined
        ? `not an OSV advisory: unknown key "${key}"`
        : `not an OSV advisory: ${e?.message ?? 'does not match the schema'}`;
  throw new UserError('ADVISORY_BAD', detail, { file, at });
}
