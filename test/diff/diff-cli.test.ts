/**
 * `tcbscope diff` through main(io): the unix and js manifests of one program side by side (built here
 * with the inspect pipeline from the built fixtures), and bad input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { inspectImage, inspectJs } from '../../pipeline/inspect-file.js';
import { runCli } from '../cli/run-cli.js';
import { readFileTruth } from '../js/js-fixture.js';
import { FIXTURE_IMAGES_DIR, readFileSize, readSha256 } from '../support/binutils-truth.js';
import { BUILD_FIXTURES, builtFile, check, tool } from '../support/test-needs.js';

const quiet = (): void => undefined;
const repo = join(import.meta.dirname, '../..');
const unixImage = join(FIXTURE_IMAGES_DIR, 'build/ocaml-https/ocaml-https');
const jsBundle = join(repo, 'fixtures/js/build/app.js');
const meta = '/var/lib/dpkg/info';
const fixtures = check(
  ...[unixImage, `${unixImage}.map`, jsBundle, join(repo, 'fixtures/js/build/app.map')].map((f) =>
    builtFile(f, BUILD_FIXTURES),
  ),
  tool(meta),
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcbscope-diff-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeText(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function writeManifest(name: string, m: unknown): string {
  return writeText(name, JSON.stringify(m));
}

/** Attribution packages whose bytes or version differ between the two manifests, or that only one has. */
function differingPackages(a: Manifest, b: Manifest): Map<string, 'added' | 'removed' | 'changed'> {
  const key = (p: Manifest['attribution']['packages'][number]): string =>
    JSON.stringify([p.fileSize, p.memSize, p.codeSize, p.version ?? null]);
  const ma = new Map(a.attribution.packages.map((p) => [p.name, key(p)]));
  const mb = new Map(b.attribution.packages.map((p) => [p.name, key(p)]));
  const out = new Map<string, 'added' | 'removed' | 'changed'>();
  for (const [name, k] of ma)
    if (!mb.has(name)) out.set(name, 'removed');
    else if (mb.get(name) !== k) out.set(name, 'changed');
  for (const name of mb.keys()) if (!ma.has(name)) out.set(name, 'added');
  return out;
}

describe.skipIf(fixtures.skip)(
  fixtures.title('tcbscope diff unix.json js.json (the two targets of one program)'),
  () => {
    let unix: Manifest;
    let js: Manifest;
    let files: [string, string];
    const truth = { unixSize: 0, unixSha: '', jsSize: 0, jsSha: '' };
    beforeAll(async () => {
      unix = inspectImage(
        { image: unixImage, map: `${unixImage}.map`, meta: [meta], name: 'ocaml-https' },
        quiet,
      );
      js = await inspectJs(
        {
          image: jsBundle,
          sourceMap: join(repo, 'fixtures/js/build/app.map'),
          meta: [meta],
          name: 'ocaml-https.js',
        },
        quiet,
      );
      files = [writeManifest('unix.json', unix), writeManifest('js.json', js)];
      const app = readFileTruth().get('app.js');
      Object.assign(truth, {
        unixSize: readFileSize(`${unixImage}.filesize.txt`),
        unixSha: readSha256(`${unixImage}.sha256.txt`),
        jsSize: app?.size,
        jsSha: app?.sha256,
      });
    }, 120_000);

    it('prints the ManifestDiff as JSON (--json and --reporter json alike), sizes as stat recorded them', async () => {
      const r = await runCli(['diff', ...files, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const again = await runCli(['diff', ...files, '--reporter', 'json']);
      expect(again.stdout).toBe(r.stdout);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      const diff = JSON.parse(r.stdout) as {
        base: { target: string; sha256: string };
        head: { target: string; sha256: string };
        sameTarget: boolean;
        totals: { fileSize: { base: number; head: number; delta: number } };
        packages: { name: string; status: string; fileSize: { delta: number } }[];
      };
      expect([diff.base.target, diff.head.target, diff.sameTarget]).toEqual(['unix', 'js', false]);
      expect([diff.base.sha256, diff.head.sha256]).toEqual([truth.unixSha, truth.jsSha]);
      expect(diff.totals.fileSize).toMatchObject({
        base: truth.unixSize,
        head: truth.jsSize,
        delta: truth.jsSize - truth.unixSize,
      });
      expect(diff.packages.reduce((n, p) => n + p.fileSize.delta, 0)).toBe(truth.jsSize - truth.unixSize);
      const expected = differingPackages(unix, js);
      expect(
        new Map(diff.packages.filter((p) => p.status !== 'same').map((p) => [p.name, p.status])),
      ).toEqual(expected);
    });

    it('text: names both targets and lists every package that differs with its status', async () => {
      const r = await runCli(['diff', ...files]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe(
        `base: ocaml-https (unix, x86_64, elf64-le, sha256 ${truth.unixSha.slice(0, 12)})`,
      );
      expect(lines[1]).toBe(`head: ocaml-https.js (js, js, js, sha256 ${truth.jsSha.slice(0, 12)})`);
      expect(lines[2]).toBe('different targets: unix → js');
      const expected = differingPackages(unix, js);
      expect(expected.size).toBeGreaterThan(10);
      for (const [name, status] of expected)
        expect(
          lines.some((l) => l.startsWith(`  ${status.padEnd(8)} ${name} `)),
          `${status} ${name}`,
        ).toBe(true);
    });

    it('markdown: header layout, a totals row with the recorded sizes, then one row per differing package', async () => {
      const r = await runCli(['diff', ...files, '--reporter', 'markdown']);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n');
      // Golden: the heading and the table header a CI bot posts.
      expect(lines[0]).toBe('### tcbscope diff: `ocaml-https` (unix) → `ocaml-https.js` (js)');
      const header = lines.indexOf(
        '| package | status | version | base bytes | head bytes | Δ bytes | Δ % | Δ code |',
      );
      expect(header).toBeGreaterThan(0);
      expect(lines[header + 1]).toBe('|:--|:--|:--|--:|--:|--:|--:|--:|');
      const group = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      expect(lines[header + 2]).toMatch(
        new RegExp(
          `^\\| \\*\\*total\\*\\* \\| .* \\| ${group(truth.unixSize)} \\| ${group(truth.jsSize)} \\| -${group(truth.unixSize - truth.jsSize)} \\| `,
        ),
      );
      // The package table ends at the first blank line (a units table may follow).
      const rows = lines.slice(header + 3, lines.indexOf('', header)).filter((l) => l.startsWith('| '));
      const expected = differingPackages(unix, js);
      expect(rows).toHaveLength(expected.size);
      for (const [name, status] of expected) {
        const cell = status === 'removed' ? `~~\`${name}\`~~` : `\`${name}\``;
        const mark = status === 'changed' ? 'changed' : `**${status}**`;
        expect(
          rows.some((l) => l.startsWith(`| ${cell} | ${mark} |`)),
          `${status} ${name}`,
        ).toBe(true);
      }
    });

    it('--top limits the package rows and says how many it left out', async () => {
      const r = await runCli(['diff', ...files, '--top', '3']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`... and ${differingPackages(unix, js).size - 3} more`);
    });

    it('--units N lists the N units that moved most, and counts the others', async () => {
      // Truth from the two manifests: every (package, unit) of either side whose summed bytes differ.
      const bytes = (m: Manifest) => {
        const out = new Map<string, number>();
        for (const u of m.attribution.units)
          out.set(`${u.package}\u0000${u.name}`, (out.get(`${u.package}\u0000${u.name}`) ?? 0) + u.fileSize);
        return out;
      };
      const [a, b] = [bytes(unix), bytes(js)];
      const all = [...new Set([...a.keys(), ...b.keys()])].filter(
        (k) => !(a.has(k) && b.has(k) && a.get(k) === b.get(k)),
      ).length;
      const r = await runCli(['diff', ...files, '--units', '4']);
      expect(r.code).toBe(0);
      const block = r.stdout.slice(r.stdout.indexOf('Units that changed most'));
      expect(block.split('\n').filter((l) => /^ {2}(added|removed|changed) /.test(l))).toHaveLength(4);
      expect(block).toContain(`... and ${all - 4} more (--units, or --json for all)`);
    });
  },
);

describe('tcbscope diff: bad input (exit 2, one line naming the file)', () => {
  let good: string;
  beforeAll(() => {
    good = writeManifest(
      'greet.json',
      inspectImage({ image: join(FIXTURE_IMAGES_DIR, 'greet/greet') }, quiet),
    );
  });

  it('diffs a manifest with itself: exit 0, nothing changed', async () => {
    const r = await runCli(['diff', good, good]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('same target (unix): two builds compared');
    expect(r.stdout).toMatch(/0 changed, 0 added, 0 removed, \d+ unchanged/);
  });

  const cases: [string, () => string, string, string?][] = [
    ['a missing file', () => join(dir, 'nope.json'), 'FILE_NOT_FOUND'],
    // The comma missing before "version": line 3, column 3 (where its opening quote stands).
    [
      'a file that is not JSON',
      () => writeText('broken.json', '{\n  "schema": "tcbscope.manifest"\n  "version": 1\n}\n'),
      'MANIFEST_BAD',
      'line 3, column 3',
    ],
    [
      'JSON that is not a manifest',
      () => writeManifest('other.json', { hello: 1 }),
      'MANIFEST_BAD',
      'schema',
    ],
    [
      'a manifest of another version',
      () => writeManifest('v2.json', { schema: 'tcbscope.manifest', version: 2 }),
      'MANIFEST_VERSION',
      'version',
    ],
    [
      'a manifest that breaks the schema',
      () => writeManifest('noid.json', { schema: 'tcbscope.manifest', version: 1, kind: 'image' }),
      'MANIFEST_BAD',
    ],
  ];
  it.each(cases)('refuses %s', async (_what, make, code, where) => {
    const file = make();
    for (const args of [
      [good, file],
      [file, good],
    ]) {
      const r = await runCli(['diff', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
      expect(r.stderr).toContain(`tcbscope: ${file}: `);
      expect(r.stderr).toContain(`[${code}]`);
      if (where) expect(r.stderr).toContain(`(${where}`);
    }
    const json = await runCli(['diff', good, file, '--json']);
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as { error: { code: string } }).error.code).toBe(code);
  });

  it.each([
    [['diff', 'only-one.json'], 'expected BASE and HEAD'],
    [['diff', 'a', 'b', '--reporter', 'html'], '--reporter "html" is not one of text, json, markdown'],
    [['diff', 'a', 'b', '--json', '--reporter', 'markdown'], '--json means --reporter json'],
    [['diff', 'a', 'b', '--top', 'ten'], '--top takes a whole number'],
    [['diff', 'a', 'b', '--units', 'all'], '--units takes a whole number'],
    [['diff', 'a', 'b', '--colour'], "Unknown option '--colour'"],
  ])('refuses the command line %j (USAGE)', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('[USAGE]');
  });
});
