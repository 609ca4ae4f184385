import { describe, expect, it } from 'vitest';
import { SourceMapConsumer } from 'source-map';
import { decodeSourceMapMappings } from './decode-source-map-mappings.js';
import { UserError } from '../../analyzer/model/user-error.js';

// Each case is decoded by hand here and by the `source-map` library; the two must agree segment for segment.
const cases: [string, string, number][] = [
  ['one-field and four-field segments', 'A,CAAA,EAAC;;GACA', 2],
  ['five-field segments with names', 'AAAAA,SAASC;AACA,IAAID', 2],
  ['negative deltas', 'AACA,EAAE,CAAD;ACAA', 3],
  ['unsorted line', 'KAAA,EAAA,DAAA', 1],
];

describe('decodeSourceMapMappings', () => {
  it.each(cases)('%s', async (_label, mappings, sources) => {
    const map = {
      version: 3,
      file: 'x.js',
      sources: Array.from({ length: sources }, (_, i) => `s${i}.ml`),
      names: ['a', 'b', 'c', 'd'],
      mappings,
    };
    const lib: [number, number, number, number][] = [];
    const consumer = await new SourceMapConsumer(map);
    consumer.eachMapping(
      (m) =>
        lib.push([
          m.generatedLine - 1,
          m.generatedColumn,
          m.source === null ? -1 : map.sources.indexOf(m.source),
          m.name === null ? -1 : map.names.indexOf(m.name),
        ]),
      null,
      SourceMapConsumer.GENERATED_ORDER,
    );
    consumer.destroy();
    const d = decodeSourceMapMappings(mappings, sources, map.names.length);
    const ours = Array.from({ length: d.count }, (_, i): [number, number, number, number] => [
      d.line[i]!,
      d.column[i]!,
      d.source[i]!,
      d.name[i]!,
    ]);
    expect(ours).toEqual(lib);
  });

  it.each([
    ['AAAA', 0, 'source index 0'],
    ['AA', 1, '2 fields'],
    ['A!', 1, 'not Base64'],
    ['AAAAC', 1, 'name index 1'],
  ])('refuses %s', (mappings, sources, message) => {
    expect(() => decodeSourceMapMappings(mappings, sources, 1, 'x.map')).toThrow(UserError);
    expect(() => decodeSourceMapMappings(mappings, sources, 1, 'x.map')).toThrow(message);
  });
});
