import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Two builds of one widget: by default the script tag's self-contained IIFE (dist/widget.js: no chunks,
// no module loader, no CSS file); with `--mode lib` the npm entry, an ES module (dist/widget.mjs).
export default defineConfig(({ mode }) => {
  const lib = mode === 'lib';
  return {
    root: here('.'),
    plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false })],
    logLevel: 'warn',
    build: {
      outDir: here('../dist'),
      emptyOutDir: !lib,
      target: 'es2022',
      minify: true,
      reportCompressedSize: false,
      lib: lib
        ? { entry: here('./lib.ts'), formats: ['es'], fileName: () => 'widget.mjs' }
        : {
            entry: here('./index.ts'),
            formats: ['iife'],
            name: 'LeadgateWidget',
            fileName: () => 'widget.js',
          },
    },
  };
});
