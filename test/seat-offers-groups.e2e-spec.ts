import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClinic, fromNow, seatLedger, type ClinicBody } from './support/booking-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';
import { fullSession, groupOf, joinSeveral, renderedText, times } from './support/waitlist-fixtures.js';

/**
 * Issue 9: a late seat offer to a place that waits in several sessions (a waiting-list group). The offer takes
 * the group's turn as a seat does: the other places withdraw at once and the offer's e-mail lists them.
 */
describe('a seat offer to a place waiting in several sessions', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicBody;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
  });
  afterAll(() => t.close());

  it('the other places withdraw when the offer is made; the seat is held; the e-mail says which lists it left', async () => {
    const title = `Back pain basics ${Math.random().toString(36).slice(2, 8)}`;
    const startsAt = fromNow({ hours: 10 });
    const soon = { startsAt, endsAt: new Date(Date.parse(startsAt) + 90 * 60_000).toISOString() };
    const near = await fullSession(t, admin.auth, clinic.slug, { title, ...soon });
    const later = await fullSession(t, admin.auth, clinic.slug, { title, ...times(5) });
    const place = (await joinSeveral(t, near.event.id, [later.event.id]).expect(201)).body as {
      reservationId: string;
      status: string;
    };
    expect(place.status).toBe('waitlisted');
    expect(await groupOf(t, place.reservationId)).toHaveLength(2);

    await t.http().post(`/api/reservations/manage/${near.holderToken}/cancel`).expect(200);
    const group = await groupOf(t, place.reservationId);
    expect(group.find((row) => row.id === place.reservationId)?.status).toBe('offered');
    expect(group.find((row) => row.id !== place.reservationId)?.status).toBe('withdrawn');
    const ledger = await seatLedger(t, near.event.id);
    expect(ledger.confirmed_seats).toBe(ledger.confirmed_sum);
    expect(ledger.confirmed_seats).toBe(1);
    const text = await renderedText(t, place.reservationId, 'seat-offer');
    expect(text).toContain('as this seat is held for you, we have taken you off those lists');
    expect(text).toContain('/offer/');
  });
});
