import { resolve } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import { writeFileAtomic } from '../../pipeline/io/write-file-atomic.js';
import { makeSbom } from '../../pipeline/make-sbom.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { readOneManifest } from '../read-one-manifest.js';

const USAGE = 'tcbscope sbom MANIFEST [--advisories DIR] [-o FILE] [--json]';

export const sbomCommand: Command = {
  name: 'sbom',
  summary:
    'write the CycloneDX 1.6 SBOM of a manifest: image, packages, licences, hashes, purls, graph, advisories',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        output: { type: 'string', short: 'o' },
        advisories: { type: 'string' },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    const manifest = readOneManifest(positionals, USAGE);
    if (values.output === '') throw new UserError('USAGE', `-o needs a file name; usage: ${USAGE}`);
    if (values.advisories === '')
      throw new UserError('USAGE', `--advisories needs a folder or file; usage: ${USAGE}`);
    const sbom = makeSbom({
      manifest: resolve(io.cwd, manifest),
      shown: manifest,
      sourceDateEpoch: io.env.SOURCE_DATE_EPOCH,
      ...(values.advisories !== undefined
        ? { advisories: { path: resolve(io.cwd, values.advisories), shown: values.advisories } }
        : {}),
    });
    // Without -o the SBOM itself is the result: one JSON document on stdout, --json or not.
    if (values.output === undefined) {
      io.stdout.write(sbom.json);
      return 0;
    }
    writeFileAtomic(resolve(io.cwd, values.output), sbom.json);
    const summary = {
      file: values.output,
      specVersion: '1.6',
      components: sbom.components,
      serialNumber: sbom.serialNumber,
      ...(sbom.vulnerabilities !== undefined ? { vulnerabilities: sbom.vulnerabilities } : {}),
    };
    const vulnerabilities =
      sbom.vulnerabilities !== undefined ? `, ${sbom.vulnerabilities} vulnerability(ies)` : '';
    io.stdout.write(
      values.json
        ? JSON.stringify(summary) + '\n'
        : `wrote ${values.output}: CycloneDX 1.6, ${sbom.components} component(s)${vulnerabilities}, ${sbom.serialNumber}\n`,
    );
    return 0;
  },
};
