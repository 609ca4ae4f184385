/** Prints an opam AST value back as opam text, for constraints shown to people (`>= "1.0" & build`). */
import type { OpamValue } from './parse-opam.js';

/** One-line opam text for a value; strings are re-quoted with `"` escaped. */
export function formatOpamValue(value: OpamValue): string {
  switch (value.type) {
    case 'string':
      return JSON.stringify(value.value);
    case 'ident':
      return value.name;
    case 'int':
    case 'bool':
      return String(value.value);
    case 'list':
      return `[${value.items.map(formatOpamValue).join(' ')}]`;
    case 'option':
      return `${formatOpamValue(value.value)} {${value.options.map(formatOpamValue).join(' ')}}`;
    case 'relop':
      return `${formatOpamValue(value.left)} ${value.op} ${formatOpamValue(value.right)}`;
    case 'prefix-relop':
      return `${value.op} ${formatOpamValue(value.value)}`;
    case 'logop':
      return `${formatOperand(value.left, value.op)} ${value.op} ${formatOperand(value.right, value.op)}`;
    case 'not':
      return `!${formatOperand(value.value, '!')}`;
    case 'defined':
      return `?${formatOpamValue(value.value)}`;
    case 'group':
      return `(${value.items.map(formatOpamValue).join(' ')})`;
    case 'env':
      return `${value.name} ${value.op} ${formatOpamValue(value.value)}`;
  }
}

/** Parenthesises a `|` under `&` (and any logop under `!`) so that the text reads back the same. */
function formatOperand(value: OpamValue, parent: '&' | '|' | '!'): string {
  const text = formatOpamValue(value);
  const needs = value.type === 'logop' && (parent === '!' || (parent === '&' && value.op === '|'));
  return needs ? `(${text})` : text;
}
