import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConfigClass } from '../lib/channel-plugin';

/**
 * A plugin config as the host validates it (whitelist, unknown fields refused): dotted field path →
 * names of the failed constraints. `{}` means valid.
 */
export function configErrors(configClass: ConfigClass, plain: Record<string, unknown>): Record<string, string[]> {
  const flat: Record<string, string[]> = {};
  const walk = (errors: ValidationError[], prefix: string) => {
    for (const e of errors) {
      const path = prefix + e.property;
      if (e.constraints) flat[path] = Object.keys(e.constraints);
      walk(e.children ?? [], `${path}.`);
    }
  };
  walk(validateSync(plainToInstance(configClass, plain), { whitelist: true, forbidNonWhitelisted: true }), '');
  return flat;
}

/** A copy of `config` without `key`, for "each required field missing" cases. */
export function without(config: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...config };
  delete copy[key];
  return copy;
}
