import { resolve } from 'node:path';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { buildStack } from '../../pipeline/build-stack.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';
import { writeFileAtomic } from '../../pipeline/io/write-file-atomic.js';

const USAGE =
  'tcbscope stack --name NAME --roots PKG[,PKG...] [--kernel PACKAGE] [--modules LIST|all] [--debs DIR] [--index FILE]... [--target NAME] [--out FILE] [--json]';

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
        json: { type: 'boolean' },
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
      log: (line) => io.stderr.write(`tcbscope stack: ${line}\n`),
    });
    writeFileAtomic(out, JSON.stringify(manifest, null, 1) + '\n');
    io.stdout.write(
      values.json ? JSON.stringify(summariseStack(manifest, out)) + '\n' : renderStackText(manifest, out),
    );
    return 0;
  },
};

/** The figures `stack --json` prints: where the manifest went and its headline numbers. */
export function summariseStack(m: Manifest, out: string): Record<string, unknown> {
  return {
    out,
    name: m.identity.name,
    target: m.identity.target,
    loadedBytes: m.identity.fileSize,
    installedBytes: m.stack?.installedSize,
    packages: m.dependencies.packages.length,
    loaded: m.stack?.loaded.map((l) => l.path),
    kernel: m.stack?.kernel
      ? {
          package: m.stack.kernel.package,
          elfSize: m.stack.kernel.elfSize,
          modules: m.stack.kernel.modules.count,
        }
      : undefined,
  };
}

function renderStackText(m: Manifest, out: string): string {
  const s = m.stack;
  const lines = [
    `${m.identity.name} (${m.identity.target}): ${m.dependencies.packages.length} packages, ${s?.installedSize ?? 0} bytes installed, ${m.identity.fileSize} bytes loaded`,
  ];
  for (const l of s?.loaded ?? [])
    lines.push(
      `  ${l.path.padEnd(48)} ${String(l.fileSize).padStart(10)}  code ${String(l.codeSize).padStart(9)}  (${l.package})`,
    );
  if (s?.kernel)
    lines.push(
      `  kernel ${s.kernel.package}: vmlinux ${s.kernel.elfSize} (code ${s.kernel.codeSize}), ${s.kernel.format} ${s.kernel.compressedSize}; ${s.kernel.modules.count} module(s) ${s.kernel.modules.fileSize}`,
    );
  for (const layer of s?.layers ?? [])
    lines.push(
      `  layer ${layer.name.padEnd(10)} loaded ${String(layer.loadedSize).padStart(10)}  code ${String(layer.codeSize).padStart(10)}  installed ${String(layer.installedSize).padStart(11)}  (${layer.packages.length} packages)`,
    );
  lines.push(`written to ${out}`);
  return lines.join('\n') + '\n';
}
