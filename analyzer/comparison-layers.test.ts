import { describe, expect, it } from 'vitest';
import { layerOfImagePackage } from './comparison-layers.js';

// The rule, case by case: opam names and the Debian names of the same libraries land alike.
describe('layerOfImagePackage', () => {
  it.each([
    ['solo5', 'kernel'],
    ['mirage-solo5', 'kernel'],
    ['nolibc', 'C library'],
    ['libc6-dev', 'C library'],
    ['mirage-crypto', 'crypto/TLS'],
    ['libmirage-crypto-ocaml-dev', 'crypto/TLS'],
    ['libx509-ocaml-dev', 'crypto/TLS'],
    ['tls', 'crypto/TLS'],
    ['cohttp-lwt-unix', 'server'],
    ['libcohttp-lwt-unix-ocaml-dev', 'server'],
    ['my-service', 'server'],
    ['ocaml', 'language runtime'],
    ['js_of_ocaml', 'language runtime'],
    ['libjs-of-ocaml-dev', 'language runtime'],
    ['[linker]', 'language runtime'],
    ['liblwt-ocaml-dev', 'other'],
    ['unknown', 'other'],
  ])('%s → %s', (name, layer) => {
    expect(layerOfImagePackage(name, ['my-service'])).toBe(layer);
  });
});
