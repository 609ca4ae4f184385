import { resolve } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import { collectManifests } from '../../pipeline/collect-manifests.js';
import { checkBuildImages } from '../../store/ingest-build.js';
import { postBuild, type UploadedBuild } from '../../pipeline/io/post-build.js';
import { readTokenFile } from '../../pipeline/io/read-token-file.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';

const USAGE = 'tcbscope upload FOLDER --server URL --token-file FILE [--job NAME] [--label TEXT] [--json]';

export const uploadCommand: Command = {
  name: 'upload',
  summary:
    'send the manifests `tcbscope build` wrote to a `tcbscope serve` server, one build per folder (for CI)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        server: { type: 'string' },
        'token-file': { type: 'string' },
        job: { type: 'string' },
        label: { type: 'string' },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    if (positionals.length !== 1)
      throw new UserError('USAGE', `expected one FOLDER of manifests; usage: ${USAGE}`);
    if (values.server === undefined) throw new UserError('USAGE', `--server URL is needed; usage: ${USAGE}`);
    if (values['token-file'] === undefined)
      throw new UserError('USAGE', `--token-file FILE is needed; usage: ${USAGE}`);
    const endpoint = readEndpoint(values.server);
    const token = readTokenFile(resolve(io.cwd, values['token-file']), values['token-file']);
    // Everything is read and checked here first, so a bad manifest never leaves a partial upload.
    const collected = collectManifests(io.cwd, positionals, values.job);
    for (const build of collected.builds) checkBuildImages(build.images);
    if (collected.builds.length === 0)
      throw new UserError('USAGE', 'the folder holds no image manifests to upload', { file: positionals[0] });
    const uploaded: UploadedBuild[] = [];
    for (const build of collected.builds) {
      const body = JSON.stringify({
        job: build.job,
        ...(values.label !== undefined ? { label: values.label } : {}),
        manifests: build.images.map((i) => i.manifest),
      });
      io.stderr.write(`tcbscope: uploading ${build.job} (${build.images.length} targets)\n`);
      uploaded.push(await postBuild(endpoint, token, body));
    }
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ server: values.server, builds: uploaded }, null, 2)}\n`
        : uploaded
            .map(
              (b) =>
                `build ${b.buildId} of ${b.job} (${b.created ? 'new' : 'already stored'}): ${b.images.map((i) => i.target).join(', ')}\n`,
            )
            .join('') + `server: ${values.server}\n`,
    );
    return 0;
  },
};

function readEndpoint(server: string): URL {
  let url: URL;
  try {
    url = new URL('api/builds', server.endsWith('/') ? server : `${server}/`);
  } catch {
    throw new UserError('USAGE', `--server takes a URL such as http://127.0.0.1:8080, got "${server}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError('USAGE', `--server takes an http or https URL, got "${server}"`);
  return url;
}
