import { fixupSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';

/**
 * How a manifest's licence text goes into CycloneDX: an SPDX licence id, an SPDX expression, or
 * (anything else, such as Debian's `GPL-2+` or a bare `LGPL2.1`) a named licence that keeps the text.
 */
export type LicenceChoice =
  { kind: 'spdx'; id: string } | { kind: 'expression'; expression: string } | { kind: 'named'; name: string };

// SPDX ids match case-insensitively (SPDX 2.3, annex D), so `BSD-3-clause` is `BSD-3-Clause`; the
// operators are matched case-sensitively, so only upper-case AND/OR/WITH make an expression here.
const OPERATORS = new Set(['AND', 'OR', 'WITH']);

/** Picks the CycloneDX licence form for one licence text, never guessing an id the text does not name. */
export function chooseLicence(text: string): LicenceChoice {
  const trimmed = text.trim();
  const id = fixupSpdxId(trimmed);
  if (id !== undefined) return { kind: 'spdx', id };
  const expression = normaliseExpression(trimmed);
  return expression !== undefined ? { kind: 'expression', expression } : { kind: 'named', name: trimmed };
}

/** The expression with every id in SPDX's spelling, or undefined when a token is not SPDX. */
function normaliseExpression(text: string): string | undefined {
  const tokens = text.split(/\s+|(?=[()])|(?<=[()])/).filter((t) => t !== '');
  if (tokens.length === 0) return undefined;
  let depth = 0;
  let expectOperand = true;
  const out: string[] = [];
  for (const token of tokens) {
    if (token === '(' || token === ')') {
      depth += token === '(' ? 1 : -1;
      if (depth < 0 || expectOperand !== (token === '(')) return undefined;
      out.push(token);
    } else if (OPERATORS.has(token)) {
      if (expectOperand) return undefined;
      expectOperand = true;
      out.push(token);
    } else {
      const operand = spdxOperand(token);
      if (!expectOperand || operand === undefined) return undefined;
      expectOperand = false;
      out.push(operand);
    }
  }
  if (depth !== 0 || expectOperand) return undefined;
  return out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
}

/** `MIT`, `GPL-2.0+` (an id with SPDX's "or later" operator), `LicenseRef-x`; else undefined. */
function spdxOperand(token: string): string | undefined {
  if (/^(DocumentRef-[\w.-]+:)?LicenseRef-[\w.-]+$/.test(token)) return token;
  const id = fixupSpdxId(token);
  if (id !== undefined) return id;
  const base = token.endsWith('+') ? fixupSpdxId(token.slice(0, -1)) : undefined;
  return base !== undefined ? `${base}+` : undefined;
}
