import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { runCli } from '../cli/run-cli.js';
import {
  OCAML_FIXTURE,
  fixturePaths,
  readDynamic,
  readFileSize,
  readSectionTable,
} from '../support/binutils-truth.js';
import { builtFixture, check } from '../support/test-needs.js';

const root = path.resolve(import.meta.dirname, '../..');
const nginx = path.join(root, 'stacks/debian-12-amd64/https-nginx.json');
const ocaml = fixturePaths().find((f) => f.name === 'ocaml-https');

const fixture = check(builtFixture(OCAML_FIXTURE));
describe.skipIf(fixture.skip)(
  fixture.title(
    'tcbscope compare: the OCaml fixture against the shipped HTTPS profile (truth: recorded readelf and stat)',
  ),
  () => {
    it('prints the ratios, the methodology and the hosted-target caveat', async () => {
      const f = ocaml as NonNullable<typeof ocaml>;
      const dir = path.dirname(f.image);
      const manifest = inspectImage(
        { image: f.image, map: path.join(dir, 'ocaml-https.map'), meta: ['/var/lib/dpkg/info'] },
        () => undefined,
      );
      const file = path.join(
        mkdtempSync(path.join(tmpdir(), 'tcbscope-compare-fixture-')),
        'ocaml-https.json',
      );
      writeFileSync(file, JSON.stringify(manifest));
      const r = await runCli(['compare', file, '--against', nginx, '--json']);
      expect(r.code).toBe(0);
      const c = JSON.parse(r.stdout);
      const stack = JSON.parse(readFileSync(nginx, 'utf8'));
      const sections = readSectionTable(f.truth['readelf-S'] as string);
      // Loaded: SHF_ALLOC sections with file bytes (not NOBITS), from the recorded readelf -S.
      const loadedTruth = sections
        .filter((s) => s.flags.includes('A') && s.type !== 'NOBITS')
        .reduce((n, s) => n + s.size, 0);
      const loaded = c.metrics.find((m: { id: string }) => m.id === 'loaded-bytes');
      expect(loaded.image).toBe(loadedTruth);
      expect(loaded.image).toBeLessThan(readFileSize(f.truth.filesize as string));
      expect(loaded.ratio).toBeCloseTo(loadedTruth / loaded.stack, 12);
      // The stack's loaded bytes leave its padding out: below the files' sizes by at least that much.
      expect(loaded.stack).toBeLessThanOrEqual(stack.identity.fileSize - c.apart.stack.padding);
      const code = sections.filter((s) => s.flags.includes('X')).reduce((n, s) => n + s.size, 0);
      expect(c.metrics.find((m: { id: string }) => m.id === 'code-bytes').image).toBe(code);
      for (const lib of readDynamic(f.truth['readelf-d'] as string).needed)
        expect(c.methodology.join('\n')).toContain(lib);
      const text = await runCli(['compare', file, '--against', nginx]);
      expect(text.stdout).toContain('How each metric was computed');
      expect(text.stdout).toMatch(
        /Headline: code bytes: \d+\.\d+% of nginx \+ OpenSSL \+ glibc \+ Linux 6\.1 \(ocaml-https [\d,]+ vs https-nginx [\d,]+ bytes\)/,
      );
    });
  },
);
