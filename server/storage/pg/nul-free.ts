/**
 * PostgreSQL cannot keep U+0000 in text (protocol error "invalid byte sequence for encoding UTF8: 0x00") nor
 * its `\u0000` escape in jsonb ("unsupported Unicode escape sequence"); SQLite keeps both. So that a NUL a
 * client sends (in an answer, a page URL, a filter) is not a 500 on PostgreSQL alone, every text and JSON
 * parameter has it replaced by U+FFFD, the replacement character: the lead is kept, the NUL is not, and a
 * lookup with one finds nothing, as no stored value holds one.
 */
import type postgres from 'postgres';

const REPLACEMENT = '\uFFFD';
// The type oids whose parameters are text (text, varchar, unknown) or JSON text (json, jsonb).
const TEXT_OIDS = [25, 1043, 705] as const;
const JSON_OIDS = [114, 3802] as const;

/** `text` with every U+0000 replaced. */
export function nulFree(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', REPLACEMENT) : text;
}

/**
 * JSON text with every `\u0000` escape (and raw U+0000) replaced. Escapes are read left to right, so an
 * escaped backslash followed by `u0000` (the six characters a person typed) is left alone.
 */
export function nulFreeJson(json: string): string {
  if (!json.includes('\\u0000') && !json.includes('\0')) return json;
  return nulFree(json).replace(/\\(u0000|[\s\S])/g, (sequence, what) =>
    what === 'u0000' ? '\\ufffd' : sequence,
  );
}

/**
 * Makes `client` send text and JSON parameters without U+0000. Call it after drizzle wraps the client:
 * drizzle sets the JSON serializers to pass its own JSON text through, and these run after them.
 */
export function sendNulFree(client: postgres.Sql): void {
  const serializers = client.options.serializers as Record<number, ((x: unknown) => string) | undefined>;
  for (const oid of TEXT_OIDS) {
    const serialize = serializers[oid] ?? String;
    serializers[oid] = (x) => nulFree(serialize(x));
  }
  for (const oid of JSON_OIDS) {
    const serialize = serializers[oid] ?? String;
    serializers[oid] = (x) => nulFreeJson(serialize(x));
  }
}
