import { compareManifests } from '../../analyzer/compare.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { resolve } from 'node:path';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { resolveKernelExtras } from '../resolve-kernel-extras.js';
import { readManifestFile } from '../../pipeline/read-manifest-file.js';

const USAGE = `tcbscope compare IMAGE_MANIFEST --against STACK_MANIFEST [--kernel-extras exclude|include] ${describeReporterFlags('compare')}`;

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare an image manifest with a conventional stack: ratios per metric and per layer',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      { against: { type: 'string' }, 'kernel-extras': { type: 'string' }, ...REPORTER_FLAGS },
      USAGE,
    );
    if (positionals.length !== 1)
      throw new UserError('USAGE', `expected one IMAGE_MANIFEST, got ${positionals.length}; usage: ${USAGE}`);
    if (!values.against)
      throw new UserError('USAGE', `--against STACK_MANIFEST is required; usage: ${USAGE}`);
    const kernelExtras = resolveKernelExtras(values['kernel-extras']);
    const report = chooseReporter('compare', values);
    const image = readManifestFile(resolve(io.cwd, positionals[0] as string), positionals[0] as string);
    const stack = readManifestFile(resolve(io.cwd, values.against), values.against);
    if (stack.kind !== 'stack')
      throw new UserError(
        'MANIFEST_BAD',
        `--against needs a stack manifest (kind "stack"), this one is kind "${stack.kind}"`,
        { file: values.against, at: 'kind' },
      );
    io.stdout.write(report(compareManifests(image, stack, { kernelExtras }), {}));
    return 0;
  },
};
