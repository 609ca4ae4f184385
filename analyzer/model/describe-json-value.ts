/**
 * A value from a parsed JSON input, for an error message: scalars as JSON, lists and objects by kind.
 * JSON.stringify of a hostile document nested thousands of levels deep overflows the stack (JSON.parse
 * does not), and a message needs only to say what was found instead of the expected scalar.
 */
export function describeJsonValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  // undefined (a missing field) has no JSON form: name it as the reader sees it.
  return value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
}
