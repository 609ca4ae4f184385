import type { StackLayerName } from '../../analyzer/model/manifest.js';

/** Binary packages of the C library (glibc's runtime parts). */
const C_LIBRARY = /^(libc6|libc-bin|libcrypt1)$/;
/** Cryptography and TLS libraries. */
const CRYPTO =
  /^(libssl\d|libssl\d+\.\d+|openssl|libcrypto|libgnutls|libnettle|libhogweed|libgcrypt|libgpg-error|libsodium|libmbedtls|libmbedcrypto|libmbedx509|libwolfssl|libtasn1|libp11-kit|libk5crypto|libgmp)/;

/** The layer of a package: the roots are the server, `linux-image-*` the kernel, then by name. */
export function classifyStackLayer(pkg: string, roots: string[], kernelPackage?: string): StackLayerName {
  if (pkg === kernelPackage || /^linux-image-/.test(pkg)) return 'kernel';
  if (roots.includes(pkg)) return 'server';
  if (C_LIBRARY.test(pkg)) return 'C library';
  if (CRYPTO.test(pkg)) return 'crypto/TLS';
  return 'other';
}
