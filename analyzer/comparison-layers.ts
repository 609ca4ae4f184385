import type { Manifest } from './model/manifest.js';

/**
 * The layers a comparison is drawn in, image and stack alike, in report order. A stack's manifest
 * names its own layers (`stack.layers`, without a language runtime: Debian's C programs have
 * none); an image's packages are placed by {@link layerOfImagePackage}.
 */
export const COMPARISON_LAYERS = [
  'kernel',
  'C library',
  'crypto/TLS',
  'server',
  'language runtime',
  'other',
] as const;
/** An element of {@link COMPARISON_LAYERS}. */
export type ComparisonLayer = (typeof COMPARISON_LAYERS)[number];

// Package names (opam, findlib roots, Debian) by the role they play in a unikernel. What plays the
// kernel's part in a unikernel is the Solo5 or Xen platform layer; its C library is nolibc and
// openlibm (or the host's libc for a hosted image).
const KERNEL =
  /^(solo5|mirage-solo5|mirage-xen|xen|ocaml-solo5|mirage-bootvar|mirage-net-solo5|mirage-block-solo5)(-|$)/;
const C_LIBRARY = /^(nolibc|openlibm|libc6|libc6-dev|libcrypt1|musl|glibc)$/;
const CRYPTO =
  /^(mirage-crypto|tls|x509|ca-certs|digestif|kdf|eqaf|asn1-combinators|pbkdf|hkdf|gmp|zarith|ssl|libssl|libgnutls|libgcrypt|libk5crypto|libnettle|libhogweed|libgmp)/;
const RUNTIME =
  /^(ocaml|ocaml-nox|ocaml-base-compiler|ocaml-runtime|stdlib|js_of_ocaml|js-of-ocaml|js_of_ocaml-compiler|js_of_ocaml-lwt|libgcc-\d+-dev|libgcc-s1|\[linker\])$/;
const SERVER = /^(cohttp|conduit|httpaf|h1|h2|paf|dream|http-lwt-client|mirage-http)(-|$)/;

/**
 * The names a package may be known by: its own, and for a Debian OCaml library package its opam
 * name (`libmirage-crypto-ocaml-dev` → `mirage-crypto`; `libjs-of-ocaml-dev` → `js-of-ocaml`, a
 * name that itself ends in `-ocaml`), so a hosted image attributed through dpkg is layered like
 * one built with opam.
 */
function namesOf(name: string): string[] {
  const m = /^lib(.+)-dev$/.exec(name);
  if (!m) return [name];
  const bare = m[1] as string;
  return [name, bare, bare.replace(/-ocaml$/, '')];
}

/**
 * The layer of one of an image's packages: the platform layer is its kernel, nolibc/openlibm its C
 * library, TLS and crypto libraries, the OCaml (or JS) runtime and standard library, HTTP server
 * libraries and the build's own root packages; everything else (and `unknown`) is `other`.
 */
export function layerOfImagePackage(name: string, roots: readonly string[]): ComparisonLayer {
  const names = namesOf(name);
  const any = (rule: RegExp): boolean => names.some((n) => rule.test(n));
  if (any(KERNEL)) return 'kernel';
  if (any(C_LIBRARY)) return 'C library';
  if (any(CRYPTO)) return 'crypto/TLS';
  if (any(RUNTIME)) return 'language runtime';
  if (any(SERVER) || roots.includes(name)) return 'server';
  return 'other';
}

/** The layer of every package of a manifest: a stack's own layer lists, an image's by name. */
export function layerOfPackages(m: Manifest): (name: string) => ComparisonLayer {
  if (m.kind === 'stack') {
    const byPackage = new Map<string, ComparisonLayer>();
    for (const l of m.stack?.layers ?? []) for (const p of l.packages) byPackage.set(p, l.name);
    return (name) => byPackage.get(name) ?? 'other';
  }
  const roots = m.dependencies.roots;
  return (name) => layerOfImagePackage(name, roots);
}
