/**
 * Solo5's `stub` target: its images carry the manifest note and PT_INTERP `/nonexistent/solo5/` but
 * no ABI note. The test makes one from a copy of the shared kv.hvt by renaming its ABI note's type
 * (readelf -S gives the note's offset; readelf -n and -l on the copy are the truth that it now has
 * no ABI1 note, still has the manifest and still names the interpreter).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readElf } from '../../builder/elf/read-elf.js';
import { buildImageManifest } from '../../builder/image/build-image-manifest.js';
import { loadRules } from '../../pipeline/io/load-rules.js';
import { sha256Hex } from '../../pipeline/io/read-input-file.js';
import { check, external, tool } from '../support/test-needs.js';
import { HAVE_UNIKERNELS, imagePath, UNIKERNELS } from './unikernel-data.js';

const needs = check(tool('readelf'), external(HAVE_UNIKERNELS, `${UNIKERNELS} (shared test data)`));
const dir = mkdtempSync(path.join(tmpdir(), 'tcbscope-stub-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readelf = (...args: string[]): string => execFileSync('readelf', args, { encoding: 'utf8' });

/** kv.hvt with the type word of `.note.solo5.abi` zeroed (owner and size kept), written to `dir`. */
function makeStubImage(): string {
  const source = imagePath('hvt');
  const line = readelf('-SW', source)
    .split('\n')
    .find((l) => /\s\.note\.solo5\.abi\s/.test(l));
  // [Nr] Name Type Address Off Size ...: the file offset is the fourth field after the name
  const offset = parseInt(
    /\.note\.solo5\.abi\s+\S+\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(line ?? '')?.[1] ?? '',
    16,
  );
  expect(offset, 'offset of .note.solo5.abi').toBeGreaterThan(0);
  const bytes = Buffer.from(readFileSync(source));
  bytes.writeUInt32LE(0, offset + 8);
  const out = path.join(dir, 'kv.stub');
  writeFileSync(out, bytes);
  return out;
}

function inspect(file: string): ReturnType<typeof buildImageManifest> {
  const bytes = readFileSync(file);
  return buildImageManifest({
    name: path.basename(file),
    elf: readElf(bytes),
    sha256: sha256Hex(bytes),
    rules: loadRules(),
    provenance: { tool: 'tcbscope', toolVersion: 'test', command: [], environment: {}, inputs: [] },
  });
}

describe.skipIf(needs.skip)(needs.title('a Solo5 stub image (manifest note, no ABI note)'), () => {
  it('is target stub with a diagnostic, not a hosted unix executable', () => {
    const stub = makeStubImage();
    const notes = readelf('-nW', stub);
    expect(notes).toMatch(/Solo5\s+0x[0-9a-f]+\s+Unknown note type: \(0x3154464d\)/);
    expect(notes).not.toContain('(0x31494241)');
    expect(readelf('-lW', stub)).toContain('[Requesting program interpreter: /nonexistent/solo5/]');
    const manifest = inspect(stub);
    expect(manifest.identity.target).toBe('stub');
    expect(manifest.identity.targetEvidence).toMatch(
      /manifest note without an ABI note.*\/nonexistent\/solo5\//,
    );
    expect(manifest.diagnostics.map((d) => d.code)).toContain('solo5-no-abi');
    expect(manifest.platform.solo5?.manifest).toBeDefined();
  });

  it('the untouched image stays hvt, from its ABI note', () => {
    expect(inspect(imagePath('hvt')).identity.target).toBe('hvt');
  });
});
