import { resolve } from 'node:path';
import { UserError } from '../../analyzer/model/user-error.js';
import { buildStack } from '../../pipeline/build-stack.js';
import { chooseReporter, describeReporterFlags, REPORTER_FLAGS } from '../choose-reporter.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { writeFileAtomic } from '../../pipeline/io/write-file-atomic.js';

const USAGE = `tcbscope stack --name NAME --roots PKG[,PKG...] [--kernel PACKAGE] [--modules LIST|all] [--debs DIR] [--index FILE]... [--target NAME] [--out FILE] ${describeReporterFlags('stack')}`;

export const stackCommand: Command = {
  name: 'stack',
  summary: 'measure a conventional stack from real Debian packages (kernel, C library, TLS, server)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        name: { type: 'string' },
        roots: { type: 'string' },
        kernel: { type: 'string' },
        modules: { type: 'string' },
        debs: { type: 'string' },
        index: { type: 'string', multiple: true },
        target: { type: 'string' },
        out: { type: 'string' },
        ...REPORTER_FLAGS,
      },
      USAGE,
    );
    if (positionals.length > 0)
      throw new UserError('USAGE', `unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
    if (!values.name) throw new UserError('USAGE', `--name is required; usage: ${USAGE}`);
    const roots = (values.roots ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    if (roots.length === 0)
      throw new UserError('USAGE', `--roots needs at least one package; usage: ${USAGE}`);
    if (values.modules && !values.kernel)
      throw new UserError('USAGE', `--modules needs --kernel; usage: ${USAGE}`);
    const modules =
      values.modules === undefined
        ? undefined
        : values.modules === 'all'
          ? 'all'
          : values.modules
              .split(',')
              .map((m) => m.trim())
              .filter(Boolean);
    const report = chooseReporter('stack', values);
    const target = values.target ?? 'debian-12-amd64';
    const out = resolve(io.cwd, values.out ?? `${values.name}.json`);
    const manifest = buildStack({
      name: values.name,
      roots,
      ...(values.kernel ? { kernel: values.kernel } : {}),
      ...(modules ? { modules } : {}),
      ...(values.debs ? { debs: resolve(io.cwd, values.debs) } : {}),
      ...(values.index ? { indexes: values.index.map((p) => resolve(io.cwd, p)) } : {}),
      target,
      distribution: target.replace(/-[^-]+$/, ''),
      cacheDir: resolve(io.cwd, io.env.TCBSCOPE_DEB_CACHE ?? '.cache/debs'),
      command: ['tcbscope', 'stack', ...args],
      measured: measuredDate(io.env.SOURCE_DATE_EPOCH),
      log: (line) => io.stderr.write(`tcbscope stack: ${line}\n`),
    });
    writeFileAtomic(out, JSON.stringify(manifest, null, 1) + '\n');
    io.stdout.write(report({ manifest, out }, {}));
    return 0;
  },
};

/**
 * The day the stack is measured (YYYY-MM-DD, UTC), which comparisons show beside the provenance:
 * SOURCE_DATE_EPOCH when set, so a rebuild can reproduce a profile byte for byte, else today.
 */
function measuredDate(epoch: string | undefined): string {
  const seconds = epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) : undefined;
  return new Date(seconds === undefined ? Date.now() : seconds * 1000).toISOString().slice(0, 10);
}
