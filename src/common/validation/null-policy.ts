import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * Null in a request is decided per field, never by accident (class-validator's @IsOptional() lets
 * null through as if the field were absent, and a PATCH then writes it into a NOT NULL column).
 *
 * - `@OptionalNotNull()`: the field may be left out; null is refused with 400 naming it. For columns
 *   that cannot hold null (a title, a flag, a list with a default).
 * - `@IsOptional()` with `nullable: true` in the ApiProperty: null is accepted and means "none" (on
 *   create) or "clear it" (on PATCH). Only where the column is nullable; the DTO's description says so.
 *
 * `src/common/validation/dto-coverage.spec.ts` holds every DTO field to one of the two.
 */
export function OptionalNotNull(options: ValidationOptions = {}) {
  const whenGiven = ValidateIf((_object: object, value: unknown) => value !== undefined);
  const notNull = NotNull(options);
  return (target: object, propertyName: string) => {
    whenGiven(target, propertyName);
    notNull(target, propertyName);
  };
}

function NotNull(options: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'notNull',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} cannot be null: leave it out instead`, ...options },
      validator: { validate: (value: unknown) => value !== null },
    });
}
