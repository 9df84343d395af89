import { BadRequestException, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { secretPaths, type ConfigClass } from '@parley/plugin-sdk';
import { SecretBox } from './secret-box';

export type Plain = Record<string, unknown>;

/** A plugin config as stored: plain fields, and the secret ones sealed apart. */
export interface StoredConfig {
  config: Plain;
  secrets: string | null;
}

const getPath = (o: Plain, path: string): unknown => path.split('.').reduce<unknown>((acc, k) => (acc as Plain | undefined)?.[k], o);
function setPath(o: Plain, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce<Plain>((acc, k) => (acc[k] ??= {}) as Plain, o);
  parent[last] = value;
}
function deletePath(o: Plain, path: string): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce<Plain | undefined>((acc, k) => acc?.[k] as Plain | undefined, o);
  if (parent) delete parent[last];
}

function flattenErrors(errors: ValidationError[], parent: string): { field: string; errors: string[] }[] {
  return errors.flatMap((e) => {
    const field = `${parent}.${e.property}`;
    return [...(e.constraints ? [{ field, errors: Object.values(e.constraints) }] : []), ...flattenErrors(e.children ?? [], field)];
  });
}

/**
 * Validates plugin configs (channel accounts, AI providers) with the plugin's own class, keeps secrets
 * sealed apart from the plain fields, and masks them in views (`null` plus `<field>Set`).
 */
@Injectable()
export class PluginConfigService {
  constructor(private readonly secrets: SecretBox) {}

  /** 400 naming `config.<field>` for each invalid value; otherwise the stored form. */
  store(configClass: ConfigClass<object>, raw: Plain): StoredConfig {
    const instance = plainToInstance(configClass, raw);
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      const details = flattenErrors(errors, 'config');
      throw new BadRequestException({ message: details.map((d) => `${d.field}: ${d.errors.join(', ')}`).join('; '), details });
    }
    const config = JSON.parse(JSON.stringify(instance)) as Plain;
    const secrets: Plain = {};
    for (const path of secretPaths(configClass)) {
      const value = getPath(config, path);
      if (value !== undefined) setPath(secrets, path, value);
      deletePath(config, path);
    }
    return { config, secrets: Object.keys(secrets).length ? this.secrets.seal(secrets) : null };
  }

  /** The config as an API response shows it: secrets `null`, with `<field>Set` telling whether one is stored. */
  mask(configClass: ConfigClass<object> | undefined, stored: StoredConfig): Plain {
    const config: Plain = structuredClone(stored.config);
    const opened = this.secrets.open(stored.secrets);
    for (const path of configClass ? secretPaths(configClass) : Object.keys(opened)) {
      // A secret of an optional section the account does not use (email without `imap`): no section is made up.
      const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null;
      const section = parent === null ? config : getPath(config, parent);
      if (parent !== null && (section === undefined || section === null) && getPath(opened, path) === undefined) continue;
      setPath(config, path, null);
      setPath(config, `${path}Set`, getPath(opened, path) !== undefined && getPath(opened, path) !== null);
    }
    return config;
  }

  /** Decrypted config, for the plugin itself. */
  full(stored: StoredConfig): Plain {
    const config: Plain = structuredClone(stored.config);
    const walk = (o: Plain, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Plain, `${prefix}${k}.`);
        else setPath(config, prefix + k, v);
      }
    };
    walk(this.secrets.open(stored.secrets), '');
    return config;
  }

  /**
   * Applies a partial update from the admin form onto the full config. Secrets are write-only: null (or
   * absent) keeps the stored value; any other field set to null is cleared; `<secret>Set` echoes are ignored.
   */
  merge(configClass: ConfigClass<object>, stored: StoredConfig, patch: Plain): Plain {
    const merged = this.full(stored);
    const secret = new Set(secretPaths(configClass));
    const apply = (target: Plain, changes: Plain, prefix: string) => {
      for (const [k, v] of Object.entries(changes)) {
        const path = prefix + k;
        if (k.endsWith('Set') && secret.has(path.slice(0, -3))) continue;
        if (v === null) {
          if (!secret.has(path)) delete target[k];
          continue;
        }
        const current = target[k];
        if (typeof v === 'object' && !Array.isArray(v)) {
          // A new section is built the same way, so its `<secret>Set` echoes and null secrets are dropped too.
          if (!current || typeof current !== 'object' || Array.isArray(current)) target[k] = {};
          apply(target[k] as Plain, v as Plain, `${path}.`);
        } else target[k] = v;
      }
    };
    apply(merged, patch, '');
    return merged;
  }
}
