import { isEmail, registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { isAcceptableText, type TextLines, textProblem } from './text-rule.js';

/** The constraint name the DTO coverage spec looks for on every string field. */
export const IS_TEXT = 'isText';

/**
 * The text rule (`text-rule.ts`) on one field: no control characters but tab, no unpaired surrogates,
 * line breaks only with `{ lines: 'multiline' }`. Non-strings pass: the field's type check refuses them.
 * With `{ each: true }` it checks every string of an array.
 */
export function IsText(options: ValidationOptions & { lines?: TextLines } = {}) {
  const { lines = 'single-line', ...validationOptions } = options;
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: IS_TEXT,
      target: target.constructor,
      propertyName,
      constraints: [lines],
      options: validationOptions,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || isAcceptableText(value, lines),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} ${firstProblem(args.value, lines) ?? 'must be plain text'}`,
      },
    });
}

/**
 * An e-mail address, checked only once it is acceptable text: class-validator's isEmail throws
 * "URI malformed" on an unpaired surrogate instead of answering false.
 */
export function IsEmailAddress(options: ValidationOptions = {}) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isEmail',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an e-mail address`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isAcceptableText(value) && isEmail(value),
      },
    });
}

function firstProblem(value: unknown, lines: TextLines): string | undefined {
  const strings = Array.isArray(value) ? value : [value];
  for (const item of strings) {
    const problem = typeof item === 'string' ? textProblem(item, lines) : undefined;
    if (problem) return problem;
  }
  return undefined;
}
