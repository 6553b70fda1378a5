import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiValidator } from '../../tests/support/openapi-validator.ts';
import { TEST_PUBLIC_URL, testApp } from '../../tests/support/test-app.ts';
import { openApiDocument } from './build-document.ts';
import { demoSubmission, demoSubmissionResponse } from './examples.ts';

const doc = openApiDocument(TEST_PUBLIC_URL);

/** Each operation the Hono app answers, as `get /v1/forms/{formId}`: middleware (use, `*`) left out. */
function appOperations(): string[] {
  const { app } = testApp();
  const ops = new Set<string>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.path === '/*') continue;
    // The console's pages route in the browser: `/admin/*` is documented as /admin ("and every path under it").
    const path = r.path === '/admin/*' ? '/admin' : r.path.replace(/:(\w+)/g, '{$1}');
    ops.add(`${r.method.toLowerCase()} ${path}`);
  }
  return [...ops].sort();
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every route the app answers, and nothing else', () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(appOperations());
  });

  it('documents every webhook event, with the Standard Webhooks headers', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual(
      [
        'digest.daily',
        'endpoint.disabled',
        'lead.consent_withdrawn',
        'lead.created',
        'lead.erased',
        'webhook.test',
      ].sort(),
    );
    for (const event of Object.values(doc.webhooks)) {
      expect(event.post.parameters.map((p) => p.name)).toEqual([
        'webhook-id',
        'webhook-timestamp',
        'webhook-signature',
      ]);
    }
  });

  it('embeds the committed form-definition JSON Schema, as it is', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../docs/form-definition.schema.json', import.meta.url), 'utf8'),
    );
    expect(doc.components.schemas.FormDefinition).toEqual(committed);
    // A body that is a form definition names it, rather than carrying a copy of it.
    const formRef = { $ref: '#/components/schemas/FormDefinition' };
    const bodyOf = (path: string, method: string) =>
      (doc.paths[path] as Record<string, { requestBody: { content: Record<string, { schema: unknown }> } }>)[
        method
      ]?.requestBody.content['application/json']?.schema;
    expect(bodyOf('/v1/admin/forms', 'post')).toEqual(formRef);
    expect(bodyOf('/v1/admin/forms/{id}', 'put')).toEqual(formRef);
  });

  it('has a submission example that the demo form answers as documented', async () => {
    const { app } = testApp();
    const check = openApiValidator(doc);
    const res = await app.request('/v1/forms/demo-ebook/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'example-1' },
      body: JSON.stringify(demoSubmission),
    });
    const body = (await res.json()) as typeof demoSubmissionResponse;
    expect(res.status).toBe(201);
    expect(
      check.checkResponse('POST', '/v1/forms/demo-ebook/submissions', 201, 'application/json', body).errors,
    ).toEqual([]);
    const example = JSON.parse(
      JSON.stringify(demoSubmissionResponse).replaceAll('https://leads.example.com', TEST_PUBLIC_URL),
    );
    expect({ ...body, id: example.id }).toEqual(example);
  });
});

describe('GET /v1/openapi.json, /docs and /docs/form-definition.schema.json', () => {
  it('serves the document for the public URL', async () => {
    const { app } = testApp();
    const res = await app.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('serves the form-definition schema as committed', async () => {
    const { app } = testApp();
    const res = await app.request('/docs/form-definition.schema.json');
    expect(await res.text()).toBe(
      readFileSync(new URL('../../docs/form-definition.schema.json', import.meta.url), 'utf8'),
    );
  });

  it('serves the reference as plain HTML under the strict page policy: no script, nothing from another host', async () => {
    const { app } = testApp();
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'self' 'sha256-[^']+'/);
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(?:src|href)="(?:https?:)?\/\/(?!leads\.test)/);
    // Every operation and event has its place, and every link inside the page lands on one.
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item) as { operationId: string }[]) {
        expect(html).toContain(`id="${op.operationId}"`);
      }
    }
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const broken = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).filter((id) => !ids.has(id));
    expect(broken).toEqual([]);
    // Long named schemas are in full once, under Schemas, and linked where used (each copy made it 720 KB).
    expect(html.length).toBeLessThan(600_000);
  });

  it('takes no query string', async () => {
    const { app } = testApp();
    expect((await app.request('/v1/openapi.json?x=1')).status).toBe(400);
  });
});
