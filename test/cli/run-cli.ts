import { main } from '../../cli/main.js';

/** Runs `tcbscope ARGS` in-process through main(io) and captures what it wrote. */
export async function runCli(
  args: string[],
  cwd = process.cwd(),
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv: args,
    env,
    cwd,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}
