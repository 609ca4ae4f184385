import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectImage } from '../pipeline/inspect-file.js';
import {
  fixturePaths,
  readElfHeader,
  readFileSize,
  readSectionTable,
} from '../test/support/binutils-truth.js';
import { measureTcbBytes } from './measure-tcb-bytes.js';

// Every committed fixture image with its recorded readelf (and the built ones when present): the
// metrics against readelf's section table of the same file.
const images = fixturePaths().filter((f) => f.truth['readelf-S'] && f.truth.filesize && existsSync(f.image));

describe('measureTcbBytes on the fixture images, against their recorded readelf -S and -h', () => {
  it.each(images.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const m = measureTcbBytes(inspectImage({ image: f.image }, () => undefined));
    const sections = readSectionTable(f.truth['readelf-S'] as string);
    const sum = (xs: typeof sections): number => xs.reduce((a, s) => a + s.size, 0);
    const alloc = sections.filter((s) => s.flags.includes('A'));
    const stored = (s: (typeof sections)[number]): boolean => s.type !== 'NOBITS';
    expect(m.total.loaded).toBe(sum(alloc.filter(stored)));
    expect(m.total.code).toBe(sum(alloc.filter((s) => stored(s) && s.flags.includes('X'))));
    // Memory: every allocated section's size, .bss included; .tbss (TLS, T flag) takes none of its own.
    expect(m.total.memory).toBe(sum(alloc.filter((s) => stored(s) || !s.flags.includes('T'))));
    expect(m.total.apart.symbolsAndDebug).toBe(
      sum(sections.filter((s) => !s.flags.includes('A') && stored(s))),
    );
    const h = readElfHeader(f.truth['readelf-h'] as string);
    const n = (k: string): number => Number(h[k]?.split(' ')[0]);
    const headers =
      n('Size of this header') +
      n('Size of program headers') * n('Number of program headers') +
      n('Size of section headers') * n('Number of section headers');
    expect(m.total.apart.structure).toBe(headers);
    expect(m.total.apart.padding).toBe(
      readFileSize(f.truth.filesize as string) - headers - sum(sections.filter(stored)),
    );
    // An image has no kernel package: nothing is boot-only.
    expect([m.total.apart.kernelBootOnly, m.total.apart.kernelTypeInfo]).toEqual([0, 0]);
    // The layers partition the image.
    expect(m.layers.reduce((a, l) => a + l.bytes.loaded, 0)).toBe(m.total.loaded);
  });
});
