import { checkBuildImages, ingestBuild, ingestStack } from '../../store/ingest-build.js';
import { openStore } from '../../store/open-store.js';
import { collectManifests } from '../../pipeline/collect-manifests.js';
import { resolveDbPath } from '../default-db.js';
import { readIngestTime } from '../ingest-time.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { UserError } from '../../analyzer/model/user-error.js';

const USAGE = 'tcbscope ingest MANIFEST|FOLDER... [--db FILE] [--job NAME] [--label TEXT] [--json]';

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
        json: { type: 'boolean' },
      },
      USAGE,
    );
    if (positionals.length === 0)
      throw new UserError('USAGE', `expected at least one manifest or folder; usage: ${USAGE}`);
    if (values.job === '') throw new UserError('USAGE', '--job needs a name');
    // Every manifest is read and validated before the database is opened: nothing half-written.
    const collected = collectManifests(io.cwd, positionals, values.job);
    for (const build of collected.builds) checkBuildImages(build.images);
    const db = resolveDbPath(io.cwd, io.env, values.db);
    const store = openStore(db.path, db.shown);
    try {
      const ingestedAt = readIngestTime(io.env);
      // One transaction for the whole command: a build that conflicts rolls back the ones before it.
      const { builds, stacks } = store.transaction(() => ({
        builds: collected.builds.map((build) => {
          const input = {
            job: build.job,
            images: build.images,
            ingestedAt,
            ...(values.label !== undefined ? { label: values.label } : {}),
          };
          return { job: build.job, ...ingestBuild(store, input) };
        }),
        stacks: collected.stacks.map((s) => ({
          name: s.manifest.identity.name,
          source: s.source,
          ...ingestStack(store, s.manifest, s.source, ingestedAt),
        })),
      }))();
      if (values.json) {
        io.stdout.write(`${JSON.stringify({ db: db.shown, builds, stacks }, null, 2)}\n`);
      } else {
        for (const b of builds) {
          const targets = b.images.map((i) => i.target).join(', ');
          io.stdout.write(
            `build ${b.buildId} of ${b.job} (${b.created ? 'new' : 'already stored'}): ${targets}\n`,
          );
        }
        for (const s of stacks)
          io.stdout.write(`stack ${s.stackId} ${s.name} (${s.created ? 'new' : 'already stored'})\n`);
        io.stdout.write(`database: ${db.shown}\n`);
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
