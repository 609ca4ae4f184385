import { UserError } from '../../analyzer/model/user-error.js';
import { decodeUtf8 } from './decode-js-text.js';

/** The source map a bundle points to: inline (a `data:` URL, decoded here) or a URL the caller resolves. */
export type SourceMapReference = { kind: 'inline'; text: string } | { kind: 'url'; url: string };

const MARKER = '# sourceMappingURL=';

/**
 * Reads the last `//# sourceMappingURL=` comment of a bundle (only the file's tail is searched:
 * the comment must be last). Inline maps (`data:application/json;base64,...`) are decoded; a bad
 * inline map throws `SOURCEMAP_BAD` at its offset.
 */
export function findSourceMapReference(bytes: Uint8Array, file?: string): SourceMapReference | undefined {
  // Walk the last lines back (inline maps make them megabytes long, so no split): blank lines and
  // other line comments may follow the marker; code may not.
  let lineEnd = bytes.length;
  for (let k = 0; k < 16; k++) {
    const nl = lineEnd > 0 ? bytes.lastIndexOf(0x0a, lineEnd - 1) : -1;
    const lineStart = nl + 1;
    const isComment = bytes[lineStart] === 0x2f && bytes[lineStart + 1] === 0x2f;
    if (
      isComment &&
      (bytes[lineStart + 2] === 0x23 || bytes[lineStart + 2] === 0x40) &&
      matches(bytes, lineStart + 3, MARKER.slice(1))
    ) {
      let end = lineEnd;
      while (end > lineStart && (bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20)) end--;
      return readReference(bytes, lineStart, end, file);
    }
    if (!isComment && !isBlank(bytes, lineStart, lineEnd)) return undefined;
    if (nl < 0) return undefined;
    lineEnd = nl;
  }
  return undefined;
}

function readReference(
  bytes: Uint8Array,
  at: number,
  end: number,
  file: string | undefined,
): SourceMapReference {
  const url = ascii(bytes, at + 2 + MARKER.length, end);
  const inline = /^data:application\/json;(?:charset=[\w-]+;)?base64,/i.exec(url);
  if (!inline) return { kind: 'url', url };
  const payload = url.slice(inline[0].length);
  const decoded = decodeBase64(payload);
  if (!decoded)
    throw new UserError('SOURCEMAP_BAD', 'inline source map is not valid Base64', {
      file,
      offset: at,
      at: 'sourceMappingURL',
    });
  return { kind: 'inline', text: decodeUtf8(decoded) };
}

function matches(bytes: Uint8Array, at: number, s: string): boolean {
  for (let k = 0; k < s.length; k++) if (bytes[at + k] !== s.charCodeAt(k)) return false;
  return true;
}

function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++)
    if (bytes[i] !== 0x20 && bytes[i] !== 0x09 && bytes[i] !== 0x0d) return false;
  return true;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i += 8192)
    s += String.fromCharCode(...bytes.subarray(i, Math.min(to, i + 8192)));
  return s;
}

const B64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  B64[c.charCodeAt(0)] = i;
});

/** Standard Base64 with optional padding; undefined on any other character. */
function decodeBase64(s: string): Uint8Array | undefined {
  const clean = s.replace(/=+$/, '');
  if (clean.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? B64[c]! : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
