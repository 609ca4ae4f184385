import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { validateManifest } from '../validate-manifest.js';
import { checkManifestConsistency } from './check-manifest-consistency.js';
import type { Manifest } from './manifest.js';
import { UserError } from './user-error.js';

// Real manifests, each broken in one way: a committed fixture image read by the inspector, and a
// committed stack manifest. The expected pointers and numbers come from the mutation itself.
const repo = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const image = inspectImage({ image: repo('fixtures/images/greet/greet') }, () => undefined);
const stackText = readFileSync(repo('stacks/debian-12-amd64/https-nginx.json'), 'utf8');
const copy = (m: Manifest): Manifest => structuredClone(m);

type Mutation = [
  what: string,
  base: 'image' | 'stack',
  mutate: (m: Manifest) => void,
  at: string,
  detail: RegExp,
];

const rows = image.attribution.leaves.name.length;
const mutations: Mutation[] = [
  [
    'a short name column',
    'image',
    (m) => void m.attribution.leaves.name.pop(),
    '/attribution/leaves/name',
    new RegExp(`column name has ${rows - 1} entries, /attribution/leaves/region has ${rows}`),
  ],
  [
    'a long unit column',
    'image',
    (m) => void m.attribution.leaves.unit.push(0),
    '/attribution/leaves/unit',
    new RegExp(`column unit has ${rows + 1} entries, /attribution/leaves/name has ${rows}`),
  ],
  [
    'a region index past the end',
    'image',
    (m) => void (m.attribution.leaves.region[3] = m.regions.length),
    '/attribution/leaves/region/3',
    new RegExp(
      `region index ${image.regions.length} is out of range \\(/regions has ${image.regions.length} entries\\)`,
    ),
  ],
  [
    'a unit index past the end',
    'image',
    (m) => void (m.attribution.leaves.unit[2] = m.attribution.units.length + 5),
    '/attribution/leaves/unit/2',
    new RegExp(`unit index ${image.attribution.units.length + 5} is out of range`),
  ],
  [
    'a unit of an unlisted package',
    'image',
    (m) => void ((m.attribution.units[1] as { package: string }).package = 'no-such-package'),
    '/attribution/units/1/package',
    /names package "no-such-package", which \/attribution\/packages does not list/,
  ],
  [
    'regions one byte over the file size',
    'image',
    (m) => void ((m.regions[1] as { fileSize: number }).fileSize += 1),
    '/regions',
    new RegExp(`add up to ${image.identity.fileSize + 1}, /identity/fileSize is ${image.identity.fileSize}`),
  ],
  [
    'a stack whose layers are not an array',
    'stack',
    (m) => void ((m.stack as unknown as { layers: unknown }).layers = 'not an array'),
    '/stack/layers',
    /must be array/,
  ],
  [
    'a stack layer of another name',
    'stack',
    (m) => void ((m.stack?.layers[0] as { name: string }).name = 'kernal'),
    '/stack/layers/0/name',
    /must be equal to one of the allowed values/,
  ],
  [
    'a stack with an unknown key',
    'stack',
    (m) => void ((m.stack as unknown as Record<string, unknown>).extra = 1),
    '/stack',
    /must NOT have additional properties/,
  ],
  [
    'a stack kernel without its modules',
    'stack',
    (m) => void delete (m.stack?.kernel as { modules?: unknown }).modules,
    '/stack/kernel',
    /must have required property 'modules'/,
  ],
];

function refusal(doc: unknown): UserError {
  try {
    validateManifest(doc, 'm.json');
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('the manifest was accepted');
}

describe('checkManifestConsistency (through validateManifest)', () => {
  it.each([
    ['an inspected image', () => copy(image)],
    ['a committed stack manifest', () => JSON.parse(stackText) as Manifest],
  ])('accepts %s as it is', (_what, make) => {
    const m = make();
    expect(() => checkManifestConsistency(m, 'm.json')).not.toThrow();
    expect(validateManifest(m, 'm.json').identity.name).toBe(m.identity.name);
  });

  it.each(mutations)('refuses %s, naming the pointer', (_what, base, mutate, at, detail) => {
    const m = base === 'image' ? copy(image) : (JSON.parse(stackText) as Manifest);
    mutate(m);
    const error = refusal(m);
    expect(error.code).toBe('MANIFEST_BAD');
    expect(error.location).toEqual({ file: 'm.json', at });
    expect(error.detail).toMatch(detail);
    // One line: the CLI prints the message as it is.
    expect(error.message).not.toContain('\n');
  });

  it('accepts a leaf outside every region (the schema’s -1)', () => {
    const m = copy(image);
    m.attribution.leaves.region[0] = -1;
    expect(() => checkManifestConsistency(m, 'm.json')).not.toThrow();
  });
});
