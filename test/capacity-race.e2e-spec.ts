import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { EventSeats } from '../src/events/event-seats.js';
import type { Event } from '../src/events/event.entity.js';
import { attendee, createClinic, createPublishedEvent, reserve, type ClinicBody } from './support/booking-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/*
 * DESIGN rule 3: capacity can never be set below the confirmed seats, and that is a clear 409.
 * The rule is checked twice: on the locked event in memory, then by the conditional UPDATE in the
 * database (EventSeats.setCapacity). These tests reach the second check alone: the copy of the event the
 * service holds says no seat is confirmed while the row says three, so only the database can refuse.
 * It must refuse with the same 409, naming the seats as stored, and change nothing.
 */
describe('DESIGN rule 3: the database refusal of a capacity below the confirmed seats is a 409, never ignored', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicBody;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** An event with three confirmed seats out of five. */
  async function eventWithThreeConfirmed(): Promise<string> {
    const event = await createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 5, maxPartySize: 3 });
    await reserve(t, event.id, attendee({ partySize: 3 })).expect(201);
    return event.id;
  }

  /** The next lock on `eventId` returns a stale copy that shows no confirmed seats; the row is untouched. */
  function nextLockSeesNoSeats(eventId: string) {
    const original = EventSeats.prototype.lockEvent;
    return jest.spyOn(EventSeats.prototype, 'lockEvent').mockImplementationOnce(async function (
      this: EventSeats,
      manager: EntityManager,
      id: string,
    ): Promise<Event> {
      const event = await original.call(this, manager, id);
      if (id === eventId) event.confirmedSeats = 0;
      return event;
    });
  }

  async function storedSeats(eventId: string): Promise<{ capacity: number; confirmed_seats: number }> {
    const [row] = (await t.dataSource.query('SELECT capacity, confirmed_seats FROM events WHERE id = $1', [
      eventId,
    ])) as {
      capacity: number;
      confirmed_seats: number;
    }[];
    return row;
  }

  it('PUT /capacity: 409 CAPACITY_BELOW_CONFIRMED with the stored seats, and the capacity stays', async () => {
    const eventId = await eventWithThreeConfirmed();
    const lock = nextLockSeesNoSeats(eventId);

    const refused = await t.http().put(`/api/events/${eventId}/capacity`).set(admin.auth).send({ capacity: 2 });

    expect(lock).toHaveBeenCalled();
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      code: 'CAPACITY_BELOW_CONFIRMED',
      message: 'Capacity cannot go below the 3 seats already confirmed.',
      details: { confirmedSeats: 3 },
    });
    expect(await storedSeats(eventId)).toEqual({ capacity: 5, confirmed_seats: 3 });
    const audit = await t.dataSource.query(
      `SELECT 1 FROM audit_log WHERE event_id = $1 AND action = 'event.capacity_changed'`,
      [eventId],
    );
    expect(audit).toHaveLength(0);
  });

  it('PATCH with a capacity: the same 409, and the other changes in the request are not kept either', async () => {
    const eventId = await eventWithThreeConfirmed();
    nextLockSeesNoSeats(eventId);

    const refused = await t
      .http()
      .patch(`/api/events/${eventId}`)
      .set(admin.auth)
      .send({ title: 'Renamed meanwhile', capacity: 1 });

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CAPACITY_BELOW_CONFIRMED', details: { confirmedSeats: 3 } });
    expect(await storedSeats(eventId)).toEqual({ capacity: 5, confirmed_seats: 3 });
    const [{ title }] = (await t.dataSource.query('SELECT title FROM events WHERE id = $1', [eventId])) as {
      title: string;
    }[];
    expect(title).not.toBe('Renamed meanwhile');
  });

  it('without a stale copy nothing changes: a capacity at the confirmed seats is taken', async () => {
    const eventId = await eventWithThreeConfirmed();
    await t.http().put(`/api/events/${eventId}/capacity`).set(admin.auth).send({ capacity: 3 }).expect(200);
    expect(await storedSeats(eventId)).toEqual({ capacity: 3, confirmed_seats: 3 });
  });
});
