import type { Command } from '../io.js';
import { versionCommand } from './version.js';

/** Every subcommand, in the order `tcbscope help` lists them. */
export const COMMANDS: Command[] = [versionCommand];
