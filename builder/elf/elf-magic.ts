/**
 * The ELF magic number, tested in one place: the readers, the read planner, the pipeline's file-kind
 * choice and the Debian readers all ask {@link isElf}.
 */

/** e_ident[EI_MAG0..EI_MAG3]: 0x7f 'E' 'L' 'F'. */
export const ELF_MAGIC: readonly number[] = [0x7f, 0x45, 0x4c, 0x46];

/** True when `bytes` starts with the ELF magic number (nothing else about the header is checked). */
export function isElf(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === ELF_MAGIC[0] &&
    bytes[1] === ELF_MAGIC[1] &&
    bytes[2] === ELF_MAGIC[2] &&
    bytes[3] === ELF_MAGIC[3]
  );
}
