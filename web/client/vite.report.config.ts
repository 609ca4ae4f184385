import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The report file's client (`tcbscope report` inlines it): the web report's pages with
// web/client/report-main.ts as the entry, built into exactly one classic script and one
// stylesheet. ELK, a separate chunk in the web report, is inlined: a file opened from file://
// can load no other script.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/report', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    cssCodeSplit: false,
    target: 'es2022',
    // One bundle of the pages and ELK (1.6 MB), which the HTML file carries whole.
    chunkSizeWarningLimit: 2400,
    rollupOptions: {
      input: fileURLToPath(new URL('report-main.ts', import.meta.url)),
      output: {
        format: 'iife',
        inlineDynamicImports: true,
        entryFileNames: 'report.js',
        assetFileNames: 'report[extname]',
      },
    },
  },
});
