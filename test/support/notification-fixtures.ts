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
