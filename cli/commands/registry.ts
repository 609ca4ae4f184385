import type { Command } from '../io.js';
import { buildCommand } from './build.js';
import { compareCommand } from './compare.js';
import { depsCommand } from './deps.js';
import { diffCommand } from './diff.js';
import { inspectCommand } from './inspect.js';
import { stackCommand } from './stack.js';
import { versionCommand } from './version.js';
import { whyCommand } from './why.js';

/** Every subcommand, in the order `tcbscope help` lists them. */
export const COMMANDS: Command[] = [inspectCommand, buildCommand, depsCommand, whyCommand, stackCommand, compareCommand, diffCommand, versionCommand];
