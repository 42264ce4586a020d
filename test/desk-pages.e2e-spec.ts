import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  book,
  deskAccount,
  type DeskAccount,
  eventStartingIn,
  postForm,
  startedMinutesAgo,
  textOf,
} from './support/desk-fixtures.js';
import { fieldError, htmlOf } from './support/page-forms.js';
import { type PageSession, signInPages } from './support/staff-session.js';
import { sampleClinic, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The staff pages of issue 8 over HTTP (supertest, real PostgreSQL): the session cookie opens them, every
 * form carries the session's CSRF token, each change goes POST-redirect-GET back to the door page. One
 * describe per rule: scoping to the actor's clinics, the check-in window, search and check-in by code,
 * walk-ins without an e-mail address, capacity and the waiting list, cancelling with a reason, e-mails.
 */

let t: TestApp;
let clinicA: { id: string; slug: string };
let clinicB: { id: string; slug: string };
let admin: DeskAccount;
let staffA: DeskAccount;
let staffAB: DeskAccount;
let pagesA: PageSession;
const http = () => t.http();
const door = (eventId: string, query = '') =>
  http().get(`/staff/events/${eventId}${query}`).set('Cookie', pagesA.cookie);

beforeAll(async () => {
  t = await startTestApp();
  admin = await deskAccount(t, 'admin', []);
  clinicA = (
    await http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .send(sampleClinic({ name: 'Clinic Alpha', slug: 'alpha', timeZone: 'Europe/Lisbon' }))
      .expect(201)
  ).body;
  clinicB = (
    await http()
      .post('/api/admin/clinics')
      .set(admin.auth)
      .send(sampleClinic({ name: 'Clinic Beta', slug: 'beta' }))
      .expect(201)
  ).body;
  staffA = await deskAccount(t, 'staff', [clinicA.id], 'Alice Alpha');
  staffAB = await deskAccount(t, 'staff', [clinicA.id, clinicB.id], 'Bea Both');
  pagesA = await signInPages(t.app.getHttpServer(), staffA.email, staffA.password);
});
afterAll(() => t.close());

describe('staff see only their clinics (pages and API)', () => {
  let eventA: { id: string };
  let eventB: { id: string };
  let seatB: { id: string; code: string };

  beforeAll(async () => {
    eventA = await eventStartingIn(t, admin.auth, 'alpha', 60, { title: 'Alpha back school' });
    eventB = await eventStartingIn(t, admin.auth, 'beta', 60, { title: 'Beta posture class' });
    seatB = await book(t, eventB.id, 'Bruno Beta');
  });

  it("today lists clinic A's events and never clinic B's", async () => {
    const page = htmlOf(await http().get('/staff').set('Cookie', pagesA.cookie).expect(200));
    expect(page).toContain('Alpha back school');
    expect(page).not.toContain('Beta posture class');
    expect(page).not.toContain('id="field-clinic"');
    expect(page).toMatch(/<progress id="fill-[0-9a-f-]+" max="3" value="0">/);
    await http().get('/staff?clinic=beta').set('Cookie', pagesA.cookie).expect(404);
  });

  it('someone with two clinics gets a clinic filter; an admin sees every clinic', async () => {
    const both = await signInPages(t.app.getHttpServer(), staffAB.email, staffAB.password);
    const all = htmlOf(await http().get('/staff').set('Cookie', both.cookie).expect(200));
    expect(all).toContain('id="field-clinic"');
    expect(all).toContain('Alpha back school');
    expect(all).toContain('Beta posture class');
    const onlyBeta = htmlOf(await http().get('/staff?clinic=beta').set('Cookie', both.cookie).expect(200));
    expect(onlyBeta).toContain('Beta posture class');
    expect(onlyBeta).not.toContain('Alpha back school');
    const adminPages = await signInPages(t.app.getHttpServer(), admin.email, admin.password);
    const adminToday = htmlOf(await http().get('/staff').set('Cookie', adminPages.cookie).expect(200));
    expect(adminToday).toContain('Beta posture class');
  });

  it("clinic B's door page, forms, CSV and API are refused to staff of A, and nothing changes", async () => {
    const refused = await door(eventB.id).expect(403);
    expect(refused.text).toContain('This page belongs to a clinic you do not work for.');
    expect(refused.text).not.toContain('Bruno Beta');
    await postForm(http().post(`/staff/events/${eventB.id}/reservations/${seatB.id}/check-in`), pagesA).expect(403);
    await postForm(http().post(`/staff/events/${eventB.id}/find`), pagesA, { q: seatB.code }).expect(403);
    await postForm(http().post(`/staff/events/${eventB.id}/walk-ins`), pagesA, {
      name: 'Intruder',
      partySize: '1',
    }).expect(403);
    await postForm(http().post(`/staff/events/${eventB.id}/capacity`), pagesA, { capacity: '50' }).expect(403);
    await http()
      .get(`/staff/events/${eventB.id}/reservations/${seatB.id}/cancel`)
      .set('Cookie', pagesA.cookie)
      .expect(403);
    await http().get(`/staff/events/${eventB.id}/attendees.csv`).set('Cookie', pagesA.cookie).expect(403);
    await http().get(`/api/events/${eventB.id}/attendees?q=bruno`).set(staffA.auth).expect(403);
    await http().post(`/api/events/${eventB.id}/check-ins`).set(staffA.auth).send({ code: seatB.code }).expect(403);
    const [row] = await t.dataSource.query(`SELECT checked_in_at FROM reservations WHERE id = $1`, [seatB.id]);
    expect(row.checked_in_at).toBeNull();
    const [event] = await t.dataSource.query(`SELECT capacity FROM events WHERE id = $1`, [eventB.id]);
    expect(event.capacity).toBe(3);
  });

  it("a code of clinic B typed at clinic A's door says nothing about it", async () => {
    const found = await postForm(http().post(`/staff/events/${eventA.id}/find`), pagesA, { q: seatB.code }).expect(303);
    const page = htmlOf(await door(eventA.id, new URL(found.headers.location, 'http://x').search).expect(200));
    expect(page).not.toContain('Bruno Beta');
    expect(page).not.toContain('id="other-event"');
    expect(textOf(page, 'no-attendees')).toContain('Nobody matches');
  });

  it('without a session the pages send the browser to sign in; a form without the CSRF token is refused', async () => {
    const anonymous = await http().get(`/staff/events/${eventA.id}`).expect(303);
    expect(anonymous.headers.location).toMatch(/^\/staff\/sign-in\?next=/);
    await http().get('/staff').expect(303);
    await http()
      .post(`/staff/events/${eventA.id}/capacity`)
      .set('Cookie', pagesA.cookie)
      .type('form')
      .send({ capacity: '9' })
      .expect(403);
  });
});

describe('the door page: find, check in, undo', () => {
  let event: { id: string };
  let ana: { id: string; code: string; email: string };
  let rui: { id: string; code: string };
  let wait: { id: string; code: string };

  beforeAll(async () => {
    event = await eventStartingIn(t, admin.auth, 'alpha', 90, { title: 'Door page', capacity: 2 });
    ana = await book(t, event.id, 'Ana Sousa');
    rui = await book(t, event.id, 'Rui Lopes');
    wait = await book(t, event.id, 'Wanda Waits');
  });

  it('lists everyone with a big check-in button, the waiting list in order, the seats as a bar with words', async () => {
    const page = htmlOf(await door(event.id).expect(200));
    expect(textOf(page, 'check-in-window')).toMatch(/^Check-in is open until /);
    expect(textOf(page, 'attendee-list')).toContain('Ana Sousa');
    expect(textOf(page, 'attendee-list')).not.toContain('Wanda Waits');
    expect(textOf(page, 'waitlist-list')).toContain('Wanda Waits');
    expect(textOf(page, 'waitlist-list')).toContain('Waiting list, number 1');
    expect(page).toContain(`action="/staff/events/${event.id}/reservations/${ana.id}/check-in"`);
    expect(page).toMatch(/<progress id="fill" max="2" value="2">2 of 2 seats taken<\/progress>/);
    expect(page).toMatch(/<input type="search" id="field-q" name="q" value="" [^>]*autofocus/);
  });

  it('finds by part of a name or an e-mail address, in any case', async () => {
    const byName = await postForm(http().post(`/staff/events/${event.id}/find`), pagesA, { q: 'sOUsa' }).expect(303);
    expect(byName.headers.location).toBe(`/staff/events/${event.id}?q=sOUsa`);
    const page = htmlOf(await door(event.id, '?q=sOUsa').expect(200));
    expect(textOf(page, 'attendees-heading')).toBe('Results for “sOUsa”');
    expect(textOf(page, 'attendee-list')).toContain('Ana Sousa');
    expect(textOf(page, 'attendee-list')).not.toContain('Rui Lopes');
    const byEmail = htmlOf(
      await door(event.id, `?q=${encodeURIComponent(ana.email.slice(0, 6).toUpperCase())}`).expect(200),
    );
    expect(textOf(byEmail, 'attendee-list')).toContain('Ana Sousa');
  });

  it('a code typed (or scanned) with Enter checks the person in at once and shows them, with undo', async () => {
    const typed = rui.code.toLowerCase().replace('-', ' ');
    const found = await postForm(http().post(`/staff/events/${event.id}/find`), pagesA, { q: typed }).expect(303);
    expect(found.headers.location).toBe(
      `/staff/events/${event.id}?q=${encodeURIComponent(rui.code)}&done=checkedIn&who=${rui.id}`,
    );
    const page = htmlOf(
      await door(event.id, `?q=${encodeURIComponent(rui.code)}&done=checkedIn&who=${rui.id}`).expect(200),
    );
    expect(textOf(page, 'desk-notice')).toBe('Rui Lopes is checked in.');
    expect(textOf(page, 'code-match')).toContain('Rui Lopes');
    expect(textOf(page, 'code-match')).toMatch(/Checked in at \d/);
    expect(page).toContain(`action="/staff/events/${event.id}/reservations/${rui.id}/undo-check-in"`);
    const again = await postForm(http().post(`/staff/events/${event.id}/find`), pagesA, { q: rui.code }).expect(303);
    expect(again.headers.location).toContain('done=alreadyCheckedIn');

    const undone = await postForm(
      http().post(`/staff/events/${event.id}/reservations/${rui.id}/undo-check-in`),
      pagesA,
      { q: rui.code },
    ).expect(303);
    expect(undone.headers.location).toBe(
      `/staff/events/${event.id}?q=${encodeURIComponent(rui.code)}&done=undone&who=${rui.id}`,
    );
    const [row] = await t.dataSource.query(`SELECT checked_in_at FROM reservations WHERE id = $1`, [rui.id]);
    expect(row.checked_in_at).toBeNull();
  });

  it('the check-in button checks in and comes back to the same search', async () => {
    const done = await postForm(http().post(`/staff/events/${event.id}/reservations/${ana.id}/check-in`), pagesA, {
      q: 'sousa',
    }).expect(303);
    expect(done.headers.location).toBe(`/staff/events/${event.id}?q=sousa&done=checkedIn&who=${ana.id}`);
    const audit = await t.dataSource.query(`SELECT action, actor_id FROM audit_log WHERE subject_id = $1`, [ana.id]);
    expect(audit).toEqual([{ action: 'reservation.checked_in', actor_id: staffA.id }]);
  });

  it("a waitlisted person's code shows them with why they cannot be checked in", async () => {
    const found = await postForm(http().post(`/staff/events/${event.id}/find`), pagesA, { q: wait.code }).expect(303);
    expect(found.headers.location).toContain('problem=NOT_CONFIRMED');
    const page = htmlOf(await door(event.id, new URL(found.headers.location, 'http://x').search).expect(200));
    expect(textOf(page, 'desk-problem')).toContain('Only a confirmed reservation can be checked in.');
    expect(textOf(page, 'code-match')).toContain('Wanda Waits');
  });
});

describe('the check-in window on the door page', () => {
  it('weeks before the event: no check-in button, when it opens, and a 409 page for a forced post', async () => {
    const event = await eventStartingIn(t, admin.auth, 'alpha', 21 * 24 * 60, { title: 'Far away' });
    const seat = await book(t, event.id, 'Early Eva');
    const page = htmlOf(await door(event.id).expect(200));
    expect(textOf(page, 'check-in-window')).toMatch(/^Check-in opens at /);
    expect(page).not.toContain(`/reservations/${seat.id}/check-in"`);
    const forced = await postForm(
      http().post(`/staff/events/${event.id}/reservations/${seat.id}/check-in`),
      pagesA,
    ).expect(409);
    expect(textOf(forced.text, 'desk-problem')).toMatch(/Check-in is not open yet: it opens at /);
    const scanned = await postForm(http().post(`/staff/events/${event.id}/find`), pagesA, { q: seat.code }).expect(303);
    expect(scanned.headers.location).toContain('problem=CHECK_IN_NOT_OPEN');
    const [row] = await t.dataSource.query(`SELECT checked_in_at FROM reservations WHERE id = $1`, [seat.id]);
    expect(row.checked_in_at).toBeNull();
  });
});

describe('walk-ins at the door page', () => {
  let event: { id: string };
  beforeAll(async () => {
    event = await eventStartingIn(t, admin.auth, 'alpha', 30, { title: 'Walk-in page', capacity: 4 });
  });

  it('adds someone with a name only: seated, checked in, no e-mail written', async () => {
    const added = await postForm(http().post(`/staff/events/${event.id}/walk-ins`), pagesA, {
      name: 'Walter Nomail',
      email: '',
      partySize: '2',
    }).expect(303);
    const [row] = await t.dataSource.query(
      `SELECT id, email, party_size, source, checked_in_at, confirmation_code FROM reservations WHERE name = 'Walter Nomail'`,
    );
    expect(row).toMatchObject({ email: null, party_size: 2, source: 'walk-in', checked_in_at: expect.any(Date) });
    expect(added.headers.location).toBe(
      `/staff/events/${event.id}?q=${encodeURIComponent(row.confirmation_code)}&done=walkedIn&who=${row.id}`,
    );
    const page = htmlOf(await door(event.id, new URL(added.headers.location, 'http://x').search).expect(200));
    expect(textOf(page, 'desk-notice')).toBe('Walter Nomail is added and checked in.');
    expect(textOf(page, 'code-match')).toContain('no e-mail');
    const mails = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE reservation_id = $1`, [
      row.id,
    ]);
    expect(mails[0].n).toBe(0);
  });

  it('shows a wrong address beside its field and keeps what was typed; a full event says so above the form', async () => {
    const bad = await postForm(http().post(`/staff/events/${event.id}/walk-ins`), pagesA, {
      name: 'Tina Typo',
      email: 'tina@',
      partySize: '1',
    }).expect(422);
    expect(fieldError(bad.text, 'email')).toBe('Please enter a valid e-mail address, or leave it empty.');
    expect(bad.text).toMatch(/id="field-name" name="name" value="Tina Typo"/);
    const full = await postForm(http().post(`/staff/events/${event.id}/walk-ins`), pagesA, {
      name: 'Late Larry',
      partySize: '2',
    });
    await postForm(http().post(`/staff/events/${event.id}/walk-ins`), pagesA, { name: 'Lone Lou', partySize: '1' });
    expect(full.status).toBe(303);
    const refused = await postForm(http().post(`/staff/events/${event.id}/walk-ins`), pagesA, {
      name: 'One Too Many',
      partySize: '1',
    }).expect(409);
    expect(textOf(refused.text, 'walk-in-problem')).toContain('No seat is free for this party.');
  });
});

describe('capacity and the waiting list on the door page', () => {
  it('raising the capacity before the start confirms the waiting list in order', async () => {
    const event = await eventStartingIn(t, admin.auth, 'alpha', 100, { title: 'Capacity page', capacity: 1 });
    await book(t, event.id, 'First Fiona');
    const waiting = await book(t, event.id, 'Second Sam');
    expect(waiting.status).toBe('waitlisted');
    const below = await postForm(http().post(`/staff/events/${event.id}/capacity`), pagesA, { capacity: '0' }).expect(
      422,
    );
    expect(fieldError(below.text, 'capacity')).toBe('Please enter a whole number of seats, from 1 to 10,000.');
    const raised = await postForm(http().post(`/staff/events/${event.id}/capacity`), pagesA, { capacity: '2' }).expect(
      303,
    );
    expect(raised.headers.location).toBe(`/staff/events/${event.id}?done=capacity`);
    const page = htmlOf(await door(event.id, '?done=capacity').expect(200));
    expect(textOf(page, 'desk-notice')).toBe('The capacity is now 2 seats.');
    expect(textOf(page, 'attendee-list')).toContain('Second Sam');
    expect(textOf(page, 'waitlist')).toContain('Nobody is waiting.');
  });

  it('lowering below the confirmed seats is refused beside the field', async () => {
    const event = await eventStartingIn(t, admin.auth, 'alpha', 100, { title: 'Capacity floor', capacity: 2 });
    await book(t, event.id, 'Keep Kim', 2);
    const refused = await postForm(http().post(`/staff/events/${event.id}/capacity`), pagesA, { capacity: '1' }).expect(
      409,
    );
    expect(fieldError(refused.text, 'capacity')).toBe('The capacity cannot go below the 2 seats already confirmed.');
  });

  it('after the start the desk gives a waitlisted person a seat by hand, if their party fits', async () => {
    const event = await eventStartingIn(t, admin.auth, 'alpha', 100, { title: 'At the door', capacity: 1 });
    await book(t, event.id, 'Seated Sara');
    const pair = await book(t, event.id, 'Pair Pat', 2);
    const single = await book(t, event.id, 'Single Sid');
    await startedMinutesAgo(t, event.id);
    await postForm(http().post(`/staff/events/${event.id}/capacity`), pagesA, { capacity: '2' }).expect(303);
    const tooBig = await postForm(
      http().post(`/staff/events/${event.id}/reservations/${pair.id}/promote`),
      pagesA,
    ).expect(409);
    expect(textOf(tooBig.text, 'desk-problem')).toBe('That did not work Free seats: 1. Seats this party needs: 2.');
    const promoted = await postForm(
      http().post(`/staff/events/${event.id}/reservations/${single.id}/promote`),
      pagesA,
    ).expect(303);
    expect(promoted.headers.location).toBe(`/staff/events/${event.id}?done=promoted&who=${single.id}`);
    const page = htmlOf(await door(event.id, `?done=promoted&who=${single.id}`).expect(200));
    expect(textOf(page, 'desk-notice')).toBe('Single Sid has a seat now.');
    expect(page).toContain(`/reservations/${single.id}/check-in"`);
  });
});

describe('cancelling a reservation with a reason', () => {
  it('asks for the reason, stores it, tells the attendee, and goes back to the same search', async () => {
    const event = await eventStartingIn(t, admin.auth, 'alpha', 100, { title: 'Cancel page', capacity: 1 });
    const seat = await book(t, event.id, 'Carla Cancel');
    const next = await book(t, event.id, 'Nuno Next');
    const form = htmlOf(
      await http()
        .get(`/staff/events/${event.id}/reservations/${seat.id}/cancel?q=carla`)
        .set('Cookie', pagesA.cookie)
        .expect(200),
    );
    expect(textOf(form, 'cancel-who')).toContain('Carla Cancel');
    expect(form).toContain('name="q" value="carla"');
    const empty = await postForm(http().post(`/staff/events/${event.id}/reservations/${seat.id}/cancel`), pagesA, {
      reason: '  ',
      q: 'carla',
    }).expect(422);
    expect(fieldError(empty.text, 'reason')).toBe(
      'Please give a reason on one line (up to 500 characters): the attendee reads it.',
    );
    const reason = 'The session is moved to a larger room on another day.';
    const done = await postForm(http().post(`/staff/events/${event.id}/reservations/${seat.id}/cancel`), pagesA, {
      reason,
      q: 'carla',
    }).expect(303);
    expect(done.headers.location).toBe(`/staff/events/${event.id}?q=carla&done=cancelled&who=${seat.id}`);
    const [row] = await t.dataSource.query(`SELECT status, cancellation_reason FROM reservations WHERE id = $1`, [
      seat.id,
    ]);
    expect(row).toEqual({ status: 'cancelled', cancellation_reason: reason });
    const [mail] = await t.dataSource.query(
      `SELECT payload FROM outbox_messages WHERE reservation_id = $1 AND kind = 'attendee-cancellation'`,
      [seat.id],
    );
    expect(mail.payload.reservation.cancellationReason).toBe(reason);
    const page = htmlOf(await door(event.id, `?q=carla&done=cancelled&who=${seat.id}`).expect(200));
    expect(textOf(page, 'desk-notice')).toBe('The reservation of Carla Cancel is cancelled.');
    expect(textOf(page, 'cancelled')).toContain(`Reason: ${reason}`);
    const [promoted] = await t.dataSource.query(`SELECT status FROM reservations WHERE id = $1`, [next.id]);
    // This close to the start the freed seat is offered to the next in line, held for them (issue 9).
    expect(promoted.status).toBe('offered');
    const listed = htmlOf(await door(event.id).expect(200));
    expect(listed).toMatch(new RegExp(`id="r-${next.id}"[\\s\\S]*?Seat offered, until \\d{1,2}:\\d{2}`));
  });
});

describe("the event's e-mails and the attendee list", () => {
  it('shows the messages, names the failed ones and sends one again', async () => {
    const event = await eventStartingIn(t, admin.auth, 'alpha', 100, { title: 'Mail page' });
    const seat = await book(t, event.id, 'Mia Mail');
    const [message] = await t.dataSource
      .query(
        `UPDATE outbox_messages SET status = 'failed', attempts = 8, last_error = '550 mailbox unavailable' WHERE reservation_id = $1 AND kind = 'confirmation' RETURNING id`,
        [seat.id],
      )
      .then(([rows]: [{ id: string }[]]) => rows);
    const page = htmlOf(await door(event.id).expect(200));
    expect(textOf(page, 'failed-messages')).toBe('1 e-mail could not be sent.');
    expect(textOf(page, `message-${message.id}`)).toContain('Last error: 550 mailbox unavailable');
    const retried = await postForm(
      http().post(`/staff/events/${event.id}/messages/${message.id}/retry`),
      pagesA,
    ).expect(303);
    expect(retried.headers.location).toBe(`/staff/events/${event.id}?done=retried#messages`);
    const [row] = await t.dataSource.query(`SELECT status, attempts FROM outbox_messages WHERE id = $1`, [message.id]);
    expect(row).toEqual({ status: 'pending', attempts: 0 });
  });

  it('downloads the CSV from the page', async () => {
    const event = await eventStartingIn(t, admin.auth, 'alpha', 100, { title: 'CSV page' });
    await book(t, event.id, 'Cecilia Csv');
    const csv = await http().get(`/staff/events/${event.id}/attendees.csv`).set('Cookie', pagesA.cookie).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="attendees-/);
    expect(csv.text).toContain('Cecilia Csv');
  });
});

describe('the pages speak the browser’s language', () => {
  it('pt-PT: today and the door page in European Portuguese', async () => {
    const event = await eventStartingIn(t, admin.auth, 'alpha', 60, { title: 'Escola da coluna' });
    const today = htmlOf(
      await http().get('/staff').set('Cookie', pagesA.cookie).set('Accept-Language', 'pt-PT,pt;q=0.9').expect(200),
    );
    expect(today).toContain('<html lang="pt-PT">');
    expect(textOf(today, 'today-heading')).toBe('Hoje');
    const page = htmlOf(await door(event.id).set('Accept-Language', 'pt-PT').expect(200));
    expect(textOf(page, 'check-in-window')).toMatch(/^O registo de entradas está aberto até /);
    expect(page).toContain('Nome, e-mail ou código de confirmação');
  });
});
