// Regenerates the shipped stack profiles from Debian's packages: `npm run stacks`.
// Each profile is written by `tcbscope stack`; nothing here is typed in by hand but the choice of
// roots, kernel and modules (see stacks/README.md for why these).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const kernel = 'linux-image-6.1.0-56-cloud-amd64';
// virtio devices of a KVM cloud VM: PCI transport, network, disk (blk and scsi), entropy source.
const modules = 'virtio_pci,virtio_net,virtio_blk,virtio_scsi,virtio_rng';
const profiles = [
  { name: 'https-nginx', roots: 'nginx' },
  { name: 'dns-unbound', roots: 'unbound' },
  { name: 'ssh-openssh', roots: 'openssh-server' },
];
for (const p of profiles) {
  const out = `stacks/debian-12-amd64/${p.name}.json`;
  const args = ['dist/cli/bin.js', 'stack', '--name', p.name, '--roots', p.roots, '--kernel', kernel, '--modules', modules, '--target', 'debian-12-amd64', '--out', out];
  process.stderr.write(`regenerate: ${args.slice(1).join(' ')}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 2);
}
