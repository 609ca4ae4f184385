import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../analyzer/model/manifest.js';
import { renderStackText, summarizeStack } from './render-stack-text.js';

// The shipped profiles: figures measured from real .deb files, read here straight from the JSON.
const dir = join(import.meta.dirname, '../stacks/debian-12-amd64');
const group = (n: number): string => new Intl.NumberFormat('en-US').format(n);
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(['https-nginx', 'dns-unbound', 'ssh-openssh'])(
  'stack reporters on the shipped %s profile',
  (name) => {
    const manifest = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Manifest;
    const stack = manifest.stack!;
    const out = `/tmp/${name}.json`;

    it('text: the totals, every loaded file with its size and code bytes, the kernel, every layer', () => {
      const lines = renderStackText({ manifest, out }).split('\n');
      expect(lines[0]).toBe(
        `${name} (debian-12-amd64): ${manifest.dependencies.packages.length} packages, ${group(stack.installedSize)} bytes installed, ${group(manifest.identity.fileSize)} bytes loaded`,
      );
      for (const l of stack.loaded)
        expect(
          lines.some((line) =>
            new RegExp(
              `^  ${literal(l.path)} +${group(l.fileSize)}  code +${group(l.codeSize)}  \\(${literal(l.package)}\\)$`,
            ).test(line),
          ),
          l.path,
        ).toBe(true);
      if (stack.kernel)
        expect(
          lines.some((line) =>
            line.startsWith(`  kernel ${stack.kernel!.package}: vmlinux ${group(stack.kernel!.elfSize)} `),
          ),
        ).toBe(true);
      for (const layer of stack.layers)
        expect(
          lines.some(
            (line) =>
              line.startsWith(`  layer ${layer.name.padEnd(10)} loaded `) &&
              line.includes(`(${layer.packages.length} packages)`),
          ),
        ).toBe(true);
      expect(lines.at(-2)).toBe(`written to ${out}`);
    });

    it('json: the headline figures as stack --json prints them', () => {
      expect(summarizeStack({ manifest, out })).toEqual({
        out,
        name,
        target: 'debian-12-amd64',
        loadedBytes: manifest.identity.fileSize,
        installedBytes: stack.installedSize,
        packages: manifest.dependencies.packages.length,
        loaded: stack.loaded.map((l) => l.path),
        kernel: stack.kernel
          ? {
              package: stack.kernel.package,
              elfSize: stack.kernel.elfSize,
              modules: stack.kernel.modules.count,
            }
          : undefined,
      });
    });
  },
);
