import type { Manifest } from './model/manifest.js';

// Upstream project names of the Debian packages a reader knows a stack by; a package not listed
// is named as Debian names it.
const UPSTREAM: Record<string, string> = {
  'openssh-server': 'OpenSSH',
  libssl3: 'OpenSSL',
  libgnutls30: 'GnuTLS',
  libgcrypt20: 'libgcrypt',
  libc6: 'glibc',
  'libc6-dev': 'glibc',
};

/**
 * What a stack is, in the words of a headline: its server, TLS library, C library and kernel
 * (`nginx + OpenSSL + glibc + Linux 6.1`), from the manifest's roots, layers and kernel package.
 */
export function describeStackBasis(stack: Manifest): string {
  const details = stack.stack;
  if (!details) return stack.identity.name;
  const name = (p: string): string => UPSTREAM[p] ?? p;
  const inLayer = (layer: string, wanted: readonly string[]): string[] =>
    (details.layers.find((l) => l.name === layer)?.packages ?? []).filter((p) => wanted.includes(p));
  const parts = [
    ...details.roots.map(name),
    ...inLayer('crypto/TLS', ['libssl3', 'libgnutls30']).map(name),
    ...inLayer('C library', ['libc6']).map(name),
  ];
  // linux-image-6.1.0-56-cloud-amd64 → Linux 6.1 (the ABI name carries the upstream series).
  const series = details.kernel ? /^linux-image-(\d+\.\d+)/.exec(details.kernel.package)?.[1] : undefined;
  if (series) parts.push(`Linux ${series}`);
  return [...new Set(parts)].join(' + ');
}
