import { UserError } from '../../analyzer/model/user-error.js';

/** One deb822 paragraph: its fields in file order, and the line it starts on. */
export interface Deb822Paragraph {
  /** Field name as written → value; continuation lines are joined with `\n`, leading space removed. */
  fields: Record<string, string>;
  /** 1-based line of the paragraph's first field. */
  line: number;
}

/**
 * Parses deb822 text (control files, `Packages` indexes): paragraphs separated by blank lines,
 * `Name: value` fields, continuation lines starting with a space or tab, `#` comment lines.
 * Throws `DEB_BAD` with the line for a line that is neither.
 */
export function parseDeb822(text: string, file?: string): Deb822Paragraph[] {
  const paragraphs: Deb822Paragraph[] = [];
  let current: Deb822Paragraph | undefined;
  let lastField: string | undefined;
  let lineNo = 0;
  let start = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = length;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') {
      current = undefined;
      lastField = undefined;
      if (end === length) break;
      continue;
    }
    const first = line.charCodeAt(0);
    if (first === 0x23 /* # */) continue;
    if (first === 0x20 || first === 0x09) {
      if (!current || lastField === undefined)
        throw new UserError('DEB_BAD', 'continuation line outside a field', {
          file,
          line: lineNo,
          column: 1,
        });
      current.fields[lastField] += '\n' + line.slice(1);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new UserError('DEB_BAD', `expected "Field: value", found ${JSON.stringify(line.slice(0, 40))}`, {
        file,
        line: lineNo,
        column: 1,
      });
    const name = line.slice(0, colon);
    if (/\s/.test(name))
      throw new UserError('DEB_BAD', `field name ${JSON.stringify(name)} contains white space`, {
        file,
        line: lineNo,
        column: 1,
      });
    if (!current) {
      current = { fields: {}, line: lineNo };
      paragraphs.push(current);
    }
    if (Object.prototype.hasOwnProperty.call(current.fields, name)) {
      throw new UserError('DEB_BAD', `field ${name} appears twice in one paragraph`, {
        file,
        line: lineNo,
        column: 1,
      });
    }
    current.fields[name] = line.slice(colon + 1).trim();
    lastField = name;
    if (end === length) break;
  }
  return paragraphs;
}

/** A field by name, case-insensitively as deb822 says (exact spelling is tried first). */
export function getField(paragraph: Deb822Paragraph, name: string): string | undefined {
  const exact = paragraph.fields[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(paragraph.fields)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
