import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '../../common/errors/validation.js';
import { ReserveSeatsDto } from '../../reservations/dto/reservation.dto.js';
import type { ReserveSeatsInput } from '../../reservations/reservations.service.js';

/** The reservation form's fields as typed, so a page with errors shows them back unchanged. */
export interface ReservationFormValues {
  name: string;
  email: string;
  phone: string;
  partySize: number;
  privacyPolicy: boolean;
  reminders: boolean;
  /** Other full sessions ticked under "also wait for" (issue 9). */
  alsoWaitFor: string[];
}

/** Field name → catalog key of the message shown beside it. */
export type FieldErrors = Partial<Record<'name' | 'email' | 'phone' | 'partySize' | 'privacyPolicy', string>>;

export const EMPTY_FORM: ReservationFormValues = {
  name: '',
  email: '',
  phone: '',
  partySize: 1,
  privacyPolicy: false,
  reminders: true,
  alsoWaitFor: [],
};

const FORM_KEY = /^[A-Za-z0-9_-]{16,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fresh key per rendered form: a double tap on "Reserve" replays the first answer instead of booking twice. */
export function newFormKey(): string {
  return randomBytes(16).toString('base64url');
}

export function readFormKey(body: Record<string, unknown>): string | undefined {
  return typeof body.formKey === 'string' && FORM_KEY.test(body.formKey) ? body.formKey : undefined;
}

export function readReservationForm(body: Record<string, unknown>): ReservationFormValues {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const partySize = Number.parseInt(text(body.partySize) || '1', 10);
  return {
    name: text(body.name).slice(0, 500),
    email: text(body.email).slice(0, 500),
    phone: text(body.phone).slice(0, 100),
    partySize: Number.isInteger(partySize) ? partySize : Number.NaN,
    privacyPolicy: body.privacyPolicy === 'yes',
    reminders: body.reminders === 'yes',
    alsoWaitFor: (Array.isArray(body.alsoWaitFor) ? body.alsoWaitFor : [body.alsoWaitFor])
      .filter((id): id is string => typeof id === 'string' && UUID.test(id))
      .slice(0, 5),
  };
}

/**
 * Checks the form with the very rules the JSON API applies (ReserveSeatsDto), so a page and an
 * integration can never disagree about what a valid reservation is; problems are keyed by field.
 */
export async function validateReservationForm(
  values: ReservationFormValues,
): Promise<{ input?: ReserveSeatsInput; errors: FieldErrors }> {
  const plain = {
    name: values.name,
    email: values.email,
    ...(values.phone.trim() ? { phone: values.phone } : {}),
    partySize: values.partySize,
    consent: { privacyPolicy: values.privacyPolicy, reminders: values.reminders },
    ...(values.alsoWaitFor.length > 0 ? { alsoWaitFor: [...new Set(values.alsoWaitFor)] } : {}),
  };
  const dto = plainToInstance(ReserveSeatsDto, plain);
  const problems = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
  const errors: FieldErrors = {};
  for (const { field } of problems) {
    const key = field === 'consent' || field === 'consent.privacyPolicy' ? 'privacyPolicy' : field;
    if (key === 'name' || key === 'email' || key === 'phone' || key === 'partySize' || key === 'privacyPolicy') {
      errors[key] = `errors.field.${key}`;
    }
  }
  return problems.length > 0 ? { errors } : { input: dto, errors };
}
