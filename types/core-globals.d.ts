// The pure core compiles without Node's or the DOM's types, so that an fs/process import fails to
// type-check. TextDecoder and TextEncoder are not I/O: they are standard in every JS engine we run on.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
