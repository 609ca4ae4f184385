import { UserError } from '../../analyzer/model/user-error.js';
import { inspectAny } from '../../pipeline/inspect-file.js';
import { writeFileAtomic } from '../../pipeline/io/write-file-atomic.js';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';

const USAGE = `tcbscope inspect IMAGE [--map FILE] [--source-map FILE] [--meta DIR]... [--rules FILE] [--name NAME] [--target TARGET] [--brotli-quality 0-11] [--gzip-level 1-9] [--out FILE] ${describeReporterFlags('inspect')}`;

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
        'brotli-quality': { type: 'string' },
        'gzip-level': { type: 'string' },
        out: { type: 'string' },
        ...REPORTER_FLAGS,
      },
      USAGE,
    );
    if (positionals.length !== 1)
      throw new UserError('USAGE', `expected one IMAGE, got ${positionals.length}; usage: ${USAGE}`);
    const report = chooseReporter('inspect', values);
    const brotliQuality = values['brotli-quality'];
    const gzipLevel = values['gzip-level'];
    if (gzipLevel !== undefined && !/^[1-9]$/.test(gzipLevel))
      throw new UserError('USAGE', `--gzip-level takes 1 to 9, got "${gzipLevel}"; usage: ${USAGE}`);
    if (brotliQuality !== undefined && !/^(\d|1[01])$/.test(brotliQuality))
      throw new UserError('USAGE', `--brotli-quality takes 0 to 11, got "${brotliQuality}"; usage: ${USAGE}`);
    const manifest = await inspectAny(
      {
        image: positionals[0] as string,
        map: values.map,
        sourceMap: values['source-map'],
        meta: values.meta,
        rules: values.rules,
        name: values.name,
        target: values.target,
        ...(brotliQuality !== undefined ? { brotliQuality: Number(brotliQuality) } : {}),
        ...(gzipLevel !== undefined ? { gzipLevel: Number(gzipLevel) } : {}),
      },
      (line) => io.stderr.write(`${line}\n`),
    );
    if (values.out) writeFileAtomic(values.out, JSON.stringify(manifest) + '\n');
    io.stdout.write(report(manifest, {}));
    return 0;
  },
};
