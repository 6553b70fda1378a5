import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FormDefinition } from '../../shared/form-definition.ts';
import { acceptsOrigin, normalOrigin, originMatches, refererOrigin } from './accepts-origin.ts';
import { demoForm } from './demo-form.ts';

const form = (allowedOrigins: string[]) => v.parse(FormDefinition, { ...demoForm, allowedOrigins });
const OWN = 'https://leads.example.net';

describe('acceptsOrigin', () => {
  it('compares origins as browsers send them: case, a default port and a trailing slash do not matter', () => {
    const def = form(['HTTPS://Shop.Example.com:443/', 'http://localhost:8080']);
    expect(acceptsOrigin(def, 'https://shop.example.com', OWN)).toBe(true);
    expect(acceptsOrigin(def, 'http://localhost:8080', OWN)).toBe(true);
    // Another scheme, port or host is another origin.
    expect(acceptsOrigin(def, 'http://shop.example.com', OWN)).toBe(false);
    expect(acceptsOrigin(def, 'https://shop.example.com:8443', OWN)).toBe(false);
    expect(acceptsOrigin(def, 'http://127.0.0.1:8080', OWN)).toBe(false);
  });

  it('takes https://*.example.com as any subdomain, at any depth, but not example.com itself', () => {
    const def = form(['https://*.example.com']);
    expect(acceptsOrigin(def, 'https://www.example.com', OWN)).toBe(true);
    expect(acceptsOrigin(def, 'https://a.b.example.com', OWN)).toBe(true);
    expect(acceptsOrigin(def, 'https://example.com', OWN)).toBe(false);
    expect(acceptsOrigin(def, 'https://badexample.com', OWN)).toBe(false);
    expect(acceptsOrigin(def, 'https://www.example.com.evil.test', OWN)).toBe(false);
    expect(acceptsOrigin(def, 'http://www.example.com', OWN)).toBe(false);
    expect(acceptsOrigin(def, 'https://www.example.com:8443', OWN)).toBe(false);
    expect(originMatches('https://*.example.com:8443', 'https://www.example.com:8443')).toBe(true);
  });

  it('takes no Origin, its own origin and * as before; refuses a null or malformed Origin', () => {
    const def = form([]);
    expect(acceptsOrigin(def, undefined, OWN)).toBe(true);
    expect(acceptsOrigin(def, OWN, OWN)).toBe(true);
    expect(acceptsOrigin(def, 'https://shop.example.com', OWN)).toBe(false);
    expect(acceptsOrigin(form(['*']), 'https://anything.test', OWN)).toBe(true);
    expect(acceptsOrigin(form(['https://*.example.com']), 'null', OWN)).toBe(false);
  });

  it('reads an origin from a Referer', () => {
    expect(refererOrigin('https://Shop.example.com/landing?utm_source=x')).toBe('https://shop.example.com');
    expect(refererOrigin(undefined)).toBeUndefined();
    expect(normalOrigin('file:///tmp/page.html')).toBeUndefined();
  });
});
