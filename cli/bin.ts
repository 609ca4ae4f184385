#!/usr/bin/env node
import { main } from './main.js';

// A reader that stops early (`tcbscope inspect ... | head`) closes the pipe: that is the reader's
// choice, not an error, so end quietly instead of printing an EPIPE stack.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

const code = await main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = code;
