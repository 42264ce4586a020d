import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '../../common/errors/domain-error.js';
import { type FieldProblem, flattenValidationErrors } from '../../common/errors/validation.js';
import type { Translate } from '../../i18n/translator.js';

/**
 * A form's problems: each field's catalog key (`admin.field.<field>` unless said otherwise) and one for the
 * form as a whole. The page shows each beside its field and all of them in the summary above the form.
 */
export interface FormProblems {
  fields: Record<string, string>;
  form?: string;
}

export const NO_PROBLEMS: FormProblems = { fields: {} };

export const hasProblems = (problems: FormProblems) =>
  problems.form !== undefined || Object.keys(problems.fields).length > 0;

/** A request field (`address.city`, `event.startsAt`, `clinicIds.0`) → the form field showing it, or undefined. */
export type FieldMap = (requestField: string) => string | undefined;

/**
 * Checks a form with the very DTO the JSON API uses, so a page and an integration never disagree about
 * what is valid; problems land on the form fields `map` names (the first problem of a field wins).
 */
export async function validateAs<T extends object>(
  dto: new () => T,
  plain: object,
  map: FieldMap,
): Promise<{ input?: T; problems: FormProblems }> {
  const instance = plainToInstance(dto, plain);
  const found = flattenValidationErrors(await validate(instance, { whitelist: true, forbidNonWhitelisted: true }));
  if (found.length === 0) return { input: instance, problems: NO_PROBLEMS };
  return { problems: problemsFrom(found, map) };
}

export function problemsFrom(found: FieldProblem[], map: FieldMap): FormProblems {
  const fields: Record<string, string> = {};
  let unplaced = false;
  for (const { field } of found) {
    const formField = map(field);
    if (formField === undefined) unplaced = true;
    else fields[formField] ??= `admin.field.${formField}`;
  }
  return { fields, form: unplaced || Object.keys(fields).length === 0 ? 'errors.code.VALIDATION_FAILED' : undefined };
}

export function withProblem(problems: FormProblems, field: string, key = `admin.field.${field}`): FormProblems {
  return { ...problems, fields: { ...problems.fields, [field]: problems.fields[field] ?? key } };
}

/**
 * A service's refusal as form problems: a code the form knows lands on its field (or above the form), a
 * VALIDATION_FAILED with named fields on those fields. Anything else is not the form's to show: undefined,
 * and the caller rethrows it to the error page.
 */
export function problemsFromDomainError(
  error: unknown,
  map: FieldMap,
  codes: Record<string, { field?: string; key?: string }> = {},
): FormProblems | undefined {
  if (!(error instanceof DomainError)) return undefined;
  const known = codes[error.code];
  if (known) {
    const key = known.key ?? (known.field ? `admin.field.${known.field}` : `admin.error.${error.code}`);
    return known.field ? { fields: { [known.field]: key } } : { fields: {}, form: key };
  }
  if (error.code === 'VALIDATION_FAILED') {
    const fields = (error.details as { fields?: FieldProblem[] } | undefined)?.fields ?? [];
    return problemsFrom(fields, map);
  }
  return undefined;
}

/** The problems in the reader's words: `{ fields: { name: 'Please…' }, form: '…' }`. */
export function translateProblems(
  t: Translate,
  problems: FormProblems,
): { errors: Record<string, string>; formError?: string } {
  return {
    errors: Object.fromEntries(Object.entries(problems.fields).map(([field, key]) => [field, t(key)])),
    formError: problems.form && t(problems.form),
  };
}

/** A form post's text field, or '' (a field sent twice, or not text, reads as empty). */
export function text(body: Record<string, unknown>, name: string, max = 5000): string {
  const value = body[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** All values of a field sent any number of times (checkboxes), as text. */
export function texts(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((item): item is string => typeof item === 'string').slice(0, 50);
}

/** A whole number typed into a form: the number, or the text itself so the DTO refuses it by name. */
export function wholeNumber(value: string): number | string {
  return /^\s*-?\d{1,9}\s*$/.test(value) ? Number(value) : value;
}
