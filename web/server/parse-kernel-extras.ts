import {
  DEFAULT_KERNEL_EXTRAS,
  KERNEL_EXTRAS_MODES,
  type KernelExtrasMode,
} from '../../analyzer/measure-tcb-bytes.js';
import { HttpError } from './http-error.js';

/**
 * `?extras=exclude|include` of a stack comparison, the web's `--kernel-extras`: absent means the
 * CLI's default, anything else is the client's mistake (400), not a silent default.
 */
export function parseKernelExtras(value: unknown): KernelExtrasMode {
  if (value === undefined) return DEFAULT_KERNEL_EXTRAS;
  const mode = KERNEL_EXTRAS_MODES.find((m) => m === value);
  if (!mode)
    throw new HttpError(
      400,
      'BAD_QUERY',
      `extras takes ${KERNEL_EXTRAS_MODES.join(' or ')}, got ${JSON.stringify(value)}`,
    );
  return mode;
}
