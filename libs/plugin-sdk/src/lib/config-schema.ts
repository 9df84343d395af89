import { getMetadataStorage } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { ConfigClass } from './channel-plugin';
import { secretFields } from './secret';
import { nestedConfigClasses } from './nested-config';

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
  for (const [name, nested] of nestedConfigClasses(configClass)) {
    if (schema['properties']?.[name]) schema['properties'][name] = configJsonSchema(nested);
  }
  return schema;
}
