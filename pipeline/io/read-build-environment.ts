import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Variables that change what an OCaml/C build produces; recorded when set. */
const RECORDED_VARIABLES = [
  'OCAMLFIND_CONF',
  'OCAMLPATH',
  'OCAMLFIND_DESTDIR',
  'OCAMLPARAM',
  'OCAMLRUNPARAM',
  'OPAMSWITCH',
  'OPAM_SWITCH_PREFIX',
  'CC',
  'CFLAGS',
  'LDFLAGS',
  'SOURCE_DATE_EPOCH',
  'LC_ALL',
  'TZ',
];

/** Tool version probes: name → command; the first output line is kept, a tool that does not run is left out. */
const TOOL_PROBES: Record<string, string[]> = {
  ocamlopt: ['ocamlfind', 'ocamlopt', '-version'],
  findlib: ['ocamlfind', 'query', '-format', '%v', 'findlib'],
  gcc: ['gcc', '--version'],
  ld: ['ld', '--version'],
  js_of_ocaml: ['js_of_ocaml', '--version'],
  mirage: ['mirage', '--version'],
  opam: ['opam', '--version'],
};

/**
 * The build environment as a manifest records it: selected variables (`env.NAME`), the versions of the
 * tools found (`tool.NAME`, independent of where PATH finds them), the OS release and the platform.
 */
export function readBuildEnvironment(
  env: Record<string, string | undefined>,
  tools: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RECORDED_VARIABLES) {
    const value = env[name];
    if (value !== undefined) out[`env.${name}`] = value;
  }
  for (const tool of tools) {
    const probe = TOOL_PROBES[tool];
    if (!probe) continue;
    const version = probeVersion(probe, env);
    if (version !== undefined) out[`tool.${tool}`] = version;
  }
  const release = readOsRelease();
  if (release !== undefined) out.os = release;
  out.platform = `${process.platform}-${process.arch}`;
  out.node = process.version;
  return out;
}

function probeVersion(
  [file, ...args]: string[],
  env: Record<string, string | undefined>,
): string | undefined {
  try {
    const text = execFileSync(file ?? '', args, {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return text.split('\n')[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

function readOsRelease(): string | undefined {
  if (!existsSync('/etc/os-release')) return undefined;
  const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
  return m?.[1];
}
