import { Ajv, type ValidateFunction } from 'ajv';
import schema from './model/manifest.schema.json' with { type: 'json' };
import { checkManifestConsistency } from './model/check-manifest-consistency.js';
import { MANIFEST_SCHEMA, MANIFEST_VERSION, type Manifest } from './model/manifest.js';
import { UserError } from './model/user-error.js';
import { describeJsonValue } from './model/describe-json-value.js';

// Compiled on first use: commands that never validate should not pay for it at start-up.
let check: ValidateFunction | undefined;

/**
 * Checks a parsed document against the manifest JSON Schema and returns it typed.
 * Another format or version is refused with a message that says which was found; what the schema
 * cannot say (leaf columns of one length, indices in range) is checked after it.
 */
export function validateManifest(doc: unknown, file: string): Manifest {
  const head = doc as { schema?: unknown; version?: unknown } | null;
  if (typeof head !== 'object' || head === null || head.schema !== MANIFEST_SCHEMA) {
    throw new UserError(
      'MANIFEST_BAD',
      `not a tcbscope manifest (schema field is ${describeJsonValue(head?.schema)})`,
      { file, at: 'schema' },
    );
  }
  if (head.version !== MANIFEST_VERSION) {
    throw new UserError(
      'MANIFEST_VERSION',
      `manifest version ${describeJsonValue(head.version)}, this tcbscope reads version ${MANIFEST_VERSION}`,
      { file, at: 'version' },
    );
  }
  check ??= new Ajv({ allErrors: false, strict: false }).compile(schema);
  if (!check(doc)) {
    const e = check.errors?.[0];
    throw new UserError('MANIFEST_BAD', `${e?.message ?? 'does not match the schema'}`, {
      file,
      at: e?.instancePath || '/',
    });
  }
  const manifest = doc as unknown as Manifest;
  checkManifestConsistency(manifest, file);
  return manifest;
}
