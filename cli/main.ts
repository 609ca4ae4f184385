import { UserError } from '../analyzer/model/user-error.js';
import {
  DEFAULT_MAX_INPUT_BYTES,
  formatSize,
  parseSize,
  setMaxInputBytes,
} from '../pipeline/io/input-file-kind.js';
import { asksForJson } from './choose-reporter.js';
import { visibleLine } from '../reports/visible-text.js';
import { COMMANDS } from './command-registry.js';
import type { CliIo, Command } from './io.js';

/** Exit codes are an API: 0 ok, 1 gate/target failed, 2 usage, input or internal error. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_ERROR = 2;

/** Runs one tcbscope command line and returns the exit code; never calls process.exit. */
export async function main(io: CliIo): Promise<number> {
  const wantsJson = asksForJson(io.argv);
  try {
    const [name, ...rest] = takeInputLimit(io.argv);
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      io.stdout.write(renderHelp(await Promise.all(COMMANDS.map((c) => c.load()))));
      return name === undefined ? EXIT_ERROR : EXIT_OK;
    }
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry)
      throw new UserError(
        'USAGE',
        `unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`,
      );
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.usage}\n${command.summary}\n`);
      return EXIT_OK;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UserError) {
      if (wantsJson)
        io.stdout.write(JSON.stringify({ error: { code: error.code, message: error.message } }) + '\n');
      // The message quotes names from the input (files, keys, packages): keep it one visible line.
      io.stderr.write(`tcbscope: ${visibleLine(error.message)}\n`);
      return EXIT_ERROR;
    }
    // Anything else is a bug: show the stack so it can be reported.
    io.stderr.write(
      `tcbscope: internal error (a bug, please report it):\n${(error as Error)?.stack ?? String(error)}\n`,
    );
    if (wantsJson)
      io.stdout.write(JSON.stringify({ error: { code: 'INTERNAL', message: String(error) } }) + '\n');
    return EXIT_ERROR;
  }
}

/**
 * Takes the global `--max-input-size SIZE` flag out of a command's arguments and applies it: it
 * bounds every file read whole, whichever command reads it, so it is not one command's option.
 */
function takeInputLimit(args: string[]): string[] {
  const rest: string[] = [];
  let limit = DEFAULT_MAX_INPUT_BYTES;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const inline = arg.startsWith('--max-input-size=') ? arg.slice('--max-input-size='.length) : undefined;
    if (arg !== '--max-input-size' && inline === undefined) {
      rest.push(arg);
      continue;
    }
    const text = inline ?? args[++i];
    const bytes = text === undefined ? undefined : parseSize(text);
    if (bytes === undefined)
      throw new UserError(
        'USAGE',
        `--max-input-size takes a size such as 512M or 1500M (bytes, or K/M/G binary units), got ${JSON.stringify(text ?? '')}`,
      );
    limit = bytes;
  }
  setMaxInputBytes(limit);
  return rest;
}

function renderHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `tcbscope: trusted-computing-base analyser for unikernel images\n\nUsage: tcbscope <command> [options]\n\n${lines.join('\n')}\n\nGlobal option: --max-input-size SIZE  largest file read whole (default ${formatSize(DEFAULT_MAX_INPUT_BYTES)}; images are read in parts)\n\nRun "tcbscope <command> --help" for a command's options.\n`;
}
