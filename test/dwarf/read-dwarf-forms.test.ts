/**
 * The DWARF 5 forms gcc does not emit for a plain build (DW_FORM_strx*, DW_FORM_addrx*, DW_FORM_rnglistx,
 * DW_FORM_implicit_const, bases stated after the attributes that use them), in hand-written assembly
 * that gas assembles and ld links; readelf and nm on the linked file are the truth.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDwarfUnits, type DwarfUnitsResult } from '../../builder/dwarf/read-dwarf-units.js';
import { dumpDwarfSections, readelfUnits, type ReadelfUnit } from './dwarf-truth.js';
import { checkTools } from '../support/test-needs.js';

/** Two units: the first uses index forms throughout and a range list; the second DW_FORM_string, implicit_const, addrx1 and a high_pc length. */
const FORMS_S = `	.section .text.f1,"ax",@progbits
	.globl f1
	.type f1, @function
f1:
	xorl %eax, %eax
	ret
	.size f1, .-f1
	.section .text.pad,"ax",@progbits
pad:
	.fill 64, 1, 0x90
	.section .text.f2,"ax",@progbits
	.globl f2
	.type f2, @function
f2:
	movl $1, %eax
	ret
	.size f2, .-f2
	.section .text.f3,"ax",@progbits
	.globl f3
	.type f3, @function
f3:
	movl $2, %eax
	nop
	ret
	.size f3, .-f3

	.section .debug_abbrev,"",@progbits
abbrev_start:
	.uleb128 1          # code
	.uleb128 0x11       # DW_TAG_compile_unit
	.byte 0             # no children
	.uleb128 0x25, 0x25 # producer, strx1
	.uleb128 0x13, 0x05 # language, data2
	.uleb128 0x03, 0x1a # name, strx
	.uleb128 0x1b, 0x26 # comp_dir, strx2
	.uleb128 0x11, 0x1b # low_pc, addrx
	.uleb128 0x55, 0x23 # ranges, rnglistx
	.uleb128 0x72, 0x17 # str_offsets_base, sec_offset
	.uleb128 0x73, 0x17 # addr_base, sec_offset
	.uleb128 0x74, 0x17 # rnglists_base, sec_offset
	.uleb128 0, 0
	.uleb128 2
	.uleb128 0x11
	.byte 0
	.uleb128 0x03, 0x08 # name, string
	.uleb128 0x13, 0x21 # language, implicit_const
	.sleb128 0x1d
	.uleb128 0x11, 0x29 # low_pc, addrx1
	.uleb128 0x12, 0x06 # high_pc, data4 (length)
	.uleb128 0x73, 0x17 # addr_base
	.uleb128 0, 0
	.uleb128 0

	.section .debug_info,"",@progbits
cu1:
	.long cu1_end - cu1_ver
cu1_ver:
	.short 5
	.byte 1             # DW_UT_compile
	.byte 8
	.long abbrev_start
	.uleb128 1
	.byte 0             # producer: str index 0
	.short 0x1d         # C11
	.uleb128 1          # name: str index 1
	.short 2            # comp_dir: str index 2
	.uleb128 0          # low_pc: addr index 0
	.uleb128 0          # ranges: list 0
	.long stroff_base
	.long addr_base
	.long rng_base
cu1_end:
cu2:
	.long cu2_end - cu2_ver
cu2_ver:
	.short 5
	.byte 1
	.byte 8
	.long abbrev_start
	.uleb128 2
	.asciz "second.s"
	.byte 2             # low_pc: addr index 2
	.long f3_end_len
	.long addr_base
cu2_end:
	.set f3_end_len, 4

	.section .debug_str,"MS",@progbits,1
s_producer: .asciz "hand-written DWARF 5"
s_name:     .asciz "forms.c"
s_dir:      .asciz "/src/forms"

	.section .debug_str_offsets,"",@progbits
	.long so_end - so_ver
so_ver:
	.short 5
	.short 0
stroff_base:
	.long s_producer
	.long s_name
	.long s_dir
so_end:

	.section .debug_addr,"",@progbits
	.long ad_end - ad_ver
ad_ver:
	.short 5
	.byte 8
	.byte 0
addr_base:
	.quad f1
	.quad f2
	.quad f3
ad_end:

	.section .debug_rnglists,"",@progbits
	.long rl_end - rl_ver
rl_ver:
	.short 5
	.byte 8
	.byte 0
	.long 1             # offset entry count
rng_base:
	.long list0 - rng_base
list0:
	.byte 3             # DW_RLE_startx_length
	.uleb128 0
	.uleb128 3
	.byte 1             # DW_RLE_base_addressx
	.uleb128 1
	.byte 4             # DW_RLE_offset_pair
	.uleb128 0
	.uleb128 6
	.byte 0             # end of list
rl_end:
	.section .note.GNU-stack,"",@progbits
`;

/** Function extents from `nm -S`. */
function functionExtent(file: string, name: string): { low: number; high: number } {
  const line = execFileSync('nm', ['-S', file], { encoding: 'utf8' })
    .split('\n')
    .find((l) => l.endsWith(` T ${name}`));
  const m = /^([0-9a-f]+) ([0-9a-f]+)/.exec(line ?? '');
  const low = parseInt(m?.[1] ?? '', 16);
  return { low, high: low + parseInt(m?.[2] ?? '', 16) };
}

const tools = checkTools('gcc', 'objcopy', 'nm', 'readelf');
describe.skipIf(tools.skip)(tools.title('readDwarfUnits on DWARF 5 index forms'), () => {
  let file = '';
  let result: DwarfUnitsResult;
  let truth: ReadelfUnit[];
  beforeAll(() => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dwarf-forms-'));
    writeFileSync(path.join(dir, 'forms.s'), FORMS_S);
    execFileSync('gcc', ['-nostdlib', '-static', '-Wl,-e,f1', 'forms.s', '-o', 'forms'], { cwd: dir });
    file = path.join(dir, 'forms');
    result = readDwarfUnits(dumpDwarfSections(file));
    truth = readelfUnits(file);
  });

  it('resolves strx1/strx/strx2 strings and the implicit_const language as readelf does', () => {
    expect(result.diagnostics).toEqual([]);
    expect(truth).toHaveLength(2);
    expect(
      result.units.map((u) => ({
        offset: u.offset,
        name: u.name,
        compDir: u.compDir,
        producer: u.producer,
        language: u.language,
      })),
    ).toEqual(
      truth.map((t) => ({
        offset: t.offset,
        name: t.name,
        compDir: t.compDir,
        producer: t.producer,
        language: t.language,
      })),
    );
  });

  it('resolves the rnglistx range list (startx_length, base_addressx + offset_pair) to the functions nm sizes', () => {
    expect(result.units[0]?.ranges).toEqual([functionExtent(file, 'f1'), functionExtent(file, 'f2')]);
  });

  it('resolves addrx1 low_pc plus a high_pc length as readelf states them', () => {
    const t = truth[1];
    expect(result.units[1]?.ranges).toEqual([{ low: t?.lowPc, high: (t?.lowPc ?? 0) + (t?.highPc ?? 0) }]);
    expect(t?.lowPc).toBe(functionExtent(file, 'f3').low);
  });
});
