/**
 * Test support: validates what the server answered, and what a webhook receiver got, against the OpenAPI
 * document's schemas (ajv, JSON Schema 2020-12), so a documented shape that drifts from the real one fails.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { eventComponent, openApiDocument } from '../../server/openapi/build-document.ts';
import { FORM_SCHEMA_ID } from '../../server/openapi/form-definition-schema.ts';

type Json = Record<string, unknown>;
type Doc = ReturnType<typeof openApiDocument>;
const ROOT = 'leadgate:openapi';
/** `application/json` and the `+json` types (`application/schema+json`). */
export const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json$/;

/** A matcher of concrete requests to the document's operations and of bodies to their schemas. */
export function openApiValidator(doc: Doc = openApiDocument('http://leads.test')) {
  // The document's `#/components/schemas/X` become refs into one schema resource holding them all; the
  // form language keeps its own `$id`, so refs into it go there.
  const text = JSON.stringify(doc.components.schemas)
    .replaceAll('"#/components/schemas/FormDefinition/$defs/', `"${FORM_SCHEMA_ID}#/$defs/`)
    .replaceAll('"#/components/schemas/', `"${ROOT}#/$defs/`);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: ROOT, $defs: JSON.parse(text) });
  const compiled = new Map<unknown, ValidateFunction>();
  const compile = (schema: unknown) => {
    let fn = compiled.get(schema);
    if (!fn) {
      const inline = JSON.parse(
        JSON.stringify(schema)
          .replaceAll('"#/components/schemas/FormDefinition/$defs/', `"${FORM_SCHEMA_ID}#/$defs/`)
          .replaceAll('"#/components/schemas/', `"${ROOT}#/$defs/`),
      );
      fn = ajv.compile(inline);
      compiled.set(schema, fn);
    }
    return fn;
  };
  const paths = doc.paths as Record<string, Record<string, Json>>;
  // Literal segments first: /v1/admin/leads/export before /v1/admin/leads/{id}.
  const templates = Object.keys(paths)
    .map((template) => ({
      template,
      re: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
      params: (template.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params);

  const problems = (fn: ValidateFunction, body: unknown) =>
    fn(body)
      ? []
      : (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);

  return {
    /** The operation a request reached: its path template, or undefined when the document has none. */
    templateOf(path: string): string | undefined {
      return templates.find((t) => t.re.test(path))?.template;
    },
    /**
     * What is wrong with an answer by the document: an undocumented operation or status, another media
     * type, or a body off its schema. Empty when it is as documented. Returns the template it matched.
     */
    checkResponse(method: string, url: string, status: number, contentType: string | null, body: unknown) {
      const path = new URL(url, 'http://x').pathname;
      const template = this.templateOf(path);
      const op = template ? paths[template]?.[method.toLowerCase()] : undefined;
      if (!template || !op) return { template, errors: [`${method} ${path} is not documented`] };
      const responses = op.responses as Record<string, Json>;
      let reply = responses[String(status)];
      if (!reply) return { template, errors: [`${method} ${template} does not document ${status}`] };
      if (typeof reply.$ref === 'string') {
        reply = (doc.components.responses as Record<string, Json>)[reply.$ref.split('/').pop() ?? ''] as Json;
      }
      const content = reply.content as Record<string, { schema: unknown }> | undefined;
      if (!content) return { template, errors: body === undefined ? [] : [`${status} documents no body`] };
      const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
      const media = content[type] ?? content['*/*'];
      if (!media)
        return { template, errors: [`${status} answered ${type}, documented ${Object.keys(content)}`] };
      if (!JSON_TYPE.test(type)) return { template, errors: [] };
      return { template, errors: problems(compile(media.schema), body) };
    },
    /** What is wrong with a webhook body by its event's schema in the `webhooks` section. */
    checkEvent(body: unknown): string[] {
      const type = String((body as { type?: unknown } | null)?.type);
      if (!(doc.webhooks as Json)[type]) return [`${type} is not a documented event`];
      return problems(compile({ $ref: `#/components/schemas/${eventComponent(type)}` }), body);
    },
  };
}
