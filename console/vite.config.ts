import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The owner's console: its own bundle, served by the server under /admin (server/web/console-routes.ts).
// Nothing here is inline (no inline script or style, no module-preload polyfill): the page runs under
// `script-src 'self'; style-src 'self'`. Asset names carry a content hash, so they are cached for a year.
export default defineConfig({
  root: here('.'),
  base: '/admin/',
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  // The forms editor's preview renders the real widget, which then counts and sends nothing
  // (widget/preview.ts).
  define: { __LEADGATE_PREVIEW__: 'true' },
  logLevel: 'warn',
  build: {
    outDir: here('../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
    // Small files stay files: a data: URL for a script or a stylesheet would not pass the page's CSP.
    assetsInlineLimit: 0,
  },
});
