import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The browser client is built once into dist/web/client; `tcbscope serve` serves that folder.
// Relative asset paths ('./') are not used: pages live at nested paths (/builds/3), so assets
// are addressed from the root.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/client', import.meta.url)),
    emptyOutDir: true,
    // One script and one stylesheet, named by content: the server may cache them forever.
    assetsInlineLimit: 0,
    sourcemap: true,
    target: 'es2022',
    // ELK (1.5 MB) is its own chunk, loaded only when a page draws a graph; the pages' code is small.
    chunkSizeWarningLimit: 1600,
  },
});
