import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/command-registry.js';
import { runCli } from './run-cli.js';

const commands = await Promise.all(COMMANDS.map((c) => c.load()));

describe('help', () => {
  it('lists every command', async () => {
    const r = await runCli(['help']);
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.stdout).toContain(`  ${c.name} `);
  });
  it.each(commands.map((c) => [c.name, c.usage] as const))(
    '%s --help prints its usage and exits 0',
    async (name, usage) => {
      const r = await runCli([name, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(usage);
    },
  );
  it('rejects an unknown command with exit 2', async () => {
    const r = await runCli(['inspekt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "inspekt"');
  });
});
