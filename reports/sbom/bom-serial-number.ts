/**
 * The BOM serial number as a content-derived UUID: the first 128 bits of the manifest file's SHA-256,
 * with the version nibble set to 8 and the variant bits to `10`, as RFC 9562 describes for a
 * name-based UUID built with SHA-256. The same manifest gives the same SBOM, byte for byte.
 */
export function serialNumberFromSha256(sha256Hex: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new Error(`not a SHA-256 in hex: ${sha256Hex}`);
  const hex = sha256Hex.slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
