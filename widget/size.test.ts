import { describe, expect, it } from 'vitest';
import { WIDGET_LIMIT_IN_BYTES, widgetSizes } from '../scripts/size.ts';

describe('the widget bundle', () => {
  it(`stays under ${WIDGET_LIMIT_IN_BYTES} bytes gzipped, Preact included (run npm run size)`, () => {
    const { gzip, brotli } = widgetSizes();
    expect(gzip).toBeLessThanOrEqual(WIDGET_LIMIT_IN_BYTES);
    expect(brotli).toBeLessThan(gzip);
  });
});
