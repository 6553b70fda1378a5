/**
 * The server as `npm run build` leaves it (dist/server/cli.js): it runs on plain Node, without the
 * TypeScript loader, finding its migrations, the widget and package.json from where it was built; and
 * bin/leadgate.mjs runs it only while no source it was built from is newer.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtServer } from '../bin/built-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leadgate-built-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `main(args)` of the built server in plain Node (no --import, no loader: TypeScript cannot load). */
function runBuilt(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; stdout: () => string } {
  const entry = pathToFileURL(join(root, 'dist/server/cli.js')).href;
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `(await import(${JSON.stringify(entry)})).main(${JSON.stringify(args)})`],
    { cwd: dir, env: { ...process.env, LEADGATE_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return { child, stdout: () => out };
}

describe('the built server', () => {
  it('is fresh after npm run build: bin/leadgate.mjs runs it rather than the sources', () => {
    expect(builtServer(root), 'a source is newer than dist/server: npm run build').toBe(
      pathToFileURL(join(root, 'dist/server/cli.js')).href,
    );
  });

  it('serves on plain Node: migrations run, the demo form seeded, the widget and the console found', async () => {
    const { child, stdout } = runBuilt(['serve'], { LEADGATE_DB: join(dir, 'built.db') });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await expect.poll(stdout, { timeout: 15_000 }).toMatch(/listening on http:\/\/\S+/);
      const url = /listening on (http:\/\/\S+)/.exec(stdout())?.[1];
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      const form = await fetch(`${url}/v1/forms/demo-ebook`);
      expect(form.status).toBe(200);
      const widget = await fetch(`${url}/widget.js?form=demo-ebook`);
      expect(widget.status).toBe(200);
      expect(await widget.text()).toContain('LeadgateForms');
      expect((await fetch(`${url}/admin`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('reads its version from package.json', async () => {
    const { child, stdout } = runBuilt(['--version'], {});
    await new Promise((resolve) => child.once('exit', resolve));
    expect(stdout()).toMatch(/^leadgate \d+\.\d+\.\d+\n$/);
  });
});

describe('builtServer', () => {
  /** A package root with a build made at `builtAt` (seconds) from `sources` made at `madeAt`. */
  const fakeRoot = (name: string, sources: string[], madeAt: number, builtAt: number) => {
    const at = join(dir, name);
    mkdirSync(join(at, 'dist/server'), { recursive: true });
    for (const source of sources) {
      writeFileSync(join(at, source), '');
      utimesSync(join(at, source), madeAt, madeAt);
    }
    writeFileSync(join(at, 'dist/server/sources.json'), JSON.stringify(sources));
    writeFileSync(join(at, 'dist/server/cli.js'), '');
    utimesSync(join(at, 'dist/server/cli.js'), builtAt, builtAt);
    return at;
  };

  it('is the build when no source is newer than it', () => {
    const at = fakeRoot('fresh', ['a.ts', 'b.ts'], 1_000, 2_000);
    expect(builtServer(at)).toBe(pathToFileURL(join(at, 'dist/server/cli.js')).href);
  });

  it('is undefined when a source changed after the build', () => {
    const at = fakeRoot('edited', ['a.ts', 'b.ts'], 1_000, 2_000);
    utimesSync(join(at, 'b.ts'), 3_000, 3_000);
    expect(builtServer(at)).toBeUndefined();
  });

  it('is undefined when a source it was built from is gone, or there is no build', () => {
    const gone = fakeRoot('gone', ['a.ts'], 1_000, 2_000);
    rmSync(join(gone, 'a.ts'));
    expect(builtServer(gone)).toBeUndefined();
    expect(builtServer(join(dir, 'nothing'))).toBeUndefined();
  });
});
