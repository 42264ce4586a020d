import { attendee, createPublishedEvent, reserve } from './booking-fixtures.js';
import { startedMinutesAgo } from './desk-fixtures.js';
import type { TestApp } from './test-app.js';

type Auth = { Authorization: string };

export interface SeasonShape {
  kind?: 'seminar' | 'webinar';
  events: number;
  /** Reservations per event, one seat each. */
  bookedEach: number;
  /** Of those, how many are checked in at the door before the event is completed. */
  arrivedEach: number;
}

/**
 * A clinic's attendance history made the way a season makes it, through the API: events booked by attendees,
 * started (moved into the past: an event cannot be created there), checked in at the door, completed by
 * staff (the rest become no-shows). Returns the completed events' ids.
 */
export async function completedSeason(t: TestApp, auth: Auth, clinicSlug: string, shape: SeasonShape) {
  const ids: string[] = [];
  for (let e = 0; e < shape.events; e += 1) {
    const event = await createPublishedEvent(t, auth, clinicSlug, {
      capacity: shape.bookedEach,
      maxPartySize: 1,
      ...(shape.kind === 'webinar' ? { kind: 'webinar', joinUrl: 'https://meet.example/season' } : {}),
    });
    const booked: string[] = [];
    for (let r = 0; r < shape.bookedEach; r += 1) {
      const answer = await reserve(t, event.id, attendee()).expect(201);
      booked.push(answer.body.reservationId as string);
    }
    await startedMinutesAgo(t, event.id, 30);
    for (const id of booked.slice(0, shape.arrivedEach)) {
      await t.http().post(`/api/events/${event.id}/reservations/${id}/check-in`).set(auth).send({}).expect(200);
    }
    await t.http().post(`/api/events/${event.id}/complete`).set(auth).expect(200);
    ids.push(event.id);
  }
  return ids;
}
