import { UserError } from '../../analyzer/model/user-error.js';
import { inspectAny } from '../../pipeline/inspect-file.js';
import { writeFileAtomic } from '../../pipeline/io/write-file-atomic.js';
import { renderImageText } from '../../reports/render-image-text.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';

const USAGE =
  'tcbscope inspect IMAGE [--map FILE] [--source-map FILE] [--meta DIR]... [--rules FILE] [--name NAME] [--target TARGET] [--out FILE] [--json]';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'analyse one image: byte accounting, attribution to packages, Solo5 devices',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        map: { type: 'string' },
        'source-map': { type: 'string' },
        meta: { type: 'string', multiple: true },
        rules: { type: 'string' },
        name: { type: 'string' },
        target: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    if (positionals.length !== 1)
      throw new UserError('USAGE', `expected one IMAGE, got ${positionals.length}; usage: ${USAGE}`);
    const manifest = await inspectAny(
      {
        image: positionals[0] as string,
        map: values.map,
        sourceMap: values['source-map'],
        meta: values.meta,
        rules: values.rules,
        name: values.name,
        target: values.target,
      },
      (line) => io.stderr.write(`${line}\n`),
    );
    const json = JSON.stringify(manifest);
    if (values.out) writeFileAtomic(values.out, json + '\n');
    io.stdout.write(values.json ? json + '\n' : renderImageText(manifest));
    return 0;
  },
};
