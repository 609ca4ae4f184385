import { resolve } from 'node:path';
import type { Manifest } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { connectStore } from '../store/connect-store.js';
import { isPostgresUrl } from '../store/store-db.js';
import { getBuild, getBuildManifests, getJob } from '../store/query-store.js';
import { collectManifests } from './collect-manifests.js';
import { fileExists } from './io/read-input-file.js';

/** One side of a gate run: the image manifests of one build, and how to name it. */
export interface GateSide {
  label: string;
  images: Manifest[];
}

/** Where a `db:` side is looked up: the database path as resolved from `--db`/`TCBSCOPE_DB`, and as shown. */
export interface GateDatabase {
  path: string;
  shown: string;
}

/** The error code a side's problems carry: its fix names the flags or arguments of the command that read it. */
export type SideErrorCode = 'GATE_INPUT' | 'DIFF_INPUT';

/**
 * Reads one side of the gate (or of `tcbscope diff`, with `code` DIFF_INPUT and `flag` BASE or HEAD): a manifest file, a folder of per-target manifests (what
 * `tcbscope build` writes), or `db:JOB` (the job's newest build) / `db:JOB@BUILD` in the database.
 * Every manifest is validated; two manifests of one target on the same side are refused.
 */
export async function readGateSide(
  cwd: string,
  spec: string,
  flag: string,
  db: GateDatabase,
  code: SideErrorCode = 'GATE_INPUT',
): Promise<GateSide> {
  const side = spec.startsWith('db:')
    ? await readStoredBuild(spec, flag, db, code)
    : readManifestPaths(cwd, spec, flag, code);
  const seen = new Map<string, string>();
  for (const m of side.images) {
    const other = seen.get(m.identity.target);
    if (other !== undefined)
      throw new UserError(
        code,
        `two manifests for target ${m.identity.target} (${other}, ${m.identity.name})`,
        {
          file: spec,
          at: flag,
        },
      );
    seen.set(m.identity.target, m.identity.name);
  }
  return side;
}

function readManifestPaths(cwd: string, spec: string, flag: string, code: SideErrorCode): GateSide {
  const { builds, stacks } = collectManifests(cwd, [spec], undefined);
  if (builds.length !== 1) {
    const what =
      builds.length === 0 && stacks.length > 0 ? 'stack manifests only' : `${builds.length} builds`;
    throw new UserError(code, `expected the manifests of one build, found ${what}`, {
      file: spec,
      at: flag,
    });
  }
  return { label: spec, images: (builds[0] as (typeof builds)[number]).images.map((i) => i.manifest) };
}

async function readStoredBuild(
  spec: string,
  flag: string,
  db: GateDatabase,
  code: SideErrorCode,
): Promise<GateSide> {
  const match = /^db:([^@]+)(?:@(\d+))?$/.exec(spec);
  if (!match)
    throw new UserError('USAGE', `${flag} "${spec}": expected db:JOB or db:JOB@BUILD`, { at: flag });
  const [, job, buildText] = match as unknown as [string, string, string | undefined];
  if (db.path !== ':memory:' && !isPostgresUrl(db.path) && !fileExists(resolve(db.path)))
    throw new UserError(
      'FILE_NOT_FOUND',
      `no report database here for ${flag} "${spec}" (ingest builds first, or pass --db FILE)`,
      {
        file: db.shown,
      },
    );
  const store = await connectStore(db.path, db.shown);
  try {
    const id = buildText !== undefined ? Number(buildText) : (await getJob(store, job, 1))?.builds[0]?.id;
    if (id === undefined)
      throw new UserError(code, `no job "${job}" with a build`, { file: db.shown, at: flag });
    const build = await getBuild(store, id);
    if (!build || build.job !== job)
      throw new UserError(code, `job "${job}" has no build ${id}`, { file: db.shown, at: flag });
    const manifests = await getBuildManifests(store, id);
    return { label: `${job} build ${id}`, images: manifests.map((s) => s.manifest) };
  } finally {
    await store.close();
  }
}
