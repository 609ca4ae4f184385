/** What a command may touch of the outside world: tests pass a fake. */
export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
}

/** One subcommand: maps flags to options, calls the library, returns the exit code. */
export interface Command {
  name: string;
  /** One line for `tcbscope help`. */
  summary: string;
  /** Usage line(s) shown on a usage error. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
