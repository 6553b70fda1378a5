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
 * Cuts from Preact what the widget never reaches, which the minifier cannot see is dead: the widget renders
 * plain elements and never a component of its own (form.tsx), so `setState`, `forceUpdate` and the render
 * queue they alone reach go (~0.37 KB gzip), and so do class components, error boundaries, the `style`
 * prop, `defaultProps`, `dangerouslySetInnerHTML`, SVG and MathML, and the `options` hooks (~0.73 KB more).
 * preact/hooks calls setState (and, like devtools, reads the internals terser renames below), so importing
 * it fails the build here; so does a Preact whose build no longer matches a cut.
 */
const statelessPreact = (): Plugin => ({
  name: 'leadgate:stateless-preact',
  transform(code, id) {
    if (/[\\/]preact[\\/](hooks|compat|debug|devtools)[\\/]/.test(id))
      this.error('the widget renders plain elements: no hooks, compat or devtools');
    if (!/[\\/]preact[\\/]dist[\\/]preact\.module\.js$/.test(id)) return;
    // Each cut is of code that only something the widget never does reaches; each must match, or the build
    // stops (Preact changed, and the cut must be looked at again).
    const cuts: [string, RegExp, string][] = [
      // setState and forceUpdate (and the render queue only they reach).
      [
        'setState',
        /(\w+)\.prototype\.setState=function\(.*?\1\.prototype\.forceUpdate=function\(\w+\)\{[^}]*\},/,
        '',
      ],
      // No class component (Preact's own Fragment and render root are functions): `isClassComponent` is
      // false, and every lifecycle branch and contextType goes.
      [
        'class components',
        /(\w+)=(\w+)\.prototype&&\2\.prototype\.render,(\w+)=\((\w+)=\2\.contextType\)&&/,
        '$1=!1,$3=($4=void 0)&&',
      ],
      // No `style` prop (a strict CSP refuses the attribute; styles.ts is adopted): its setter goes.
      ['style', /(\w+:if\()"style"==\w+\)/, '$1!1)'],
      // No error boundary (they are class components): an error is rethrown, as with none.
      ['error boundaries', /(\{__e:function)\(\w+(?:,\w+){3}\)\{for\(.*?throw (\w+)\}/, '$1($2){throw $2}'],
      // No dangerouslySetInnerHTML: its variables stay undefined, and the branches that read them go.
      [
        'innerHTML',
        /"dangerouslySetInnerHTML"==(\w+)\?\w+=\w+:(.*?)"dangerouslySetInnerHTML"==\1\?\w+=\w+:/,
        '$2',
      ],
      // No component with defaultProps.
      ['defaultProps', /"function"==typeof (\w+)&&null!=\1\.defaultProps/, '!1'],
      // No SVG or MathML element: every element is HTML.
      ['svg', /"svg"==\w+\?\w+="http:\/\/www\.w3\.org\/2000\/svg":"math"==\w+\?\w+="[^"]+":/, ''],
      ['xlink', /if\("http:\/\/www\.w3\.org\/2000\/svg"==\w+\)\w+=\w+\.replace\([^;]*?\);else /, ''],
      ['foreignObject', /"foreignObject"==\w+\?"http:\/\/www\.w3\.org\/1999\/xhtml":/, ''],
    ];
    // Preact's `options`: hooks for devtools, hooks and compat, none of which is here, so none is ever set.
    const options = /(\w+)=\{__e:function/.exec(code)?.[1];
    if (!options) this.error('Preact changed (options): update statelessPreact() in widget/vite.config.ts');
    const hook = (names: string, call: string) =>
      new RegExp(
        `(?:null==\\w&&null!=)?(?:${options}\\.(?:${names})|\\(\\w=${options}\\.(?:${names})\\))&&${call}`,
        'g',
      );
    cuts.push(
      // `(0)`, not `0`: a cut can follow `return` with no space (`return(s=o.diffed)&&s(u)`).
      [
        'options hooks',
        hook('vnode|__c|__m|unmount|__', `(?:${options}\\.\\w+|\\w)\\(\\w(?:,\\w)?\\)`),
        '(0)',
      ],
      ['diff hooks', hook('__b|diffed', '\\w\\(\\w\\)'), '(0)'],
      ['event hook', new RegExp(`${options}\\.event\\?${options}\\.event\\((\\w)\\):\\1`), '$1'],
      ['render hook', new RegExp(`(\\w)=${options}\\.__r,`), '$1=void 0,'],
    );
    let cut = code;
    for (const [what, pattern, replacement] of cuts) {
      const next = cut.replace(pattern, replacement);
      if (next === cut)
        this.error(`Preact changed (${what}): update statelessPreact() in widget/vite.config.ts`);
      cut = next;
    }
    return cut;
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
