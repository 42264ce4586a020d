import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { LoginDto } from '../../../auth/dto/login.dto.js';
import { flattenValidationErrors } from '../../../common/errors/validation.js';

/** The sign-in form as typed, so the page shown again keeps the e-mail (never the password). */
export interface SignInValues {
  email: string;
  password: string;
  next: string;
}

export type SignInErrors = Partial<Record<'email' | 'password', string>>;

export function readSignInForm(body: Record<string, unknown> | undefined): SignInValues {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    email: text(body?.email).slice(0, 500),
    password: text(body?.password).slice(0, 500),
    next: text(body?.next).slice(0, 2000),
  };
}

/**
 * The API's own login rules (LoginDto), so a page and an integration agree on what can be sent; the page
 * also wants a password typed at all. Problems map to catalog keys beside each field.
 */
export async function validateSignInForm(values: SignInValues): Promise<{ input?: LoginDto; errors: SignInErrors }> {
  const dto = plainToInstance(LoginDto, { email: values.email, password: values.password });
  const problems = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
  const errors: SignInErrors = {};
  for (const { field } of problems) {
    if (field === 'email' || field === 'password') errors[field] = `account.field.${field}`;
  }
  if (values.password === '') errors.password = 'account.field.password';
  return Object.keys(errors).length > 0 ? { errors } : { input: dto, errors };
}
