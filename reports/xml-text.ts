// Control characters XML 1.0 forbids even as references: shown as \uXXXX so the report stays well-formed.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** XML text and attribute values: the five special characters, and control characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(FORBIDDEN_IN_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
