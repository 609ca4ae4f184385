import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectImage } from '../pipeline/inspect-file.js';
import { compareManifests } from './compare.js';
import { diffManifests } from './diff-manifests.js';
import type { Manifest } from './model/manifest.js';
import { summarizeTarget } from './summarize-build.js';

const repo = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));
const stack = JSON.parse(readFileSync(repo('stacks/debian-12-amd64/https-nginx.json'), 'utf8')) as Manifest;

// Inspected without metadata, so no install list names a package: greet's C units land in
// `unknown` (a unit found, its package not named), and only the Solo5 image's bindings have a
// package (the `solo5` rule). The count must be the same whichever command asks.
describe('packages in an image: one count for compare, diff and the build page', () => {
  it.each([
    ['fixtures/images/greet/greet', 0],
    ['fixtures/images/solo5/solo5-hvt', 1],
  ])('%s has %i real package(s) with bytes', (image, expected) => {
    const m = inspectImage({ image: repo(image) }, () => undefined);
    // The fixture does hold an `unknown` row with bytes: the case the rule is about.
    expect(m.attribution.packages.find((p) => p.name === 'unknown')?.fileSize).toBeGreaterThan(0);
    const compared = compareManifests(m, stack).metrics.find((x) => x.id === 'packages')?.image;
    expect(compared).toBe(expected);
    expect(diffManifests(m, m).totals.packages.base).toBe(expected);
    expect(summarizeTarget(m).linkedPackages).toBe(expected);
  });
});
