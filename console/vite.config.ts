import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The operator console: static files under /console/ (the local gateway serves them there, CloudFront
 * in AWS). JSX is Preact's, compiled by Vite's own transformer; no framework plugin is needed.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    target: 'es2022',
    // Source maps stay out of the bundle the browser loads; nothing here is secret, but it halves the size.
    sourcemap: false,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
