import 'reflect-metadata';

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
