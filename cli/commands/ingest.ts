import { checkBuildImages, ingestBuild, ingestStack } from '../../store/ingest-build.js';
import { connectStore } from '../../store/connect-store.js';
import { collectManifests } from '../../pipeline/collect-manifests.js';
import { resolveDbPath } from '../default-db.js';
import { readIngestTime } from '../ingest-time.js';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { UserError } from '../../analyzer/model/user-error.js';

const USAGE = `tcbscope ingest MANIFEST|FOLDER... [--db FILE|URL] [--job NAME] [--label TEXT] ${describeReporterFlags('ingest')}`;

export const ingestCommand: Command = {
  name: 'ingest',
  summary:
    'store manifests in the report database: one build per folder of per-target manifests, stacks apart',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        db: { type: 'string' },
        job: { type: 'string' },
        label: { type: 'string' },
        ...REPORTER_FLAGS,
      },
      USAGE,
    );
    if (positionals.length === 0)
      throw new UserError('USAGE', `expected at least one manifest or folder; usage: ${USAGE}`);
    if (values.job === '') throw new UserError('USAGE', '--job needs a name');
    const report = chooseReporter('ingest', values);
    // Every manifest is read and validated before the database is opened: nothing half-written.
    const collected = collectManifests(io.cwd, positionals, values.job);
    for (const build of collected.builds) checkBuildImages(build.images);
    const db = resolveDbPath(io.cwd, io.env, values.db);
    const store = await connectStore(db.path, db.shown);
    try {
      const ingestedAt = readIngestTime(io.env);
      // One transaction for the whole command: a build that conflicts rolls back the ones before it.
      // On SQLite it takes the write lock up front and retries while other writers hold it
      // (store/sqlite-store.ts); on PostgreSQL it retries when another writer stored the same
      // build first (store/postgres-store.ts), so the whole function may run again.
      const { builds, stacks } = await store.transaction(async (tx) => {
        const builds = [];
        for (const build of collected.builds) {
          const input = {
            job: build.job,
            images: build.images,
            ingestedAt,
            ...(values.label !== undefined ? { label: values.label } : {}),
          };
          builds.push({ job: build.job, ...(await ingestBuild(tx, input)) });
        }
        const stacks = [];
        for (const s of collected.stacks)
          stacks.push({
            name: s.manifest.identity.name,
            source: s.source,
            ...(await ingestStack(tx, s.manifest, s.source, ingestedAt)),
          });
        return { builds, stacks };
      });
      io.stdout.write(report({ db: db.shown, builds, stacks }, {}));
      return 0;
    } finally {
      await store.close();
    }
  },
};
