import type { Command } from './io.js';

/** A subcommand by name, loaded on demand: each pulls in its own readers (ajv, xz, ts-morph, ...). */
export interface CommandEntry {
  name: string;
  load(): Promise<Command>;
}

/** Every subcommand, in the order `tcbscope help` lists them. */
export const COMMANDS: CommandEntry[] = [
  { name: 'inspect', load: async () => (await import('./commands/inspect.js')).inspectCommand },
  { name: 'build', load: async () => (await import('./commands/build.js')).buildCommand },
  { name: 'deps', load: async () => (await import('./commands/deps.js')).depsCommand },
  { name: 'why', load: async () => (await import('./commands/why.js')).whyCommand },
  { name: 'stack', load: async () => (await import('./commands/stack.js')).stackCommand },
  { name: 'compare', load: async () => (await import('./commands/compare.js')).compareCommand },
  { name: 'report', load: async () => (await import('./commands/report.js')).reportCommand },
  { name: 'diff', load: async () => (await import('./commands/diff.js')).diffCommand },
  { name: 'sbom', load: async () => (await import('./commands/sbom.js')).sbomCommand },
  { name: 'audit', load: async () => (await import('./commands/audit.js')).auditCommand },
  { name: 'gate', load: async () => (await import('./commands/gate.js')).gateCommand },
  { name: 'ingest', load: async () => (await import('./commands/ingest.js')).ingestCommand },
  { name: 'upload', load: async () => (await import('./commands/upload.js')).uploadCommand },
  { name: 'token', load: async () => (await import('./commands/token.js')).tokenCommand },
  { name: 'serve', load: async () => (await import('./commands/serve.js')).serveCommand },
  { name: 'version', load: async () => (await import('./commands/version.js')).versionCommand },
];
