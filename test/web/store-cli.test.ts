/**
 * The commands that take `--db` on each store, SQLite file and postgres:// URL: ingest (twice, the
 * second time finding the build), diff and gate between stored builds (`db:JOB@ID`, `db:JOB`)
 * giving what the same comparison of the manifest folders gives, and token create/list. A URL's
 * password never reaches the output.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { writeBaseManifests } from '../support/store-writers.js';
import { createTestStore, storeCases, type TestStore } from '../support/test-stores.js';

let work: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tcbscope-store-cli-'));
  await writeBaseManifests(join(work, 'base'));
  // The head build: the same hvt and spt images, without xen.
  cpSync(join(work, 'base'), join(work, 'head'), { recursive: true, filter: (f) => !f.endsWith('xen.json') });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
const made: TestStore[] = [];
afterEach(async () => {
  for (const store of made.splice(0)) await store.drop();
});

const PASSWORD = 'not-shown-4711';

describe.each(storeCases())('--db on $name', ({ kind, available }) => {
  it.skipIf(available.skip)(
    'ingest, diff db:, gate db: and token work on the store like on folders',
    async () => {
      const store = await createTestStore(kind);
      made.push(store);
      // The test server trusts loopback, so any password is accepted: it must only never be printed.
      const spec =
        kind === 'postgres' ? store.spec.replace('://tcbscope@', `://tcbscope:${PASSWORD}@`) : store.spec;
      const run = (...args: string[]) => runCli(args, work);
      const ingest = async (folder: string) => {
        const r = await run('ingest', folder, '--db', spec, '--job', 'solo5', '--json');
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as { db: string; builds: { buildId: number; created: boolean }[] };
      };
      const base = await ingest('base');
      const head = await ingest('head');
      expect((await ingest('base')).builds[0]).toMatchObject({
        buildId: base.builds[0]?.buildId,
        created: false,
      });
      const text = await run('ingest', 'head', '--db', spec, '--job', 'solo5');
      expect(text.stdout).toContain('already stored');
      for (const out of [JSON.stringify(base), text.stdout, text.stderr]) expect(out).not.toContain(PASSWORD);

      const stored = JSON.parse(
        (await run('diff', `db:solo5@${base.builds[0]?.buildId}`, 'db:solo5', '--db', spec, '--json')).stdout,
      );
      const folders = JSON.parse((await run('diff', 'base', 'head', '--json')).stdout);
      expect([stored.base, stored.head]).toEqual([
        `solo5 build ${base.builds[0]?.buildId}`,
        `solo5 build ${head.builds[0]?.buildId}`,
      ]);
      expect(stored.targets).toEqual(folders.targets);

      const gateDb = await run(
        'gate',
        '--current',
        'db:solo5',
        '--baseline',
        `db:solo5@${base.builds[0]?.buildId}`,
        '--db',
        spec,
      );
      const gateFolders = await run('gate', '--current', 'head', '--baseline', 'base');
      expect(gateDb.code).toBe(gateFolders.code);

      const created = await run('token', 'create', 'ci', '--db', spec);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stderr).not.toContain(PASSWORD);
      const listed = await run('token', 'list', '--db', spec, '--json');
      expect(JSON.parse(listed.stdout).tokens.map((t: { name: string }) => t.name)).toEqual(['ci']);
      expect(listed.stdout).not.toContain(PASSWORD);
    },
  );
});
