import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { IsOptional, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * "May be left out", and only that: class-validator's @IsOptional also skips `null`, which then reaches
 * a NOT NULL column (a 500) or silently clears a field. With this, `null` is validated like any other
 * value, so it is a 400 naming the field. Every optional DTO field uses it unless API.md documents the
 * field as nullable (then `OptionalNullable`).
 */
export const OptionalNotNull = (options?: ValidationOptions) => ValidateIf((_object: object, value: unknown) => value !== undefined, options);

/** Optional, and `null` is a documented value (it clears the field). */
export const OptionalNullable = (options?: ValidationOptions) => IsOptional(options);

function flatten(errors: ValidationError[], parent = ''): { field: string; errors: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Unknown fields are rejected and every bad field is named, in `message` and in `details`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new BadRequestException({
        message: details.map((d) => d.errors.join(', ')).join('; '),
        details,
      });
    },
  });
}
