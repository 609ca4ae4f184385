import type { Command } from '../io.js';
import { readToolVersion } from '../../pipeline/io/tool-version.js';

export const versionCommand: Command = {
  name: 'version',
  summary: 'print the tcbscope version',
  usage: 'tcbscope version',
  async run(_args, io) {
    io.stdout.write(`${readToolVersion()}\n`);
    return 0;
  },
};
