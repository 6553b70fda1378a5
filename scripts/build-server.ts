/**
 * `npm run build:server`: bundles the server (server/cli.ts and all it imports from server/ and shared/) into
 * one ES module, dist/server/cli.js, so `leadgate serve` runs plain JavaScript: no TypeScript loader in
 * the process (~17 MB resident) and no module graph of a hundred files to resolve and compile at start.
 * Packages stay external (better-sqlite3 is a native addon; the rest are read from node_modules as usual).
 * Beside it, dist/server/sources.json lists the files bundled, so bin/leadgate.mjs can tell a stale build.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_OUT_DIR = 'dist/server';

/**
 * Keeps `import.meta.url` meaning the URL of the source file that says it, as it does when the sources
 * run: the server finds its migrations, package.json and the widget relative to itself, and in one bundle
 * every module would otherwise share the bundle's URL. The path is relative, so the install can move.
 */
const sourceUrls = (): Plugin => ({
  name: 'leadgate:source-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromOut = relative(`${root}${SERVER_OUT_DIR}`, path).split('\\').join('/');
      return {
        contents: source.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromOut)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
});

/** Builds dist/server/cli.js (and the chunks it imports on demand) and dist/server/sources.json. */
export async function buildServer(): Promise<void> {
  // Chunks are named by their content: an earlier build's would be left beside the new ones.
  await rm(`${root}${SERVER_OUT_DIR}`, { recursive: true, force: true });
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: ['server/cli.ts'],
    outdir: SERVER_OUT_DIR,
    // What the server imports on demand (the PostgreSQL store) is a chunk of its own, loaded only then.
    splitting: true,
    chunkNames: '[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceUrls()],
  });
  const sources = Object.keys(metafile.inputs).sort();
  await writeFile(`${root}${SERVER_OUT_DIR}/sources.json`, `${JSON.stringify(sources, null, 1)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer();
