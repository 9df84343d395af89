import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ConfigClass } from './channel-plugin';

/**
 * The nested config classes of a config class (`@ValidateNested() @Type(() => SmtpSettings) smtp`), by
 * property. Found through public APIs only: class-validator's metadata names the nested properties, and
 * a probe through class-transformer reveals the class `@Type()` gives each.
 */
export function nestedConfigClasses(configClass: ConfigClass): Map<string, ConfigClass> {
  const nested = new Map<string, ConfigClass>();
  const properties = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(configClass, '', true, false)
      .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION)
      .map((m) => m.propertyName),
  );
  for (const property of properties) {
    const value = (plainToInstance(configClass, { [property]: {} }) as Record<string, unknown>)[property];
    if (value && typeof value === 'object' && !Array.isArray(value) && value.constructor !== Object) {
      nested.set(property, value.constructor as ConfigClass);
    }
  }
  return nested;
}
