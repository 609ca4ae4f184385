import {
  DEFAULT_KERNEL_EXTRAS,
  KERNEL_EXTRAS_MODES,
  type KernelExtrasMode,
} from '../analyzer/measure-tcb-bytes.js';
import { UserError } from '../analyzer/model/user-error.js';

/** `--kernel-extras exclude|include` → the mode (default {@link DEFAULT_KERNEL_EXTRAS}); anything else is a usage error. */
export function resolveKernelExtras(value: string | undefined): KernelExtrasMode {
  if (value === undefined) return DEFAULT_KERNEL_EXTRAS;
  const mode = KERNEL_EXTRAS_MODES.find((m) => m === value);
  if (!mode)
    throw new UserError(
      'USAGE',
      `--kernel-extras takes ${KERNEL_EXTRAS_MODES.join(' or ')}, got "${value}"`,
      { at: '--kernel-extras' },
    );
  return mode;
}
