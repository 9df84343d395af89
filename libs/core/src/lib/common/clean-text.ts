/** Node 20 has these (ES2024); the repo's TypeScript lib is ES2022. */
type WellFormed = string & { isWellFormed(): boolean; toWellFormed(): string };

/**
 * Text PostgreSQL can store: NUL dropped (a `text` column refuses it, and `\u0000` in `jsonb`), lone
 * surrogates replaced with U+FFFD (`jsonb` refuses their `\ud800` escape). Everything else is untouched.
 */
export function cleanText(text: string): string {
  const withoutNul = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  return (withoutNul as WellFormed).isWellFormed() ? withoutNul : (withoutNul as WellFormed).toWellFormed();
}

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * `cleanText` over every string of parsed input (object keys too), into plain objects and arrays. Other
 * objects (a Date, a Buffer) are kept as they are; a value with nothing to clean comes back as itself.
 */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const cleaned = cleanDeep(item);
      changed ||= cleaned !== item;
      return cleaned;
    });
    return (changed ? items : value) as T;
  }
  if (!isPlainObject(value)) return value;
  let changed = false;
  const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value));
  for (const [key, item] of Object.entries(value)) {
    const cleanKey = cleanText(key);
    const cleaned = cleanDeep(item);
    changed ||= cleanKey !== key || cleaned !== item;
    // defineProperty: a `__proto__` key stays a key, never the object's prototype.
    Object.defineProperty(out, cleanKey, { value: cleaned, enumerable: true, writable: true, configurable: true });
  }
  return (changed ? out : value) as T;
}
