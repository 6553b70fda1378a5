/**
 * A JSON Schema as HTML for the reference page: each property on a line with its type, whether it is
 * required, its constraints and its description; nested objects indented; named schemas as links.
 */

/** A JSON Schema as the document holds it (only what the page reads). */
export type Json = { [key: string]: unknown };

/** HTML-escapes text (and attribute values). */
export function esc(text: unknown): string {
  return String(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Inline `code` and nothing else of Markdown: descriptions are written for both this page and tools. */
export function prose(text: unknown): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** `#/components/schemas/StoredLead` → the page anchor of that schema, and its name. */
export function refTarget(ref: string): { id: string; name: string } {
  const name = ref
    .replace(/^#\/components\/schemas\//, '')
    .replace(/^#\/\$defs\//, 'FormDefinition/$defs/')
    .replace('/$defs/', '.');
  return { id: `schema-${name.replace('.', '-')}`, name };
}

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A short type: `string`, `integer`, `array of StoredLead`, `StoredLead`, `string | null`. */
export function typeOf(schema: Json): string {
  if (typeof schema.$ref === 'string') {
    const { id, name } = refTarget(schema.$ref);
    return `<a href="#${id}">${esc(name)}</a>`;
  }
  if ('const' in schema) return `<code>${esc(JSON.stringify(schema.const))}</code>`;
  const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (union) return union.map(typeOf).join(' | ');
  if (schema.type === 'array' && isObject(schema.items)) {
    const items = schema.items;
    return `array of ${isObject(items.properties) || items.anyOf || items.oneOf ? 'objects' : typeOf(items)}`;
  }
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (typeof schema.type === 'string') {
    return schema.type === 'object' && !schema.properties && isObject(schema.additionalProperties)
      ? `map of ${typeOf(schema.additionalProperties)}`
      : schema.type;
  }
  return 'any';
}

/** The constraints worth a reader's eye: enum, format, pattern, bounds, default. */
function constraints(schema: Json): string[] {
  const out: string[] = [];
  if (Array.isArray(schema.enum))
    out.push(`one of ${schema.enum.map((e) => `<code>${esc(e)}</code>`).join(', ')}`);
  if (typeof schema.format === 'string') out.push(esc(schema.format));
  if (typeof schema.pattern === 'string') out.push(`pattern <code>${esc(schema.pattern)}</code>`);
  for (const [key, word] of [
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minimum', '≥'],
    ['maximum', '≤'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
  ] as const) {
    if (typeof schema[key] === 'number') out.push(`${word} ${schema[key]}`);
  }
  if ('default' in schema) out.push(`default <code>${esc(JSON.stringify(schema.default))}</code>`);
  return out;
}

/** One property (or parameter) as a row: name, type, required or not, constraints, description. */
export function propertyRow(name: string, schema: Json, required: boolean, depth: number): string {
  const facts = constraints(schema);
  const nested = nestedOf(schema);
  return `<li class="prop">
<div class="prop-head"><code class="prop-name">${esc(name)}</code> <span class="prop-type">${typeOf(schema)}</span>${
    required ? ' <span class="req">required</span>' : ''
  }</div>${facts.length > 0 ? `<div class="prop-facts">${facts.join(' · ')}</div>` : ''}${
    typeof schema.description === 'string' ? `<div class="prop-desc">${prose(schema.description)}</div>` : ''
  }${nested && depth < MAX_DEPTH ? renderSchema(nested, depth + 1) : ''}
</li>`;
}

const MAX_DEPTH = 4;

/** What to expand under a property: its own object, its array's object items, its union's objects. */
function nestedOf(schema: Json): Json | undefined {
  if (isObject(schema.properties) || schema.oneOf || schema.anyOf) {
    const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
    if (union?.every((s) => !isObject(s.properties))) return undefined;
    return schema;
  }
  if (schema.type === 'array' && isObject(schema.items)) return nestedOf(schema.items);
  return undefined;
}

/** A schema's body: its properties as a list, a union as its alternatives, else its type. */
export function renderSchema(schema: Json, depth = 0): string {
  if (isObject(schema.properties)) {
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const rows = Object.entries(schema.properties)
      .filter((entry): entry is [string, Json] => isObject(entry[1]))
      .map(([name, prop]) => propertyRow(name, prop, required.has(name), depth));
    const closed = schema.additionalProperties === false ? '<p class="note">No other properties.</p>' : '';
    return `<ul class="props">${rows.join('')}</ul>${closed}`;
  }
  const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (union?.some((s) => isObject(s.properties))) {
    return `<ol class="union">${union
      .map(
        (alt, i) =>
          `<li><div class="union-head">${i === 0 ? 'Either' : 'or'} ${isObject(alt.properties) ? 'an object' : typeOf(alt)}</div>${
            isObject(alt.properties) ? renderSchema(alt, depth + 1) : ''
          }</li>`,
      )
      .join('')}</ol>`;
  }
  if (schema.type === 'array' && isObject(schema.items) && nestedOf(schema.items)) {
    return `<p class="note">An array of:</p>${renderSchema(schema.items, depth + 1)}`;
  }
  const facts = constraints(schema);
  return `<p class="type-line"><span class="prop-type">${typeOf(schema)}</span>${
    facts.length > 0 ? ` · ${facts.join(' · ')}` : ''
  }</p>`;
}
