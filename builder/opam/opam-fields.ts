/** Typed access to the fields and sections of a parsed opam file, with located errors. */
import { UserError } from '../../analyzer/model/user-error.js';
import type { ErrorCode } from '../../analyzer/model/user-error.js';
import type { OpamField, OpamItem, OpamSection, OpamValue } from './parse-opam.js';

/** The first field called `name` among `items`, if any. */
export function findField(items: OpamItem[], name: string): OpamField | undefined {
  return items.find((item): item is OpamField => item.type === 'field' && item.name === name);
}

/** Every section of kind `kind` (`package`, `url`, ...). */
export function findSections(items: OpamItem[], kind: string): OpamSection[] {
  return items.filter((item): item is OpamSection => item.type === 'section' && item.kind === kind);
}

/** The field's value as a string, when it is one. */
export function readStringField(items: OpamItem[], name: string): string | undefined {
  const value = findField(items, name)?.value;
  return value?.type === 'string' ? value.value : undefined;
}

/** A value's items when it is a list, or the value alone (opam lets one-element lists drop the brackets). */
export function listItems(value: OpamValue): OpamValue[] {
  return value.type === 'list' ? value.items : [value];
}

/** Strings of a list field (`roots`, `installed`, `x-opam-monorepo-root-packages`); other items are an error. */
export function readStringList(
  items: OpamItem[],
  name: string,
  file: string | undefined,
  code: ErrorCode = 'OPAM_BAD',
): string[] {
  const field = findField(items, name);
  if (!field) return [];
  return listItems(field.value).map((item) => expectString(item, `field "${name}"`, file, code));
}

/** The string a value holds, or a located `UserError`. */
export function expectString(
  value: OpamValue,
  what: string,
  file: string | undefined,
  code: ErrorCode = 'OPAM_BAD',
): string {
  if (value.type !== 'string')
    throw new UserError(code, `${what}: expected a string, found ${value.type}`, {
      file,
      line: value.line,
      column: value.column,
      at: what,
    });
  return value.value;
}

/** Splits `name.version` at the first dot (opam package names contain no dot). */
export function splitNameVersion(text: string): { name: string; version: string } | undefined {
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1) return undefined;
  return { name: text.slice(0, dot), version: text.slice(dot + 1) };
}
