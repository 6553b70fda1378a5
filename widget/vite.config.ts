import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipAsync } from '@gfx/zopfli';
import { minify } from 'terser';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Writes `<file>.gz` beside each output, compressed with Zopfli: plain gzip that every browser reads, a few
 * per cent smaller than zlib's best. The server sends it as the widget's gzip encoding.
 */
const zopfli = (): Plugin => ({
  name: 'leadgate:zopfli',
  async writeBundle(options, bundle) {
    for (const [name, out] of Object.entries(bundle)) {
      if (out.type !== 'chunk' || !options.dir) continue;
      writeFileSync(
        join(options.dir, `${name}.gz`),
        await gzipAsync(Buffer.from(out.code), { numiterations: 100 }),
      );
    }
  },
});

/**
 * Drops `Component.prototype.setState` and `forceUpdate` from Preact: the widget renders plain elements
 * and never a stateful component (form.tsx), so they and the render queue they alone reach are dead code
 * the minifier cannot see through a prototype assignment (~0.37 KB gzip). preact/hooks calls setState
 * (and, like devtools, reads the internals terser renames below), so importing it fails the build here; so
 * does a Preact whose build no longer matches.
 */
const statelessPreact = (): Plugin => ({
  name: 'leadgate:stateless-preact',
  transform(code, id) {
    if (/[\\/]preact[\\/](hooks|compat|debug|devtools)[\\/]/.test(id))
      this.error('the widget renders plain elements: no hooks, compat or devtools');
    if (!/[\\/]preact[\\/]dist[\\/]preact\.module\.js$/.test(id)) return;
    const stateless = code.replace(
      /(\w+)\.prototype\.setState=function\(.*?\1\.prototype\.forceUpdate=function\(\w+\)\{[^}]*\},/,
      '',
    );
    // No class component either: Preact's only components here are its own Fragment and the function that
    // wraps a render() root, so every class-component branch (lifecycle methods, getDerivedStateFromProps,
    // contextType) is dead once `isClassComponent` is false, and the minifier drops them.
    const functional = stateless.replace(
      /(\w+)=(\w+)\.prototype&&\2\.prototype\.render,(\w+)=\((\w+)=\2\.contextType\)&&/,
      '$1=!1,$3=($4=void 0)&&',
    );
    // No `style` prop either (a strict CSP would refuse the attribute; styles.ts is adopted): its setter goes.
    const unstyled = functional.replace(/(\w+:if\()"style"==\w+\)/, '$1!1)');
    if (stateless === code || functional === stateless || unstyled === functional)
      this.error('Preact changed: update statelessPreact() in widget/vite.config.ts');
    return unstyled;
  },
});

/**
 * A terser pass over the minified bundle: it finds what the first minifier leaves. Statements are left
 * unjoined (`sequences: false`): the comma chains cost gzip more than the bytes they save. The bundle opens
 * with V8's explicit compile hint, `//# allFunctionsCalledOnLoad`: Chromium (136 and later) then compiles
 * every function on the thread that streams the script in, while it downloads, rather than each on the
 * page's main thread when first called (5-40 ms of a 4× slowed main thread before the form showed, in
 * bench:widget's traces; none with the hint). V8 reads it only as a script's first line
 * (server/web/widget-asset.ts keeps it there for `?form=`).
 */
const terser = (): Plugin => ({
  name: 'leadgate:terser',
  async generateBundle(_, bundle) {
    for (const out of Object.values(bundle)) {
      if (out.type === 'chunk')
        out.code =
          (
            await minify(out.code, {
              ecma: 2022,
              // Preact's internals (`__k`, `__e`, …, `_sb`: the names its own build mangles them to) get one
              // letter: nothing outside this closed bundle reads them (no devtools or hooks, see above).
              mangle: { properties: { regex: /^__.?$|^_sb$/ } },
              // Preact's render-queue scheduler, `Promise.prototype.then.bind(Promise.resolve())`, is unused
              // without setState; no call of these is kept for its effects elsewhere.
              compress: {
                passes: 2,
                sequences: false,
                pure_funcs: ['Promise.prototype.then.bind', 'Promise.resolve'],
              },
              format: { preamble: '//# allFunctionsCalledOnLoad' },
            })
          ).code ?? out.code;
    }
  },
});

// Two builds of one widget: by default the script tag's self-contained IIFE (dist/widget.js: no chunks,
// no module loader, no CSS file); with `--mode lib` the npm entry, an ES module (dist/widget.mjs).
export default defineConfig(({ mode }) => {
  const lib = mode === 'lib';
  return {
    root: here('.'),
    // Classic JSX: `h(type, props, ...children)` calls are smaller than the automatic runtime's.
    plugins: lib ? [] : [statelessPreact(), terser(), zopfli()],
    oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
    // The console's preview code (widget/preview.ts) is dead here, and dropped.
    define: { __LEADGATE_PREVIEW__: 'false' },
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
