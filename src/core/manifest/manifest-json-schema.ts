/**
 * The manifest's JSON Schema, generated from the zod schema so it can never disagree with the
 * loader. Editors use it through the `yaml-language-server: $schema=` comment at the top of a
 * manifest; `custodian manifest schema` prints it and privacy/manifest.schema.json is a copy.
 */
import { z } from 'zod';
import { manifestSchema } from './manifest.ts';

export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(manifestSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Custodian privacy manifest',
  };
}

export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
