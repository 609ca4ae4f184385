import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../analyzer/model/user-error.js';

/** Strict flag parsing (unknown flags are errors) that reports problems as USAGE errors with the usage line. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  usage: string,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages can span lines ("... is ambiguous.\nDid you forget ...\nTo specify ..."): keep
    // one line, without the hint about `--flag=-value` that does not apply to our flags.
    const message = (error as Error).message
      .replace(/\.?\s*To specify an option argument.*$/s, '')
      .replace(/\s+/g, ' ');
    throw new UserError('USAGE', `${message}; usage: ${usage}`);
  }
}
