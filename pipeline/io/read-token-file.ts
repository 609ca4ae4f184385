import { readFileSync } from 'node:fs';
import { UserError } from '../../analyzer/model/user-error.js';

/** The token: the file's first line (what `tcbscope token create NAME > FILE` wrote). */
export function readTokenFile(path: string, shown: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError('TOKEN_FILE', (error as NodeJS.ErrnoException).code ?? 'unreadable', { file: shown });
  }
  const token = text.split('\n')[0]?.trim() ?? '';
  if (token === '') throw new UserError('TOKEN_FILE', 'the file is empty', { file: shown });
  return token;
}
