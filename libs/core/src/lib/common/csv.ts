import { Transform } from 'class-transformer';

/** `?status=a,b` (or repeated `?status=a&status=b`) becomes `['a', 'b']`, each item through `item` (aliases). */
export const Csv = (item: (v: string) => string = (v) => v) =>
  Transform(({ value }) =>
    value === undefined
      ? undefined
      : (Array.isArray(value) ? value : [value])
          .flatMap((v) => String(v).split(','))
          .map((v) => v.trim())
          .filter(Boolean)
          .map(item),
  );

/** `'true'`/`'false'` query strings become booleans; anything else is left for the validator to reject. */
export const BooleanString = () => Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value));
