import type { ValidationError } from 'class-validator';
import { ValidationFailedError } from './domain-error.js';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens class-validator's nested errors into `{ field: "address.city", problems: [...] }`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const flat: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) flat.push({ field, problems: Object.values(error.constraints) });
    if (error.children?.length) flat.push(...flattenValidationErrors(error.children, field));
  }
  return flat;
}

/** The one 400 `VALIDATION_FAILED` shape: the problems joined as the message, the fields in `details.fields`. */
export function invalidFields(fields: FieldProblem[]): ValidationFailedError {
  const summary = fields.map((f) => f.problems.join('; ')).join('; ');
  return new ValidationFailedError(summary || 'The request is not valid.', { fields });
}

export function validationFailed(errors: ValidationError[]): ValidationFailedError {
  return invalidFields(flattenValidationErrors(errors));
}
