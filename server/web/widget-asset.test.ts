import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { webRoutes } from './routes.ts';
import { loadWidgetAsset, withPrefix } from './widget-asset.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadgate-asset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bundle = (name: string, code: string) => {
  const path = join(dir, name);
  writeFileSync(path, code);
  return path;
};
const code = `console.log(${JSON.stringify('leadgate '.repeat(200))});`;

describe('the widget asset', () => {
  it("sends the build's precompressed gzip when it holds exactly the bundle", () => {
    const path = bundle('fresh.js', code);
    const prebuilt = gzipSync(code, { level: 1 });
    writeFileSync(`${path}.gz`, prebuilt);
    expect(loadWidgetAsset(path)?.gzip.equals(prebuilt)).toBe(true);
  });

  it('compresses the bundle itself when the .gz is stale or missing', () => {
    const stale = bundle('stale.js', code);
    writeFileSync(`${stale}.gz`, gzipSync('an older build'));
    writeFileSync(join(dir, 'broken.js.gz'), 'not gzip at all');
    for (const path of [stale, bundle('broken.js', code), bundle('bare.js', code)]) {
      expect(gunzipSync(loadWidgetAsset(path)?.gzip ?? Buffer.alloc(0)).toString()).toBe(code);
    }
  });

  it('serves each encoding the browser accepts, every one decoding to the bundle', async () => {
    const path = bundle('served.js', code);
    writeFileSync(`${path}.gz`, gzipSync(code));
    const app = webRoutes({ widget: loadWidgetAsset(path), publicUrl: () => 'http://localhost' });
    const get = async (encoding: string) => {
      const res = await app.request('/widget.js', { headers: { 'accept-encoding': encoding } });
      return [res.headers.get('content-encoding'), Buffer.from(await res.arrayBuffer())] as const;
    };
    const [br, brBody] = await get('gzip, deflate, br');
    const [gz, gzBody] = await get('gzip');
    const [none, plain] = await get('identity');
    expect([br, gz, none]).toEqual(['br', 'gzip', null]);
    expect(brotliDecompressSync(brBody).toString()).toBe(code);
    expect(gunzipSync(gzBody).toString()).toBe(code);
    expect(plain.toString()).toBe(code);
  });

  it('puts a preloaded form after the compile hint the bundle opens with, which V8 reads only there', () => {
    const hinted = loadWidgetAsset(bundle('hinted.js', `//# allFunctionsCalledOnLoad\n${code}`));
    const plain = loadWidgetAsset(bundle('plain.js', code));
    if (!hinted || !plain) throw new Error('not built');
    expect(withPrefix(hinted, 'form();\n').identity.toString()).toBe(
      `//# allFunctionsCalledOnLoad\nform();\n${code}`,
    );
    expect(withPrefix(plain, 'form();\n').identity.toString()).toBe(`form();\n${code}`);
  });

  it('is missing, not broken, before the widget is built', () => {
    expect(loadWidgetAsset(join(dir, 'nothing.js'))).toBeUndefined();
  });
});
