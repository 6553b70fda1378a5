/**
 * Valibot schemas to JSON Schema 2020-12 (OpenAPI 3.1's dialect), named ones as `$ref`s into the
 * document's `components.schemas`. The form language is not converted here: it is the committed
 * form-definition schema, embedded whole, and referenced.
 */
import { type JsonSchema, toJsonSchema, toJsonSchemaDefs } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { Condition, FormDefinition } from '../../shared/form-definition.ts';

const COMPONENTS = '#/components/schemas/';
/** Where a condition (`showIf`, scoring rules) is defined: inside the embedded form-definition schema. */
const CONDITION_REF = `${COMPONENTS}FormDefinition/$defs/Condition`;

/** Converts schemas, naming `named` ones by reference. */
export function jsonSchemas(named: Record<string, v.GenericSchema>) {
  const config = {
    target: 'draft-2020-12',
    // Transforms, cross-field checks and custom checks have no JSON Schema form; the server checks them
    // and reports them with paths.
    errorMode: 'ignore',
    overrideRef: ({ referenceId }: { referenceId: string }) => `${COMPONENTS}${referenceId}`,
    overrideSchema: ({ valibotSchema }: { valibotSchema: v.GenericSchema }) =>
      valibotSchema === FormDefinition
        ? { $ref: `${COMPONENTS}FormDefinition` }
        : valibotSchema === Condition
          ? { $ref: CONDITION_REF }
          : undefined,
  } as const;
  return {
    /** The named schemas, for `components.schemas`. */
    components(): Record<string, JsonSchema> {
      return strip(toJsonSchemaDefs(named, config)) as Record<string, JsonSchema>;
    },
    /** One schema, named ones within it by reference. */
    of(schema: v.GenericSchema): JsonSchema {
      // overrideSchema is not asked about the root: a body that is a form definition is named here.
      if (schema === FormDefinition) return { $ref: `${COMPONENTS}FormDefinition` };
      const { $defs: _, $schema: __, ...rest } = toJsonSchema(schema, { ...config, definitions: named });
      return strip(rest) as JsonSchema;
    },
  };
}

/** Without the `$schema` each conversion stamps: the document's dialect is 2020-12 already. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '$schema')
      .map(([key, inner]) => [key, strip(inner)]),
  );
}
