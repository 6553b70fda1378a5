/**
 * The API described: `GET /v1/openapi.json` (OpenAPI 3.1), `GET /docs` (the same document as a page, plain
 * HTML that needs no script) and `GET /docs/form-definition.schema.json`. Built once per public URL.
 */
import { Hono } from 'hono';
import { noQuery } from '../http/query.ts';
import { pageHeaders } from '../http/security-headers.ts';
import { openApiDocument } from './build-document.ts';
import { formSchemaJson } from './form-definition-schema.ts';
import { REFERENCE_STYLE_SOURCE, referencePage } from './reference-page.ts';

const MAX_AGE_IN_SECONDS = 300;

/** Mounted at `/`. */
export function openApiRoutes({ publicUrl }: { publicUrl: () => string }) {
  const app = new Hono();
  let built: { url: string; json: string; page: string } | undefined;
  /** The document and the page for the current public URL (it is known only once the server listens). */
  const current = () => {
    const url = publicUrl();
    if (built?.url !== url) {
      const doc = openApiDocument(url);
      built = { url, json: JSON.stringify(doc), page: referencePage(doc) };
    }
    return built;
  };
  let schema: string | undefined;

  app.get('/v1/openapi.json', noQuery, (c) => {
    c.header('content-type', 'application/json; charset=utf-8');
    c.header('cache-control', `public, max-age=${MAX_AGE_IN_SECONDS}`);
    // Any site may read the description (an API tool in a browser): it holds nothing that is not public.
    c.header('access-control-allow-origin', '*');
    return c.body(current().json);
  });
  app.get('/docs/form-definition.schema.json', noQuery, (c) => {
    schema ??= formSchemaJson();
    c.header('content-type', 'application/schema+json; charset=utf-8');
    c.header('cache-control', `public, max-age=${MAX_AGE_IN_SECONDS}`);
    c.header('access-control-allow-origin', '*');
    return c.body(schema);
  });
  app.use('/docs', pageHeaders({ publicUrl, styleSources: [REFERENCE_STYLE_SOURCE] }));
  app.get('/docs', noQuery, (c) => {
    c.header('cache-control', `public, max-age=${MAX_AGE_IN_SECONDS}`);
    return c.html(current().page);
  });
  return app;
}
