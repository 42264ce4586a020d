import { plainToInstance, Transform } from 'class-transformer';
import { IsString, Length, MaxLength, validate } from 'class-validator';
import { flattenValidationErrors } from '../../../common/errors/validation.js';
import { IsEmailAddress, IsText } from '../../../common/validation/is-text.js';

/** Form fields as typed (strings only, cut to a sane length), so a page shown again can keep them. */
export function formText(body: Record<string, unknown> | undefined, field: string, max = 500): string {
  const value = body?.[field];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

class ForgotPasswordForm {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsText()
  @IsEmailAddress()
  @MaxLength(254)
  email: string;
}

/** The API's password rule for staff accounts (CreateStaffUserDto): 12 to 200 characters of plain text. */
class NewPasswordForm {
  @IsString()
  @IsText()
  @Length(12, 200)
  password: string;
}

/** Field → catalog key of the message shown beside it. */
export type FormErrors = Record<string, string>;

export async function validateForgotForm(email: string): Promise<{ email?: string; errors: FormErrors }> {
  const form = plainToInstance(ForgotPasswordForm, { email });
  const problems = flattenValidationErrors(await validate(form));
  return problems.length > 0 ? { errors: { email: 'account.field.email' } } : { email: form.email, errors: {} };
}

export async function validateNewPassword(
  password: string,
  again: string,
): Promise<{ password?: string; errors: FormErrors }> {
  const problems = flattenValidationErrors(await validate(plainToInstance(NewPasswordForm, { password })));
  if (problems.length > 0) return { errors: { password: 'account.field.newPassword' } };
  if (password !== again) return { errors: { passwordAgain: 'account.field.passwordAgain' } };
  return { password, errors: {} };
}
