import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The browser client Vite built (`npm run build` writes `dist/web/client`), found from this
 * module whether it runs compiled (`dist/pipeline/io/`) or from source (`pipeline/io/`, under vitest).
 */
export function findClientDir(): string | undefined {
  for (const rel of ['../../web/client/', '../../dist/web/client/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}index.html`) && existsSync(`${dir}assets`)) return dir;
  }
  return undefined;
}
