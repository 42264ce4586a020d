import { randomUUID } from 'node:crypto';
import type {
  MessageContext,
  NotificationClinic,
  NotificationEvent,
  NotificationReservation,
} from '../../src/notifications/notification-context.js';

export interface ContextOverrides {
  clinic?: Partial<NotificationClinic>;
  event?: Partial<NotificationEvent>;
  reservation?: Partial<NotificationReservation>;
  manageUrl?: string;
  reminderOffsetMinutes?: number;
}

/** A seminar in Chicago on Monday 9 March 2026, 18:00–19:30 local (the day after the spring DST change). */
export function sampleContext(overrides: ContextOverrides = {}): MessageContext {
  const reservationId = overrides.reservation?.id ?? randomUUID();
  return {
    clinic: {
      id: randomUUID(),
      name: 'Lakeside Back Clinic',
      organizerEmail: 'seminars@lakeside.example',
      address: { line1: '12 Harbour Street', city: 'Chicago', postalCode: '60601', region: 'IL', country: 'US' },
      phone: '+1 312 555 0100',
      timeZone: 'America/Chicago',
      ...overrides.clinic,
    },
    event: {
      id: randomUUID(),
      kind: 'seminar',
      title: 'Healthy backs at work',
      description: 'Posture, lifting and desk set-up.\nBring comfortable clothes.',
      startsAt: new Date('2026-03-09T23:00:00Z'),
      endsAt: new Date('2026-03-10T00:30:00Z'),
      timeZone: 'America/Chicago',
      venueName: 'Seminar room 2',
      joinUrl: null,
      sequence: 0,
      ...overrides.event,
    },
    reservation: {
      id: reservationId,
      name: 'Ada Lovelace',
      email: 'ada@guest.example',
      partySize: 2,
      confirmationCode: 'K7Q-3MZD',
      status: 'confirmed',
      ...overrides.reservation,
    },
    manageUrl: overrides.manageUrl ?? `http://booking.test/manage/token-${reservationId}`,
    reminderOffsetMinutes: overrides.reminderOffsetMinutes,
  };
}

/** The same seminar at a Lisbon clinic that speaks pt-PT: Monday 7 December 2026, 18:00–19:30 local (WET, UTC+0). */
export function lisbonContext(overrides: ContextOverrides = {}): MessageContext {
  return sampleContext({
    ...overrides,
    clinic: {
      name: 'Clínica da Coluna de Lisboa',
      organizerEmail: 'seminarios@coluna-lisboa.example',
      address: { line1: 'Rua Augusta 10', city: 'Lisboa', postalCode: '1100-053', country: 'PT' },
      phone: '+351 21 000 0000',
      timeZone: 'Europe/Lisbon',
      locale: 'pt-PT',
      ...overrides.clinic,
    },
    event: {
      title: 'Viver bem com dor lombar',
      description: 'Postura e exercícios.\nTraga roupa confortável.',
      startsAt: new Date('2026-12-07T18:00:00Z'),
      endsAt: new Date('2026-12-07T19:30:00Z'),
      timeZone: 'Europe/Lisbon',
      venueName: 'Sala 2',
      ...overrides.event,
    },
    reservation: { name: 'Maria João Simões', ...overrides.reservation },
  });
}

/**
 * Dates as read: ICU puts thin (U+2009) and narrow no-break (U+202F) spaces in "6:00 – 7:30 PM", and
 * phone numbers carry no-break spaces; tests compare them as plain spaces.
 */
export const plainSpaces = (text: string) => text.replace(/[\u2009\u202f\u00a0]/g, ' ');

/**
 * Gives a clinic its language. The clinics API does not take a locale yet, so the row is set directly
 * (the column exists: migration ClinicLocaleAndEmbedOrigins).
 */
export async function setClinicLocale(
  dataSource: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  clinicId: string,
  locale: string,
) {
  await dataSource.query('UPDATE clinics SET locale = $2 WHERE id = $1', [clinicId, locale]);
}
