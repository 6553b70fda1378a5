/**
 * `GET /docs`: the OpenAPI document as one plain HTML page, rendered on the server from the document
 * itself (so the page and the JSON cannot disagree), readable with no script: operations grouped by tag,
 * their parameters, bodies and answers, the webhooks, the schemas.
 */

import { REFERENCE_STYLE } from './reference-style.ts';
import { esc, type Json, propertyRow, prose, renderSchema, typeOf } from './render-schema.ts';

export { REFERENCE_STYLE_SOURCE } from './reference-style.ts';

type Doc = {
  info: { title: string; summary?: string; description?: string };
  servers: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Record<string, Json>>;
  webhooks: Record<string, { post: Json }>;
  components: {
    schemas: Record<string, Json>;
    responses: Record<string, Json>;
    securitySchemes: Record<string, Json>;
  };
};

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The page for `document` (an `openApiDocument`). */
export function referencePage(document: unknown): string {
  const doc = document as Doc;
  const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Json })),
  );
  const byTag = doc.tags.map(({ name }) => ({
    name,
    ops: ops.filter((o) => (o.op.tags as string[])[0] === name),
  }));
  const schemaNames = Object.keys(doc.components.schemas);
  const sections = `<li><a href="#overview">Overview</a></li>${byTag
    .map((t) => `<li><a href="#${slug(t.name)}">${esc(t.name)}</a></li>`)
    .join('')}<li><a href="#webhook-events">Webhook events</a></li><li><a href="#schemas">Schemas</a></li>`;
  const toc = `<details class="toc-phone"><summary>Contents</summary><nav aria-label="Sections"><ul>${sections}</ul></nav></details>
<nav class="toc" aria-label="Contents"><ul>
<li><a href="#overview">Overview</a><ul><li><a href="#authentication">Authentication</a></li><li><a href="#errors">Errors</a></li></ul></li>
${byTag
  .map(
    (t) =>
      `<li><a href="#${slug(t.name)}">${esc(t.name)}</a><ul>${t.ops
        .map(
          (o) =>
            `<li><a href="#${esc(o.op.operationId)}"><span class="m m-${o.method}">${o.method}</span><span>${esc(o.op.summary)}</span></a></li>`,
        )
        .join('')}</ul></li>`,
  )
  .join('\n')}
<li><a href="#webhook-events">Webhook events</a><ul>${Object.keys(doc.webhooks)
    .map((type) => `<li><a href="#event-${slug(type)}"><code>${esc(type)}</code></a></li>`)
    .join('')}</ul></li>
<li><a href="#schemas">Schemas</a></li>
</ul></nav>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(doc.info.title)} API reference</title>
<style>${REFERENCE_STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the reference</a>
<header class="top"><div class="top-inner">
<a class="brand" href="/docs"><span class="brand-mark" aria-hidden="true"></span>${esc(doc.info.title)} <small>API reference</small></a>
<nav aria-label="Related"><ul>
<li><a href="/v1/openapi.json">OpenAPI 3.1 (JSON)</a></li>
<li><a href="/docs/form-definition.schema.json">Form JSON Schema</a></li>
<li><a href="/admin">Console</a></li>
</ul></nav>
</div></header>
<div class="layout">
${toc}
<main id="main">
${overview(doc)}
${byTag.map((t) => `<section id="${slug(t.name)}" aria-labelledby="h-${slug(t.name)}"><h2 id="h-${slug(t.name)}">${esc(t.name)}</h2>${t.ops.map((o) => operation(o.path, o.method, o.op, doc)).join('\n')}</section>`).join('\n')}
<section id="webhook-events" aria-labelledby="h-webhook-events"><h2 id="h-webhook-events">Webhook events</h2>
<p class="lead">Leadgate POSTs each event to the endpoints that subscribe to it, signed as the Standard Webhooks specification says. Verify the signature (any Standard Webhooks library does), answer 2xx quickly, and deduplicate on <code>webhook-id</code>: delivery is at least once.</p>
${Object.entries(doc.webhooks)
  .map(([type, { post }]) => webhook(type, post, doc))
  .join('\n')}
</section>
<section id="schemas" aria-labelledby="h-schemas"><h2 id="h-schemas">Schemas</h2>
${schemaNames.map((name) => schemaCard(name, doc.components.schemas[name] as Json)).join('\n')}
</section>
</main>
</div>
</body>
</html>
`;
}

function overview(doc: Doc): string {
  const schemes = Object.entries(doc.components.securitySchemes);
  const errors = Object.values(doc.components.responses);
  const statusOf = (name: string) =>
    Object.values(doc.paths)
      .flatMap((item) => Object.values(item))
      .flatMap((op) => Object.entries((op.responses as Record<string, Json>) ?? {}))
      .find(([, r]) => r.$ref === `#/components/responses/${name}`)?.[0];
  return `<section id="overview" aria-labelledby="h-overview">
<h1 id="h-overview">${esc(doc.info.title)} API</h1>
<p class="lead">${prose(doc.info.description ?? doc.info.summary ?? '')}</p>
<ul class="meta"><li>Base URL <code>${esc(doc.servers[0]?.url ?? '')}</code></li><li>OpenAPI <a href="/v1/openapi.json">3.1 document</a></li></ul>
<h2 id="authentication">Authentication</h2><div class="card">
<ul class="props">${schemes
    .map(
      ([name, s]) =>
        `<li class="prop"><div class="prop-head"><code class="prop-name">${esc(name)}</code> <span class="prop-type">${esc(
          s.type === 'http' ? `HTTP ${s.scheme}` : `${s.in} ${s.name}`,
        )}</span></div><div class="prop-desc">${prose(s.description)}</div></li>`,
    )
    .join('')}</ul></div>
<h2 id="errors">Errors</h2><div class="card">
<p>Every failure answers a JSON body of the shape <a href="#schema-ErrorBody">ErrorBody</a>: <code>{"error": {"code", "message", "issues"?}}</code>. Branch on <code>code</code>; <code>issues</code> gives each validation problem at its dot path (<code>answers.email</code>).</p>
<table><thead><tr><th scope="col">Status</th><th scope="col">When</th></tr></thead><tbody>
${Object.keys(doc.components.responses)
  .map(
    (name, i) =>
      `<tr><td><code>${esc(statusOf(name) ?? '')}</code></td><td>${prose(errors[i]?.description)}</td></tr>`,
  )
  .join('')}
</tbody></table></div>
</section>`;
}

function operation(path: string, method: string, op: Json, doc: Doc): string {
  const security = op.security as Json[];
  const params = ((op.parameters as Json[]) ?? []).map((p) =>
    typeof p.$ref === 'string'
      ? ((doc as unknown as { components: { parameters: Record<string, Json> } }).components.parameters[
          p.$ref.split('/').pop() ?? ''
        ] ?? p)
      : p,
  );
  const body = op.requestBody as { content: Record<string, { schema: Json; example?: unknown }> } | undefined;
  return `<article class="card" id="${esc(op.operationId)}" aria-labelledby="t-${esc(op.operationId)}">
<h3 id="t-${esc(op.operationId)}"><span class="m m-${method}">${method}</span> <code class="path">${esc(path)}</code><span class="auth">${
    security.length === 0 ? 'Public' : 'Admin key or console session'
  }</span></h3>
<p class="summary">${prose(op.summary)}</p>
${op.description ? `<p>${prose(op.description)}</p>` : ''}
${params.length > 0 ? `<h4>Parameters</h4><ul class="props">${params.map((p) => propertyRow(`${p.name}`, { ...(p.schema as Json), ...(p.description ? { description: `${p.in === 'query' ? '' : `In the ${p.in}. `}${p.description}` } : { description: `In the ${p.in}.` }) }, p.required === true, 0)).join('')}</ul>` : ''}
${body ? `<h4>Request body</h4>${content(body.content, doc)}` : ''}
<h4>Responses</h4>
${byStatus(op.responses as Record<string, Json>)
  .map(([status, r]) => response(status, r, doc))
  .join('')}
</article>`;
}

// A named schema longer than this, rendered, is shown once under Schemas and linked where it is used: a
// form's definition expanded in each of the forms routes' bodies and answers made the page 720 KB.
const MAX_EXPANDED_IN_CHARS = 12_000;

/** A named schema's body, or a link to it under Schemas when it is long. */
function schemaBody(schema: Json, doc: Doc): string {
  const body = renderSchema(named(schema, doc));
  return typeof schema.$ref === 'string' && body.length > MAX_EXPANDED_IN_CHARS
    ? `<p class="note">Described in full under ${typeOf(schema)}.</p>`
    : body;
}

/** A body: its media type, and its schema in full (a named one expanded here, with a link to it). */
function content(media: Record<string, { schema: Json; example?: unknown }>, doc: Doc): string {
  return Object.entries(media)
    .map(
      ([type, { schema, example }]) =>
        `<p class="media">${esc(type)}${typeof schema.$ref === 'string' ? ` · ${typeOf(schema)}` : ''}</p>${schemaBody(schema, doc)}${
          example === undefined
            ? ''
            : `<details><summary>Example</summary><div><pre><code>${esc(JSON.stringify(example, null, 2))}</code></pre></div></details>`
        }`,
    )
    .join('');
}

function response(status: string, reply: Json, doc: Doc): string {
  const r =
    typeof reply.$ref === 'string'
      ? (doc.components.responses[reply.$ref.split('/').pop() ?? ''] ?? reply)
      : reply;
  const media = r.content as Record<string, { schema: Json; example?: unknown }> | undefined;
  const headers = Object.entries((r.headers as Record<string, Json>) ?? {});
  return `<details><summary><span class="status s${status[0]}">${esc(status)}</span><span>${prose(r.description)}</span></summary><div>${
    headers.length > 0
      ? `<ul class="props">${headers.map(([name, h]) => propertyRow(name, { ...(h.schema as Json), description: `Header. ${h.description}` }, false, 0)).join('')}</ul>`
      : ''
  }${media ? content(media, doc) : '<p class="note">No body.</p>'}</div></details>`;
}

function webhook(type: string, post: Json, doc: Doc): string {
  const body = post.requestBody as { content: Record<string, { schema: Json }> };
  const headers = post.parameters as Json[];
  return `<article class="card" id="event-${slug(type)}" aria-labelledby="t-event-${slug(type)}">
<h3 id="t-event-${slug(type)}"><span class="m m-post">post</span> <code class="path">${esc(type)}</code></h3>
<p>${prose(post.description)}</p>
<h4>Headers</h4><ul class="props">${headers.map((h) => propertyRow(`${h.name}`, { ...(h.schema as Json), description: h.description }, true, 0)).join('')}</ul>
<h4>Body</h4>${content(body.content, doc)}
<h4>Your answer</h4>${byStatus(post.responses as Record<string, Json>)
    .map(
      ([status, r]) =>
        `<p><span class="status s${status[0]}">${esc(status)}</span> ${prose(r.description)}</p>`,
    )
    .join('')}
</article>`;
}

function schemaCard(name: string, schema: Json): string {
  const defs = name === 'FormDefinition' ? Object.entries((schema.$defs as Record<string, Json>) ?? {}) : [];
  return `<article class="card" id="schema-${esc(name)}" aria-labelledby="t-schema-${esc(name)}">
<h3 id="t-schema-${esc(name)}"><code class="path">${esc(name)}</code> <span class="prop-type">${typeOf({ ...schema, $ref: undefined })}</span></h3>
${schema.description ? `<p>${prose(schema.description)}</p>` : ''}
${name === 'FormDefinition' ? '<p>The form language, as <a href="/docs/form-definition.schema.json">its own JSON Schema</a> (also <code>docs/form-definition.schema.json</code> in the repository); checks across fields (unique keys, logic that reads only earlier fields) are the server’s, reported with paths.</p>' : ''}
${renderSchema(schema)}
</article>${defs.map(([def, s]) => schemaCard(`FormDefinition.${def}`, s).replace(`id="schema-FormDefinition.${def}"`, `id="schema-FormDefinition-${def}"`)).join('\n')}`;
}

/** Answers in the order of their status (`2XX` before `410`: integer-like keys come first in an object). */
function byStatus(responses: Record<string, Json>): [string, Json][] {
  return Object.entries(responses).sort(([a], [b]) => a.localeCompare(b));
}

/** A schema that names a component, resolved to that component's schema; any other, as it is. */
function named(schema: Json, doc: Doc): Json {
  const name = typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : undefined;
  return (name && doc.components.schemas[name]) || schema;
}
