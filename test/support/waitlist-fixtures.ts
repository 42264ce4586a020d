import { expect } from '@jest/globals';
import { composeMessage } from '../../src/notifications/messages/compose-message.js';
import { reviveContext, type StoredContext } from '../../src/notifications/outbox/stored-context.js';
import { ManageTokens } from '../../src/common/crypto/manage-tokens.js';
import { ReservationLinks } from '../../src/common/crypto/reservation-links.js';
import { attendee, createPublishedEvent, fromNow, reserve, type StaffEventBody } from './booking-fixtures.js';
import type { TestApp } from './test-app.js';

/** Builders for the waiting list across sessions (issue 9): full sessions, groups, their messages. */

type Auth = { Authorization: string };

export interface HeldSeat {
  event: StaffEventBody;
  /** The manage token of the attendee who holds the event's only seat. */
  holderToken: string;
}

/** A published session with one seat, already taken. */
export async function fullSession(
  t: TestApp,
  auth: Auth,
  clinicSlug: string,
  overrides: Record<string, unknown> = {},
): Promise<HeldSeat> {
  const event = await createPublishedEvent(t, auth, clinicSlug, { capacity: 1, maxPartySize: 2, ...overrides });
  const held = await reserve(t, event.id).expect(201);
  expect(held.body.status).toBe('confirmed');
  return { event, holderToken: held.body.manageToken as string };
}

/** A webinar body for createPublishedEvent. */
export const webinar = (overrides: Record<string, unknown> = {}) => ({
  kind: 'webinar',
  venueName: undefined,
  joinUrl: 'https://meet.example.org/back-pain',
  ...overrides,
});

export interface GroupRow {
  id: string;
  event_id: string;
  status: string;
  waitlist_group_id: string | null;
}

/** The rows of a reservation's waiting-list group (or the reservation alone when it has none). */
export async function groupOf(t: TestApp, reservationId: string): Promise<GroupRow[]> {
  return t.dataSource.query(
    `SELECT id, event_id, status, waitlist_group_id FROM reservations
      WHERE id = $1 OR waitlist_group_id = (SELECT waitlist_group_id FROM reservations WHERE id = $1)
      ORDER BY id`,
    [reservationId],
  );
}

/** Outbox rows of the given reservations, kind and status only. */
export async function messagesOf(t: TestApp, reservationIds: string[]): Promise<{ kind: string; status: string }[]> {
  return t.dataSource.query(
    `SELECT kind, status FROM outbox_messages WHERE reservation_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [reservationIds],
  );
}

/** The plain text of a reservation's stored message of this kind, rendered as the dispatcher would. */
export async function renderedText(t: TestApp, reservationId: string, kind: string): Promise<string> {
  const [row] = (await t.dataSource.query(
    `SELECT payload FROM outbox_messages WHERE reservation_id = $1 AND kind = $2`,
    [reservationId, kind],
  )) as { payload: StoredContext }[];
  if (!row) throw new Error(`no ${kind} message for ${reservationId}`);
  return composeMessage(
    kind as 'waitlisted',
    reviveContext(row.payload, t.app.get(ManageTokens), t.app.get(ReservationLinks)),
  ).text;
}

/** Joins `main`'s waiting list and also those of `others` (alsoWaitFor), as a new attendee. */
export function joinSeveral(t: TestApp, mainId: string, others: string[], overrides: Record<string, unknown> = {}) {
  return reserve(t, mainId, attendee({ alsoWaitFor: others, ...overrides }));
}

/** Start and end of a 90-minute event `days` (plus up to one) days from now. */
export function times(days: number) {
  const startsAt = fromNow({ days: days + Math.random() });
  return { startsAt, endsAt: new Date(Date.parse(startsAt) + 90 * 60_000).toISOString() };
}

/** An event starting in `ms` (registration closes at its start). */
export function soon(ms: number) {
  const startsAt = fromNow({ ms });
  return { startsAt, endsAt: new Date(Date.parse(startsAt) + 60 * 60_000).toISOString() };
}

/** Deadlocks PostgreSQL has broken on this database so far (its statistics may lag about a second). */
export async function deadlocksSoFar(t: TestApp): Promise<number> {
  const [row] = (await t.dataSource.query(
    `SELECT deadlocks::int AS deadlocks FROM pg_stat_database WHERE datname = current_database()`,
  )) as { deadlocks: number }[];
  return row.deadlocks;
}
