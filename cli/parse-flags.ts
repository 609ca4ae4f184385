import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../analyzer/model/user-error.js';

/** Strict flag parsing (unknown flags are errors) that reports problems as USAGE errors with the usage line. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError('USAGE', `${(error as Error).message.replace(/\. To specify.*$/s, '')}; usage: ${usage}`);
  }
}
