import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import {
  createClinic,
  createEvent,
  createPublishedEvent,
  type ClinicBody,
  type StaffEventBody,
} from './support/booking-fixtures.js';
import { moveEventIntoPast, readFeed } from './support/records-fixtures.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/** Issue 8, records: a clinic's public iCalendar feed, as Google and Apple Calendar subscribe to it. */
describe('clinic calendar feed', () => {
  let t: TestApp;
  let admin: SignedIn;
  let clinic: ClinicBody;
  let seminar: StaffEventBody;
  let webinar: StaffEventBody;
  const hidden: Record<string, string> = {};
  let day: string;

  const feedPath = () => `/clinics/${clinic.slug}/events.ics`;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth, { name: 'Lakeside Back Clinic' });
    // 18:00 to 19:30 on the clinic's wall clock, ten days ahead.
    day = DateTime.now().setZone('America/Chicago').plus({ days: 10 }).toISODate()!;
    seminar = await createPublishedEvent(t, admin.auth, clinic.slug, {
      title: 'Posture at work',
      capacity: 12,
      startsAt: `${day}T18:00`,
      endsAt: `${day}T19:30`,
    });
    webinar = await createPublishedEvent(t, admin.auth, clinic.slug, {
      kind: 'webinar',
      title: 'Stretching at home',
      venueName: undefined,
      joinUrl: 'https://meet.example.com/secret-room-123',
    });
    hidden.draft = (await createEvent(t, admin.auth, clinic.slug, { title: 'Still a draft' })).id;
    const cancelled = await createPublishedEvent(t, admin.auth, clinic.slug, { title: 'Called off' });
    await t.http().post(`/api/events/${cancelled.id}/cancel`).set(admin.auth).expect(200);
    hidden.cancelled = cancelled.id;
    const ended = await createPublishedEvent(t, admin.auth, clinic.slug, { title: 'Already over' });
    await moveEventIntoPast(t, ended.id);
    hidden.ended = ended.id;
    const elsewhere = await createClinic(t, admin.auth);
    hidden.otherClinic = (await createPublishedEvent(t, admin.auth, elsewhere.slug, { title: 'Another clinic' })).id;
  });
  afterAll(() => t.close());

  describe('what the feed holds', () => {
    it('is text/calendar, METHOD:PUBLISH, named after the clinic, with upcoming published events only', async () => {
      const response = await t.http().get(feedPath()).expect(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(response.headers['cache-control']).toMatch(/max-age=\d+/);
      expect(response.headers.etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/); // strong: no W/
      const feed = readFeed(response.text);
      expect(feed.method).toBe('PUBLISH');
      expect(feed.name).toContain('Lakeside Back Clinic');
      expect(feed.events.map((event) => event.summary).sort()).toEqual(['Posture at work', 'Stretching at home']);
      for (const id of Object.values(hidden)) expect(response.text).not.toContain(id);
    });

    it('gives each event its booking page, its times in its own zone with the VTIMEZONE, and a stable UID', async () => {
      const first = readFeed((await t.http().get(feedPath()).expect(200)).text);
      const entry = first.events.find((event) => event.summary === 'Posture at work')!;
      const bookingUrl = `http://booking.test/events/${seminar.id}`;
      expect(entry.url).toBe(bookingUrl);
      expect(entry.description).toContain(bookingUrl);
      expect(entry.status).toBe('CONFIRMED');
      expect(entry.tzid).toBe('America/Chicago');
      expect(first.timezones).toEqual(['America/Chicago']);
      // ical.js resolved the TZID through the feed's VTIMEZONE to the instant the clinic means.
      expect(entry.startUtc).toBe(DateTime.fromISO(`${day}T18:00`, { zone: 'America/Chicago' }).toUTC().toISO());
      expect(entry.endUtc).toBe(DateTime.fromISO(`${day}T19:30`, { zone: 'America/Chicago' }).toUTC().toISO());
      expect(entry.location).toContain('Seminar room 2');
      expect(entry.location).toContain('12 Harbour Street');

      const again = readFeed((await t.http().get(feedPath()).expect(200)).text);
      expect(again.events.map((event) => event.uid).sort()).toEqual(first.events.map((event) => event.uid).sort());
      expect(new Set(first.events.map((event) => event.uid)).size).toBe(2);
    });

    it("never shows a webinar's join link", async () => {
      const response = await t.http().get(feedPath()).expect(200);
      expect(response.text).not.toContain('secret-room-123');
      const entry = readFeed(response.text).events.find((event) => event.summary === 'Stretching at home')!;
      expect(entry.location).toBe('Online');
    });

    it('keeps user text inside its property: a description cannot add an event', async () => {
      const sneaky = await createPublishedEvent(t, admin.auth, clinic.slug, {
        title: 'Sneaky; title, with commas',
        description: 'Line one\nEND:VEVENT\nBEGIN:VEVENT\nUID:injected\nSUMMARY:Injected',
      });
      const feed = readFeed((await t.http().get(feedPath()).expect(200)).text);
      expect(feed.events.map((event) => event.uid)).not.toContain('injected');
      const entry = feed.events.find((event) => event.summary === 'Sneaky; title, with commas')!;
      expect(entry.description).toContain('END:VEVENT\nBEGIN:VEVENT');
      await t.http().post(`/api/events/${sneaky.id}/cancel`).set(admin.auth).expect(200);
    });

    it("speaks the clinic's language", async () => {
      const lisbon = await createClinic(t, admin.auth, {
        name: 'Clínica do Tejo',
        timeZone: 'Europe/Lisbon',
        locale: 'pt-PT',
      });
      await createPublishedEvent(t, admin.auth, lisbon.slug, {
        kind: 'webinar',
        venueName: undefined,
        joinUrl: 'https://meet.example.com/x',
      });
      const feed = readFeed((await t.http().get(`/clinics/${lisbon.slug}/events.ics`).expect(200)).text);
      expect(feed.name).toBe('Clínica do Tejo: seminários e webinars');
      expect(feed.events[0].description).toContain('Reserve o seu lugar:');
      expect(feed.timezones).toEqual(['Europe/Lisbon']);
    });

    it('answers 404 for an unknown or archived clinic', async () => {
      await t.http().get('/clinics/no-such-clinic/events.ics').expect(404);
      const archived = await createClinic(t, admin.auth);
      await t.http().post(`/api/admin/clinics/${archived.slug}/archive`).set(admin.auth).expect(200);
      await t.http().get(`/clinics/${archived.slug}/events.ics`).expect(404);
    });

    it("is linked from the clinic's page", async () => {
      const page = await t.http().get(`/clinics/${clinic.slug}`).expect(200);
      expect(page.text).toContain(`href="/clinics/${clinic.slug}/events.ics"`);
    });
  });

  describe('conditional requests', () => {
    it('answers 304 while nothing changed, and a new ETag once an event changes', async () => {
      const first = await t.http().get(feedPath()).expect(200);
      const etag = first.headers.etag as string;

      const unchanged = await t.http().get(feedPath()).set('If-None-Match', etag).expect(304);
      expect(unchanged.text ?? '').toBe('');
      expect(unchanged.headers.etag).toBe(etag);
      await t.http().get(feedPath()).set('If-None-Match', `"something-else", W/${etag}`).expect(304);
      await t.http().get(feedPath()).set('If-None-Match', '"something-else"').expect(200);

      await t
        .http()
        .patch(`/api/events/${seminar.id}`)
        .set(admin.auth)
        .send({ title: 'Posture at work and at home' })
        .expect(200);
      const changed = await t.http().get(feedPath()).set('If-None-Match', etag).expect(200);
      expect(changed.headers.etag).not.toBe(etag);
      const before = readFeed(first.text).events.find((event) => event.url?.endsWith(seminar.id))!;
      const after = readFeed(changed.text).events.find((event) => event.url?.endsWith(seminar.id))!;
      expect(after.summary).toBe('Posture at work and at home');
      expect(after.uid).toBe(before.uid);
      expect(after.sequence).toBeGreaterThan(before.sequence);
      await t
        .http()
        .get(feedPath())
        .set('If-None-Match', changed.headers.etag as string)
        .expect(304);
    });

    it('drops an event once it is cancelled, with a new ETag', async () => {
      const before = await t.http().get(feedPath()).expect(200);
      await t.http().post(`/api/events/${webinar.id}/cancel`).set(admin.auth).expect(200);
      const after = await t
        .http()
        .get(feedPath())
        .set('If-None-Match', before.headers.etag as string)
        .expect(200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      expect(readFeed(after.text).events.map((event) => event.summary)).not.toContain('Stretching at home');
    });
  });
});
