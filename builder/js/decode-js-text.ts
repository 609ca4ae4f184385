import { UserError } from '../../analyzer/model/user-error.js';
import { isAsciiRange } from '../elf/is-ascii-range.js';

// The core is compiled without DOM or Node types; TextDecoder is an ECMAScript-host global in every
// runtime we target (Node ≥ 11, browsers), so it is declared here rather than pulling in a lib.
declare const TextDecoder: new (
  label: string,
  options?: { fatal?: boolean },
) => { decode(bytes: Uint8Array): string };

/** A JavaScript file checked to be text, with the facts later stages need about its encoding. */
export interface JsText {
  /** The decoded text (UTF-16, as JavaScript and source map columns see it). */
  text: string;
  /** True when every byte is below 0x80: then UTF-16 positions equal byte offsets. */
  ascii: boolean;
}

/**
 * Checks that `bytes` are UTF-8 text without NUL bytes and returns their line structure facts.
 * Throws `JS_BAD` at the first byte that cannot be JavaScript source (binary data, broken UTF-8).
 */
export function checkJsBytes(bytes: Uint8Array, file?: string): { ascii: boolean } {
  // Fast paths: no NUL and all ASCII (js_of_ocaml's output, usually) is valid UTF-8 with nothing to
  // decode; else, in native code, valid UTF-8 and ASCII exactly when decoding keeps the length.
  if (bytes.indexOf(0) < 0) {
    if (isAsciiRange(bytes)) return { ascii: true };
    try {
      return { ascii: new TextDecoder('utf-8', { fatal: true }).decode(bytes).length === bytes.length };
    } catch {
      // fall through to the byte walk, which finds the offset to report
    }
  }
  return walkJsBytes(bytes, file);
}

function walkJsBytes(bytes: Uint8Array, file: string | undefined): { ascii: boolean } {
  let ascii = true;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0) throw new UserError('JS_BAD', 'binary data (a NUL byte)', { file, offset: i });
      i++;
      continue;
    }
    ascii = false;
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0)
      throw new UserError('JS_BAD', `byte 0x${b.toString(16)} is not UTF-8 text`, { file, offset: i });
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80)
        throw new UserError('JS_BAD', 'broken UTF-8 sequence', { file, offset: i });
    }
    i += len;
  }
  return { ascii };
}

/** Decodes UTF-8 bytes that {@link checkJsBytes} accepted (or any UTF-8, replacing bad sequences). */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Checks and decodes a JavaScript file. */
export function decodeJsText(bytes: Uint8Array, file?: string): JsText {
  const { ascii } = checkJsBytes(bytes, file);
  return { text: decodeUtf8(bytes), ascii };
}

/** How many UTF-16 code units the UTF-8 sequence starting with lead byte `b` decodes to. */
export function utf16UnitsOfLead(b: number): number {
  return b >= 0xf0 ? 2 : 1;
}

/** Bytes in the UTF-8 sequence starting with lead byte `b` (continuation bytes count as 1). */
export function utf8LengthOfLead(b: number): number {
  return b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}
