import { readFileSync } from 'node:fs';
import { UserError } from '../../analyzer/model/user-error.js';
import { compileRules, type CompiledRule } from '../../builder/attribution/attribution-rules.js';
import { readInputText } from './read-input-file.js';

/** The shipped rules file (two levels up from pipeline/io/ in the sources, three from dist/pipeline/io/). */
const SHIPPED = ['../../builder/rules/default-rules.json', '../../../builder/rules/default-rules.json'];

/** The user's rules (tried first) followed by the shipped ones. */
export function loadRules(userFile?: string): CompiledRule[] {
  const rules: CompiledRule[] = [];
  if (userFile) rules.push(...compileRules(parseJson(readInputText(userFile), userFile), userFile));
  rules.push(...compileRules(readShipped(), 'default-rules.json'));
  return rules;
}

function readShipped(): unknown {
  for (const rel of SHIPPED) {
    try {
      return JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8'));
    } catch {
      // next candidate
    }
  }
  throw new Error('shipped rules file builder/rules/default-rules.json not found');
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError('RULES_BAD', `not JSON: ${(error as Error).message}`, { file });
  }
}
