import { getMetadataStorage } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { ConfigClass } from './channel-plugin';
import { secretFields } from './secret';

type JsonSchema = Record<string, any>;

/**
 * The config class as JSON schema, for the admin to render a form: secrets carry `writeOnly: true` and
 * `format: "password"`; nested config classes are inlined.
 */
export function configJsonSchema(configClass: ConfigClass): JsonSchema {
  const schema = targetConstructorToSchema(configClass, { classValidatorMetadataStorage: getMetadataStorage() }) as JsonSchema;
  for (const field of secretFields(configClass)) {
    if (schema['properties']?.[field]) Object.assign(schema['properties'][field], { writeOnly: true, format: 'password' });
  }
  for (const [name, property] of Object.entries<JsonSchema>(schema['properties'] ?? {})) {
    const nested = nestedClassOf(configClass, name);
    if (nested && property['$ref']) schema['properties'][name] = configJsonSchema(nested);
  }
  return schema;
}

function nestedClassOf(configClass: ConfigClass, property: string): ConfigClass | undefined {
  // class-transformer's @Type() records the nested class; read it back from its metadata storage.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defaultMetadataStorage } = require('class-transformer/cjs/storage');
  const meta = defaultMetadataStorage.findTypeMetadata(configClass, property);
  return meta?.typeFunction?.() as ConfigClass | undefined;
}
