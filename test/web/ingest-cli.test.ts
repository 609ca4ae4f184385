/**
 * `tcbscope ingest` through main(io). The manifests are made by `tcbscope inspect --out` from the
 * committed Solo5 fixtures (one build: hvt, spt, xen), laid out as `tcbscope build` writes them
 * (`manifests/<job>/<target>.json`); the stacks are the committed Debian profiles. What was stored
 * is read back with our own SQLite connection and checked against stat and node:crypto.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import {
  countRows,
  readSolo5Truth,
  SOLO5_DIR,
  SOLO5_IMAGES,
  STACK_DIR,
  withRawDb,
  type ImageTruth,
} from '../support/solo5-build.js';

let dir: string;
let truth: ImageTruth[];
/** `manifests/solo5-fixtures/<target>.json`, relative to `dir`. */
const manifestOf = (target: string) => join('manifests', 'solo5-fixtures', `${target}.json`);

/** Runs `tcbscope ARGS` in `cwd` (default: the temp folder) with `env`, capturing its output. */
function run(args: string[], env: Record<string, string> = {}, cwd = dir): ReturnType<typeof runCli> {
  return runCli(args, cwd, env);
}

let serial = 0;
/** A database path (relative to `dir`) no test has used. */
const newDb = () => `db-${++serial}/tcbscope.db`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tcbscope-ingest-cli-'));
  truth = readSolo5Truth();
  mkdirSync(join(dir, 'empty'));
  for (const { target, name } of SOLO5_IMAGES) {
    const image = join(SOLO5_DIR, name);
    const r = await run(['inspect', image, '--map', `${image}.map`, '--out', join(dir, manifestOf(target))]);
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The build rows as SQLite has them, joined with their job. */
function storedBuilds(db: string) {
  return withRawDb(join(dir, db), (raw) => ({
    builds: raw
      .prepare(
        'SELECT b.id, j.name AS job, b.label, b.ingested_at AS ingestedAt FROM builds b JOIN jobs j ON j.id = b.job_id ORDER BY b.id',
      )
      .all(),
    images: raw
      .prepare(
        'SELECT build_id AS buildId, target, name, file_size AS fileSize, sha256 FROM images ORDER BY build_id, target',
      )
      .all(),
  }));
}

describe('a folder of per-target manifests', () => {
  it('is one build of the job the folder names; again, it is already stored and nothing changes', async () => {
    const db = newDb();
    const r = await run(['ingest', join('manifests', 'solo5-fixtures'), '--db', db, '--label', 'ci-41']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`build 1 of solo5-fixtures (new): hvt, spt, xen\ndatabase: ${db}\n`);
    const stored = storedBuilds(db);
    expect(stored.builds).toMatchObject([{ id: 1, job: 'solo5-fixtures', label: 'ci-41' }]);
    expect(stored.images).toEqual(
      truth.map((t) => ({ buildId: 1, target: t.target, name: t.name, fileSize: t.size, sha256: t.sha256 })),
    );

    const counts = countRows(join(dir, db));
    const again = await run(['ingest', join('manifests', 'solo5-fixtures'), '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`build 1 of solo5-fixtures (already stored): hvt, spt, xen\ndatabase: ${db}\n`);
    expect(countRows(join(dir, db))).toEqual(counts);
  });
});

describe('--json', () => {
  it('prints exactly one JSON document for a folder of builds and a folder of stacks', async () => {
    const db = newDb();
    const r = await run(['ingest', 'manifests', STACK_DIR, '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    // The whole of stdout parses as one value (a second document or a stray line would not).
    const doc = JSON.parse(r.stdout) as {
      db: string;
      builds: { job: string; buildId: number; created: boolean; images: { id: number; target: string }[] }[];
      stacks: { name: string; stackId: number; created: boolean }[];
    };
    expect(doc.db).toBe(db);
    expect(doc.builds).toHaveLength(1);
    expect(doc.builds[0]).toMatchObject({ job: 'solo5-fixtures', created: true });
    expect(doc.builds[0]?.images.map((i) => i.target)).toEqual(['hvt', 'spt', 'xen']);
    const stackNames = ['dns-unbound', 'https-nginx', 'ssh-openssh'].map(
      (f) =>
        (JSON.parse(readFileSync(join(STACK_DIR, `${f}.json`), 'utf8')) as { identity: { name: string } })
          .identity.name,
    );
    expect(doc.stacks.map((s) => [s.name, s.created])).toEqual(stackNames.map((n) => [n, true]));
    expect(countRows(join(dir, db))).toMatchObject({ jobs: 1, builds: 1, images: 3, stacks: 3 });
  });
});

describe('where the database goes', () => {
  it.each([
    ['--db', ['--db', 'chosen/by-flag.db'], {}, 'chosen/by-flag.db'],
    ['TCBSCOPE_DB', [], { TCBSCOPE_DB: 'chosen/by-env.db' }, 'chosen/by-env.db'],
    [
      '--db over TCBSCOPE_DB',
      ['--db', 'chosen/flag-wins.db'],
      { TCBSCOPE_DB: 'chosen/env-loses.db' },
      'chosen/flag-wins.db',
    ],
    ['the default', [], {}, '.tcbscope/tcbscope.db'],
  ])('%s', async (_what, flags, env, expected) => {
    // Each case in its own working folder, so the default path is not shared.
    const cwd = join(dir, `cwd-${++serial}`);
    mkdirSync(cwd);
    const r = await run(['ingest', join(dir, manifestOf('hvt')), ...flags], env, cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.endsWith(`database: ${expected}\n`)).toBe(true);
    expect(countRows(join(cwd, expected))).toMatchObject({ builds: 1, images: 1 });
  });
});

describe('bad manifests: exit 2, one stderr line naming the file, no database created', () => {
  // Each case is a build folder holding the real hvt manifest and one broken one.
  const cases: [string, () => string, string][] = [
    [
      'a truncated manifest',
      () => readFileSync(join(dir, manifestOf('xen')), 'utf8').slice(0, 5000),
      'MANIFEST_BAD',
    ],
    [
      'a manifest of another version',
      () => readFileSync(join(dir, manifestOf('xen')), 'utf8').replace('"version":1,', '"version":2,'),
      'MANIFEST_VERSION',
    ],
    [
      'a file that is not a manifest',
      () => readFileSync(join(SOLO5_DIR, 'solo5-xen.readelf-S.txt'), 'utf8'),
      'MANIFEST_BAD',
    ],
  ];
  it.each(cases)('%s', async (_what, broken, code) => {
    const build = join('bad', `case-${++serial}`);
    mkdirSync(join(dir, build), { recursive: true });
    writeFileSync(join(dir, build, 'hvt.json'), readFileSync(join(dir, manifestOf('hvt'))));
    const text = broken();
    expect(text).not.toBe(readFileSync(join(dir, manifestOf('xen')), 'utf8'));
    writeFileSync(join(dir, build, 'xen.json'), text);
    const db = newDb();
    for (const json of [[], ['--json']]) {
      const r = await run(['ingest', build, '--db', db, ...json]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
      expect(r.stderr.startsWith(`tcbscope: ${join(build, 'xen.json')}: `)).toBe(true);
      expect(r.stderr).toContain(`[${code}]`);
      if (json.length > 0) expect(JSON.parse(r.stdout)).toMatchObject({ error: { code } });
      else expect(r.stdout).toBe('');
    }
    expect(existsSync(join(dir, db))).toBe(false);
    expect(existsSync(join(dir, db, '..'))).toBe(false);
  });
});

describe('SOURCE_DATE_EPOCH', () => {
  it('fixes the ingest time of builds and stacks', async () => {
    const db = newDb();
    const r = await run(
      ['ingest', join('manifests', 'solo5-fixtures'), join(STACK_DIR, 'https-nginx.json'), '--db', db],
      { SOURCE_DATE_EPOCH: '1700000000' },
    );
    expect(r.code, r.stderr).toBe(0);
    const times = withRawDb(join(dir, db), (raw) =>
      raw.prepare('SELECT ingested_at AS t FROM builds UNION ALL SELECT ingested_at FROM stacks').all(),
    );
    // 1700000000 s after the epoch is 2023-11-14 22:13:20 UTC.
    expect(times).toEqual([{ t: '2023-11-14T22:13:20.000Z' }, { t: '2023-11-14T22:13:20.000Z' }]);
  });

  it('without it, records the time of the run', async () => {
    const db = newDb();
    const before = Date.now();
    const r = await run(['ingest', join('manifests', 'solo5-fixtures'), '--db', db]);
    const after = Date.now();
    expect(r.code, r.stderr).toBe(0);
    const { builds } = storedBuilds(db);
    const at = Date.parse((builds[0] as { ingestedAt: string }).ingestedAt);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });
});

describe('loose manifest files', () => {
  const loose = () => SOLO5_IMAGES.map((i) => manifestOf(i.target));

  it('of several images and no --job: exit 2 (USAGE) naming the images, no database created', async () => {
    const db = newDb();
    const r = await run(['ingest', ...loose(), '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toContain(
      'the image manifests name 3 images (solo5-hvt, solo5-spt-aarch64, solo5-xen); pass --job NAME',
    );
    expect(r.stderr).toContain('[USAGE]');
    expect(existsSync(join(dir, db))).toBe(false);
  });

  it('with --job: one build of that job', async () => {
    const db = newDb();
    const r = await run(['ingest', ...loose(), '--job', 'solo5-loose', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('build 1 of solo5-loose (new): hvt, spt, xen');
    expect(storedBuilds(db).builds).toMatchObject([{ id: 1, job: 'solo5-loose' }]);
  });

  it('of one image: a build of the job the image names', async () => {
    const db = newDb();
    const r = await run(['ingest', manifestOf('xen'), '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(storedBuilds(db)).toMatchObject({
      builds: [{ job: 'solo5-xen' }],
      images: [{ target: 'xen', fileSize: truth[2]?.size }],
    });
  });
});

describe('builds that do not fit together', () => {
  it('two manifests for one target: exit 2 (STORE_CONFLICT) naming the second file, nothing stored', async () => {
    mkdirSync(join(dir, 'twice'), { recursive: true });
    const image = join(SOLO5_DIR, 'solo5-hvt');
    const made = await run([
      'inspect',
      image,
      '--map',
      `${image}.map`,
      '--name',
      'hvt-again',
      '--out',
      join(dir, 'twice', 'hvt-again.json'),
    ]);
    expect(made.code, made.stderr).toBe(0);
    const db = newDb();
    const r = await run([
      'ingest',
      manifestOf('hvt'),
      join('twice', 'hvt-again.json'),
      '--job',
      'solo5-fixtures',
      '--db',
      db,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr.startsWith(`tcbscope: ${join('twice', 'hvt-again.json')}: `)).toBe(true);
    expect(r.stderr).toContain('[STORE_CONFLICT]');
    // Checked before the database is opened: not even an empty database is created.
    expect(existsSync(join(dir, db))).toBe(false);
  });

  it('a folder of builds where a later one conflicts: exit 2 and no build of the folder stored', async () => {
    // manifests-mixed/a-good is a whole build; manifests-mixed/b-bad gives hvt twice.
    const root = join(dir, 'manifests-mixed');
    mkdirSync(join(root, 'a-good'), { recursive: true });
    mkdirSync(join(root, 'b-bad'), { recursive: true });
    for (const { target } of SOLO5_IMAGES)
      writeFileSync(join(root, 'a-good', `${target}.json`), readFileSync(join(dir, manifestOf(target))));
    writeFileSync(join(root, 'b-bad', 'hvt.json'), readFileSync(join(dir, manifestOf('hvt'))));
    writeFileSync(join(root, 'b-bad', 'hvt-again.json'), readFileSync(join(dir, 'twice', 'hvt-again.json')));
    const db = newDb();
    const r = await run(['ingest', 'manifests-mixed', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[STORE_CONFLICT]');
    expect(existsSync(join(dir, db))).toBe(false);
  });
});

describe('command line', () => {
  it.each([
    [['ingest'], 'expected at least one manifest or folder'],
    [['ingest', 'manifests', '--job', ''], '--job needs a name'],
    [['ingest', 'manifests', '--force'], "Unknown option '--force'"],
    [['ingest', 'no-such-folder'], 'no-such-folder: cannot read file'],
    [['ingest', 'empty'], 'empty: invalid command line: the folder holds no manifests'],
  ])('refuses %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(join(dir, '.tcbscope'))).toBe(false);
  });
});
