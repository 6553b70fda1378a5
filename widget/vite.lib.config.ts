import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The npm entry (`leadgate/widget`): an ES module for apps that bundle their own code.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false })],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    reportCompressedSize: false,
    lib: {
      entry: fileURLToPath(new URL('./lib.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'widget.mjs',
    },
  },
});
