import type { JsonSchema } from '../settings-api';

/** One input of a form rendered from a plugin's JSON schema; nested objects are flattened to dotted paths. */
export interface SchemaField {
  /** Dotted path in the config, e.g. `smtp.password`. */
  path: string;
  label: string;
  kind: 'text' | 'password' | 'number' | 'integer' | 'boolean' | 'list';
  required: boolean;
  /** The parent object is optional (e.g. `imap`): its fields are required only once one of them is filled. */
  group: string | null;
  groupRequired: boolean;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minItems?: number;
}

/** A form's values: text as typed (numbers too), booleans, lists one item a line. */
export type SchemaValues = Record<string, string | boolean>;

const WORDS: Record<string, string> = { sid: 'SID', url: 'URL', api: 'API', smtp: 'SMTP', imap: 'IMAP', id: 'ID', ms: '(ms)' };

/** `accountSid` → "Account SID", `smtp.host` → "SMTP host". */
export function humanize(path: string): string {
  const words = path
    .split('.')
    .flatMap((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_-]+/))
    .filter(Boolean)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The inputs of a schema, in its order; `secretFields` (dotted) become password inputs. */
export function schemaFields(
  schema: JsonSchema,
  secretFields: readonly string[] = [],
  prefix = '',
  group: { name: string; required: boolean } | null = null,
): SchemaField[] {
  const fields: SchemaField[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (prop.type === 'object' || prop.properties) {
      fields.push(...schemaFields(prop, secretFields, path, { name: path, required: required.has(name) && (group?.required ?? true) }));
      continue;
    }
    const secret = secretFields.includes(path) || prop.writeOnly === true || prop.format === 'password';
    const kind: SchemaField['kind'] = secret
      ? 'password'
      : prop.type === 'boolean'
        ? 'boolean'
        : prop.type === 'integer'
          ? 'integer'
          : prop.type === 'number'
            ? 'number'
            : prop.type === 'array'
              ? 'list'
              : 'text';
    fields.push({
      path,
      label: humanize(path),
      kind,
      required: required.has(name),
      group: group?.name ?? null,
      groupRequired: group?.required ?? true,
      ...(prop.pattern ? { pattern: prop.pattern } : {}),
      ...(prop.format && !secret ? { format: prop.format } : {}),
      ...(prop.minimum !== undefined ? { minimum: prop.minimum } : {}),
      ...(prop.maximum !== undefined ? { maximum: prop.maximum } : {}),
      ...(prop.maxLength !== undefined ? { maxLength: prop.maxLength } : {}),
      ...(prop.minItems !== undefined ? { minItems: prop.minItems } : {}),
    });
  }
  return fields;
}

function getPath(obj: Record<string, unknown> | null | undefined, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj ?? undefined);
}

/** The form's starting values from a stored config: secrets always start empty (they are write-only). */
export function initialValues(fields: readonly SchemaField[], config: Record<string, unknown> | null = null): SchemaValues {
  const values: SchemaValues = {};
  for (const f of fields) {
    const v = f.kind === 'password' ? undefined : getPath(config, f.path);
    if (f.kind === 'boolean') values[f.path] = v === true;
    else if (f.kind === 'list') values[f.path] = Array.isArray(v) ? v.join('\n') : '';
    else values[f.path] = v === undefined || v === null ? '' : String(v);
  }
  return values;
}

/** Whether the stored config holds a value for this secret (`<field>Set: true` beside it). */
export function secretIsSet(config: Record<string, unknown> | null | undefined, path: string): boolean {
  return getPath(config, `${path}Set`) === true;
}

const isEmpty = (v: string | boolean | undefined) => v === undefined || (typeof v === 'string' && v.trim() === '');
const listItems = (v: string | boolean | undefined) =>
  typeof v === 'string'
    ? v
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

/** Whether any field of an optional group has a value (then the group's required fields are required). */
function groupUsed(fields: readonly SchemaField[], values: SchemaValues, group: string): boolean {
  return fields.some((f) => f.group === group && f.kind !== 'boolean' && !isEmpty(values[f.path]));
}

/**
 * What is wrong with the values, by path (empty when none). Editing: an empty secret keeps the stored
 * one, so it is not required when `<field>Set` says one is stored.
 */
export function validateValues(fields: readonly SchemaField[], values: SchemaValues, stored: Record<string, unknown> | null = null): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.path];
    const active = !f.group || f.groupRequired || groupUsed(fields, values, f.group);
    if (f.kind === 'boolean') continue;
    if (isEmpty(v)) {
      const kept = f.kind === 'password' && secretIsSet(stored, f.path);
      if (f.required && active && !kept) errors[f.path] = `${f.label} is required`;
      continue;
    }
    const text = String(v).trim();
    if (f.kind === 'number' || f.kind === 'integer') {
      const n = Number(text);
      if (!Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n)))
        errors[f.path] = `${f.label} must be a ${f.kind === 'integer' ? 'whole ' : ''}number`;
      else if (f.minimum !== undefined && n < f.minimum) errors[f.path] = `${f.label} must be at least ${f.minimum}`;
      else if (f.maximum !== undefined && n > f.maximum) errors[f.path] = `${f.label} must be at most ${f.maximum}`;
    } else if (f.kind === 'list') {
      if (f.minItems && listItems(v).length < f.minItems) errors[f.path] = `${f.label} needs at least ${f.minItems}`;
    } else if (f.pattern && !new RegExp(f.pattern).test(text)) {
      errors[f.path] = `${f.label} is not in the expected format`;
    } else if (f.maxLength !== undefined && text.length > f.maxLength) {
      errors[f.path] = `${f.label} is at most ${f.maxLength} characters`;
    } else if (f.format === 'email' && !/^[^\s@]+@[^\s@]+$/.test(text)) {
      errors[f.path] = `${f.label} must be an email address`;
    } else if (f.format === 'url' && !/^https?:\/\/\S+$/.test(text)) {
      errors[f.path] = `${f.label} must be an http(s) URL`;
    }
  }
  return errors;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys[keys.length - 1]] = value;
}

/**
 * The config to send. Empty optional fields are left out; an empty secret is left out too (on edit the
 * API keeps the stored one); an optional group nobody filled is left out whole.
 */
export function buildConfig(fields: readonly SchemaField[], values: SchemaValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.group && !f.groupRequired && !groupUsed(fields, values, f.group)) continue;
    const v = values[f.path];
    if (f.kind === 'boolean') {
      setPath(config, f.path, v === true);
      continue;
    }
    if (isEmpty(v)) continue;
    const text = String(v).trim();
    if (f.kind === 'number' || f.kind === 'integer') setPath(config, f.path, Number(text));
    else if (f.kind === 'list') setPath(config, f.path, listItems(v));
    else setPath(config, f.path, text);
  }
  return config;
}
