import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { secretFields } from '@parley/plugin-sdk';

type ConfigClass = new (...args: any[]) => object;

/**
 * Every secret of a plugin's config class as a dotted path from the config root, including those of
 * nested config classes (`@ValidateNested() @Type(() => SmtpSettings) smtp` gives `smtp.password`).
 * `secretFields()` alone only sees the top level.
 */
export function secretPathsOf(configClass: ConfigClass, prefix = '', seen: ReadonlySet<ConfigClass> = new Set()): string[] {
  if (seen.has(configClass)) return [];
  const path = new Set<ConfigClass>([...seen, configClass]);
  const own = secretFields(configClass).map((f) => prefix + f);
  const nestedProps = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(configClass, '', true, false)
      .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION)
      .map((m) => m.propertyName),
  );
  const nested = [...nestedProps].flatMap((prop) => {
    let value: unknown;
    try {
      // The nested class is known to class-transformer (@Type); a probe object reveals it.
      value = (plainToInstance(configClass, { [prop]: {} }) as Record<string, unknown>)[prop];
    } catch {
      return [];
    }
    return value && typeof value === 'object' && !Array.isArray(value) && value.constructor !== Object
      ? secretPathsOf(value.constructor as ConfigClass, `${prefix}${prop}.`, path)
      : [];
  });
  return [...new Set([...own, ...nested])];
}
