import 'reflect-metadata';
import { nestedConfigClasses } from './nested-config';

const SECRET_FIELDS = Symbol('parley:secret-fields');

/**
 * Marks a config field as secret: stored encrypted, never returned by the API (it reads back as
 * `null` with `<field>Set: true`), rendered as a password input by the admin.
 */
export function Secret(): PropertyDecorator {
  return (target, property) => {
    const fields: string[] = Reflect.getMetadata(SECRET_FIELDS, target.constructor) ?? [];
    Reflect.defineMetadata(SECRET_FIELDS, [...fields, String(property)], target.constructor);
  };
}

export function secretFields(configClass: abstract new (...args: any[]) => unknown): string[] {
  return Reflect.getMetadata(SECRET_FIELDS, configClass) ?? [];
}

/**
 * Every secret of a config class as a dotted path from the config root, nested config classes included
 * (`smtp.password`): what the host encrypts, masks, and the admin renders as password inputs.
 */
export function secretPaths(configClass: new (...args: any[]) => object, prefix = '', seen: ReadonlySet<unknown> = new Set()): string[] {
  if (seen.has(configClass)) return [];
  const path = new Set([...seen, configClass]);
  const own = secretFields(configClass).map((f) => prefix + f);
  const nested = [...nestedConfigClasses(configClass)].flatMap(([property, nestedClass]) => secretPaths(nestedClass, `${prefix}${property}.`, path));
  return [...new Set([...own, ...nested])];
}
