import { OverbookingSettingsDto } from '../../events/dto/overbooking.dto.js';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '../../common/errors/domain-error.js';
import { httpStatusOf } from '../../common/errors/error-codes.js';
import { flattenValidationErrors } from '../../common/errors/validation.js';
import { CapacityDto } from '../../events/dto/event.dto.js';
import type { Event } from '../../events/event.entity.js';
import { formatDateTime } from '../../i18n/dates.js';
import type { Locale } from '../../i18n/locales.js';
import type { Translate } from '../../i18n/translator.js';
import { AddWalkInDto, StaffCancelDto } from '../../reservations/front-desk/dto/front-desk.dto.js';

/**
 * The door page's forms: read from the posted fields, checked with the very DTOs the JSON API uses (so a page
 * and an integration never disagree), and a service's refusal turned into the sentence shown beside the form.
 */

/** Where on the door page a problem shows: above everything, or at one of its forms. */
export type FormArea = 'top' | 'walkIn' | 'capacity' | 'overbooking' | 'cancel';

export interface PageProblem {
  area: FormArea;
  /** The form as a whole (desk.error.*, translated). */
  message?: string;
  /** Field → sentence (desk.field.*, translated). */
  fields: Record<string, string>;
  status: number;
  /** A full room (ROOM_FULL): the same change again with the recorded override, as a form to press. */
  override?: { action: string; hidden: Record<string, string> };
}

/**
 * The override form for a ROOM_FULL refusal: the same POST with every field as it was sent, plus
 * overrideCapacity (issue 9: admitting past the physical room needs a person to say so, and is recorded).
 */
export function roomOverride(action: string, body: Record<string, unknown>): PageProblem['override'] {
  const hidden: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name !== '_csrf' && typeof value === 'string') hidden[name] = value.slice(0, 1000);
  }
  return { action, hidden: { ...hidden, overrideCapacity: '1' } };
}

/** A posted text field, or '' (a field sent twice, or not text, reads as empty). */
export function text(body: Record<string, unknown>, name: string, max = 1000): string {
  const value = body[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** A whole number typed into a form: the number, or the text itself so the DTO refuses it by name. */
function wholeNumber(value: string): number | string {
  return /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : value;
}

async function check<T extends object>(dto: new () => T, plain: object): Promise<{ input?: T; fields: string[] }> {
  const instance = plainToInstance(dto, plain);
  const found = flattenValidationErrors(await validate(instance, { whitelist: true, forbidNonWhitelisted: true }));
  return found.length === 0 ? { input: instance, fields: [] } : { fields: found.map((problem) => problem.field) };
}

export interface WalkInForm {
  name: string;
  email: string;
  partySize: string;
}

export function readWalkIn(body: Record<string, unknown>): WalkInForm {
  return {
    name: text(body, 'name', 400),
    email: text(body, 'email', 400),
    partySize: text(body, 'partySize', 10) || '1',
  };
}

export async function validateWalkIn(form: WalkInForm): Promise<{ input?: AddWalkInDto; fields: string[] }> {
  return check(AddWalkInDto, { name: form.name, email: form.email, partySize: wholeNumber(form.partySize) });
}

export async function validateCapacity(value: string): Promise<{ input?: CapacityDto; fields: string[] }> {
  return check(CapacityDto, { capacity: wholeNumber(value) });
}

export interface OverbookingForm {
  enabled: boolean;
  maxExtra: string;
  riskPercent: string;
}

export function readOverbooking(body: Record<string, unknown>): OverbookingForm {
  return {
    enabled: text(body, 'enabled', 5) === '1',
    maxExtra: text(body, 'maxExtra', 20).trim(),
    riskPercent: text(body, 'riskPercent', 20).trim(),
  };
}

export async function validateOverbooking(
  form: OverbookingForm,
): Promise<{ input?: OverbookingSettingsDto; fields: string[] }> {
  return check(OverbookingSettingsDto, {
    enabled: form.enabled,
    maxExtra: wholeNumber(form.maxExtra),
    riskPercent: wholeNumber(form.riskPercent),
  });
}

/** A page cancellation needs its reason (the API may leave it out); one line, up to 500 characters. */
export async function validateCancelReason(reason: string): Promise<{ input?: StaffCancelDto; fields: string[] }> {
  if (!reason.trim()) return { fields: ['reason'] };
  return check(StaffCancelDto, { reason });
}

/** Problems with named fields: each field's sentence, and the summary above the form. */
export function fieldProblems(area: FormArea, fields: string[], t: Translate, status = 422): PageProblem {
  return {
    area,
    message: t('desk.error.VALIDATION_FAILED'),
    fields: Object.fromEntries([...new Set(fields)].map((field) => [field, t(`desk.field.${field}`)])),
    status,
  };
}

/** The refusals a person at the door can act on, each with its sentence; anything else goes to the error page. */
const SHOWN_CODES = new Set([
  'CHECK_IN_NOT_OPEN',
  'CHECK_IN_CLOSED',
  'NOT_CONFIRMED',
  'EVENT_FULL',
  'ALREADY_RESERVED',
  'PARTY_TOO_LARGE',
  'PARTY_DOES_NOT_FIT',
  'NOT_WAITLISTED',
  'EVENT_NOT_OPEN',
  'CAPACITY_BELOW_CONFIRMED',
  'EVENT_CANCELLED',
  'EVENT_COMPLETED',
  'NOT_CANCELLABLE',
  'MESSAGE_NOT_FAILED',
  'RESERVATION_CHANGED',
  'ROOM_FULL',
]);

/** A service's refusal as the door page shows it at `area`, or undefined when it is not the page's to show. */
export function problemFromError(
  error: unknown,
  area: FormArea,
  event: Event,
  t: Translate,
  locale: Locale,
): PageProblem | undefined {
  if (!(error instanceof DomainError)) return undefined;
  if (error.code === 'VALIDATION_FAILED') {
    const fields = ((error.details as { fields?: { field: string }[] } | undefined)?.fields ?? []).map(
      (f) => f.field.split('.')[0]!,
    );
    return fieldProblems(
      area,
      fields.filter((field) =>
        ['name', 'email', 'partySize', 'capacity', 'maxExtra', 'riskPercent', 'reason', 'q'].includes(field),
      ),
      t,
      httpStatusOf(error.code),
    );
  }
  if (!SHOWN_CODES.has(error.code)) return undefined;
  const details = (error.details ?? {}) as Record<string, unknown>;
  const opensAt =
    typeof details.opensAt === 'string' ? formatDateTime(new Date(details.opensAt), event.timeZone, locale) : undefined;
  const key = error.code === 'CHECK_IN_NOT_OPEN' && !opensAt ? 'CHECK_IN_NOT_PUBLISHED' : error.code;
  const message = t(`desk.error.${key}`, {
    opensAt,
    max: event.maxPartySize,
    confirmed: event.confirmedSeats,
    seatsLeft: details.seatsLeft ?? Math.max(0, event.capacity - event.confirmedSeats),
    partySize: details.partySize ?? '',
    capacity: details.capacity ?? event.capacity,
    seatsInRoom: details.seatsInRoom ?? '',
  });
  const field: Record<string, string> =
    area === 'capacity' && error.code === 'CAPACITY_BELOW_CONFIRMED' ? { capacity: message } : {};
  return { area, message, fields: field, status: httpStatusOf(error.code) };
}
