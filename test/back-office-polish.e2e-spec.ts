import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createClinic,
  createPublishedEvent,
  fromNow,
  reserve,
  type ClinicBody,
  type StaffEventBody,
} from './support/booking-fixtures.js';
import { signInToPages, type PagesUser } from './support/admin-pages.js';
import { htmlOf } from './support/page-forms.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/*
 * Issue 8 polish over HTTP: errors on back-office pages in the office frame, sending a pending invitation
 * again, a cancelled event's reason on its admin page, and the year on the events list when it is not this one.
 */
let t: TestApp;
let apiAdmin: SignedIn;
let admin: PagesUser;
let clinicA: ClinicBody;
let clinicB: ClinicBody;
let eventA: StaffEventBody;

beforeAll(async () => {
  t = await startTestApp();
  apiAdmin = await signInNewUser(t, 'admin');
  clinicA = await createClinic(t, apiAdmin.auth, { name: 'Clinic Alpha' });
  clinicB = await createClinic(t, apiAdmin.auth, { name: 'Clinic Beta' });
  eventA = await createPublishedEvent(t, apiAdmin.auth, clinicA.slug, { title: 'Alpha back school' });
  admin = await signInToPages(t, 'admin');
});
afterAll(() => t.close());

describe('errors on back-office pages come in the office frame', () => {
  let staffB: PagesUser;
  beforeAll(async () => {
    staffB = await signInToPages(t, 'staff', [clinicB.id]);
  });

  const expectOfficeError = (
    response: Awaited<ReturnType<PagesUser['get']>>,
    status: number,
    language: string,
    signedIn = true,
  ) => {
    expect(response.status).toBe(status);
    const html = htmlOf(response);
    expect(html).toContain(`<html lang="${language}">`);
    expect(html).toContain('<body class="office">');
    if (signedIn) expect(html).toContain('action="/staff/sign-out"');
    else expect(html).not.toContain('action="/staff/sign-out"');
    expect(html).not.toContain('site.error');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(String(response.headers['x-robots-tag'] ?? '') + html).toContain('noindex');
    return html;
  };

  it("another clinic's event: 403 with the office's words, navigation and private headers", async () => {
    const html = expectOfficeError(await staffB.get(`/staff/events/${eventA.id}`), 403, 'en');
    expect(html).toContain('Not available to your account');
    expect(html).not.toContain('See all upcoming events');
    expect(html).not.toContain('Alpha back school');
  });

  it('a refusal thrown while handling a back-office form (no CSRF token on sign-in): 403 in the office frame, no navigation', async () => {
    const response = await t
      .http()
      .post('/staff/sign-in')
      .set('Accept-Language', 'pt-PT')
      .type('form')
      .send({ email: 'a@b.test', password: 'x' });
    const html = expectOfficeError(response, 403, 'pt-PT', false);
    expect(html).toContain('Não foi possível enviar este formulário');
    expect(html).toContain('href="/staff/sign-in"');
    expect(html).not.toContain('Ver todos os próximos eventos');
  });

  it('something that does not exist: 404 in the office frame, in the browser’s language', async () => {
    let html = expectOfficeError(await staffB.get(`/staff/events/${randomUUID()}`), 404, 'en');
    expect(html).toContain('Not found');
    html = expectOfficeError(await admin.get(`/admin/events/${randomUUID()}`, 'pt-PT'), 404, 'pt-PT');
    expect(html).toContain('Não encontrado');
    expect(html).toContain('href="/admin/events"'); // an admin's navigation
    html = expectOfficeError(await admin.get('/admin/clinics/no-such-slug', 'pt-PT'), 404, 'pt-PT');
    expect(html).toContain('Voltar a hoje');
  });

  it('attendee pages keep the public error page', async () => {
    const response = await t.http().get(`/events/${randomUUID()}`).set('Accept-Language', 'en');
    expect(response.status).toBe(404);
    expect(htmlOf(response)).not.toContain('<body class="office">');
    expect(htmlOf(response)).toContain('See all upcoming events');
  });
});

describe('an admin sends a pending invitation again', () => {
  const invitations = (email: string) =>
    t.dataSource.query(`SELECT kind FROM outbox_messages WHERE recipient_email = $1 AND kind = 'staff-invitation'`, [
      email,
    ]) as Promise<{ kind: string }[]>;

  it('the account page offers it while the invitation is pending; the new mail goes through the outbox; a notice follows', async () => {
    const email = `reinvite-${Date.now()}@clinic.test`;
    const invited = await admin.post('/admin/staff/invite', {
      email,
      name: 'Rita Reis',
      role: 'staff',
      clinicIds: [clinicA.id],
    });
    expect(invited.status).toBe(303);
    const id = /^\/admin\/staff\/([0-9a-f-]{36})/.exec(String(invited.headers.location))![1];
    expect(await invitations(email)).toHaveLength(1);

    const page = htmlOf(await admin.get(`/admin/staff/${id}`));
    expect(page).toContain(`action="/admin/staff/${id}/reinvite"`);
    expect(page).toContain('Send the invitation again');

    const again = await admin.post(`/admin/staff/${id}/reinvite`);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`/admin/staff/${id}?done=reinvited`);
    expect(await invitations(email)).toHaveLength(2);
    const tokens = await t.dataSource.query(
      `SELECT used_at IS NULL AS open FROM staff_account_tokens WHERE staff_user_id = $1 AND purpose = 'invitation' ORDER BY created_at`,
      [id],
    );
    expect(tokens).toEqual([{ open: false }, { open: true }]); // the earlier link stops working

    const after = htmlOf(await admin.get(`/admin/staff/${id}?done=reinvited`, 'pt-PT'));
    expect(after).toContain('Foi enviado um novo convite');
  });

  it('an active account has no such button, and posting it anyway is a 404 page with no mail', async () => {
    const active = await signInToPages(t, 'staff', [clinicA.id]);
    expect(htmlOf(await admin.get(`/admin/staff/${active.id}`))).not.toContain('/reinvite"');
    const response = await admin.post(`/admin/staff/${active.id}/reinvite`);
    expect(response.status).toBe(404);
    expect(htmlOf(response)).toContain('<body class="office">');
    expect(await invitations(active.email)).toHaveLength(0);
  });
});

describe("a cancelled event's admin page says when and why", () => {
  it('shows the cancellation time and the reason the attendees were given', async () => {
    const doomed = await createPublishedEvent(t, apiAdmin.auth, clinicA.slug, {
      title: 'Doomed back school',
      capacity: 5,
    });
    expect((await reserve(t, doomed.id)).status).toBe(201);
    expect(
      (await admin.post(`/admin/events/${doomed.id}/cancel`, { reason: 'The speaker is ill <b>today</b>.' })).status,
    ).toBe(303);

    const html = htmlOf(await admin.get(`/admin/events/${doomed.id}`));
    expect(html).toContain('Cancelled on');
    expect(html).toContain('The speaker is ill &lt;b&gt;today&lt;/b&gt;.');
    const [{ year }] = await t.dataSource.query(
      `SELECT extract(year FROM cancelled_at)::int AS year FROM events WHERE id = $1`,
      [doomed.id],
    );
    expect(html).toMatch(new RegExp(`<dt>Cancelled on</dt><dd>[^<]*${year}[^<]*</dd>`));

    const pt = htmlOf(await admin.get(`/admin/events/${doomed.id}`, 'pt-PT'));
    expect(pt).toContain('Cancelado em');
    expect(pt).toContain('Motivo indicado');
  });

  it('says plainly when no reason was kept (nobody was booked), and shows nothing of the kind on a live event', async () => {
    const empty = await createPublishedEvent(t, apiAdmin.auth, clinicA.slug, { title: 'Empty back school' });
    expect(htmlOf(await admin.get(`/admin/events/${empty.id}`))).not.toContain('Cancelled on');
    expect((await admin.post(`/admin/events/${empty.id}/cancel`, { reason: 'Nobody came' })).status).toBe(303);
    const html = htmlOf(await admin.get(`/admin/events/${empty.id}`));
    expect(html).toContain('Cancelled on');
    expect(html).toContain('Not kept: nobody was booked');
  });
});

/** The first cell (the day) of the list row whose link says `title`. */
const dayCellOf = (html: string, title: string) => {
  const at = html.indexOf(`>${title}</a>`);
  expect(at).toBeGreaterThan(0);
  const row = html.slice(html.lastIndexOf('<tr>', at), at);
  return /<td>([^<]*)<\/td>/.exec(row)?.[1] ?? '';
};

describe('the admin events list names the year when it is not this year', () => {
  it('an event more than a year away shows its year; one this year does not', async () => {
    const startsAt = fromNow({ days: 400 });
    const endsAt = new Date(Date.parse(startsAt) + 90 * 60_000).toISOString();
    const far = await createPublishedEvent(t, apiAdmin.auth, clinicB.slug, {
      title: 'Far-off back school',
      startsAt,
      endsAt,
    });
    const farYear = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: far.timeZone }).format(
      new Date(startsAt),
    );
    const html = htmlOf(await admin.get(`/admin/events?clinic=${clinicB.slug}`));
    expect(dayCellOf(html, 'Far-off back school')).toContain(farYear);

    const thisYear = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: eventA.timeZone }).format(new Date());
    const nearYear = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: eventA.timeZone }).format(
      new Date(eventA.startsAt),
    );
    const listA = htmlOf(await admin.get(`/admin/events?clinic=${clinicA.slug}`));
    const dayA = dayCellOf(listA, 'Alpha back school');
    expect(dayA).toMatch(/\d/);
    if (nearYear === thisYear) expect(dayA).not.toContain(thisYear);
    else expect(dayA).toContain(nearYear);
  });
});
