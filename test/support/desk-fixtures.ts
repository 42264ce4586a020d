import type { Test } from 'supertest';
import { StaffService } from '../../src/staff/staff.service.js';
import type { TestApp } from './test-app.js';

/** Builders and page readers for the front-desk suites (issue 8): staff with known passwords, events near now. */

const MINUTE = 60_000;
export const DESK_PASSWORD = 'front desk horse battery staple';

export interface DeskAccount {
  id: string;
  email: string;
  password: string;
  name: string;
  /** The bearer header for the JSON API. */
  auth: { Authorization: string };
}

let accounts = 0;

/** A staff member (or admin) of the given clinics, with a password the sign-in page takes. */
export async function deskAccount(
  t: TestApp,
  role: 'admin' | 'staff',
  clinicIds: string[],
  name = `Desk ${role} ${accounts + 1}`,
): Promise<DeskAccount> {
  accounts += 1;
  const email = `desk-${role}-${accounts}-${Math.random().toString(36).slice(2, 7)}@staff.test`;
  const user = await t.app.get(StaffService).create({ email, name, role, password: DESK_PASSWORD, clinicIds });
  const login = await t.http().post('/api/auth/login').send({ email, password: DESK_PASSWORD });
  if (login.status !== 200) throw new Error(`deskAccount: login answered ${login.status}`);
  return {
    id: user.id,
    email,
    password: DESK_PASSWORD,
    name,
    auth: { Authorization: `Bearer ${login.body.accessToken}` },
  };
}

export interface DeskEvent {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

/** A published event starting this many minutes from now (an hour long), through the API. */
export async function eventStartingIn(
  t: TestApp,
  auth: { Authorization: string },
  clinicSlug: string,
  minutes: number,
  fields: Record<string, unknown> = {},
): Promise<DeskEvent> {
  const starts = new Date(Date.now() + minutes * MINUTE);
  const body = {
    kind: 'seminar',
    title: 'Desk page test',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 60 * MINUTE).toISOString(),
    capacity: 3,
    ...fields,
  };
  const created = await t.http().post(`/api/clinics/${clinicSlug}/events`).set(auth).send(body);
  if (created.status !== 201) throw new Error(`eventStartingIn: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await t.http().post(`/api/events/${created.body.id}/publish`).set(auth);
  if (published.status !== 200) throw new Error(`eventStartingIn: publish answered ${published.status}`);
  return created.body as DeskEvent;
}

export interface Booked {
  id: string;
  code: string;
  email: string;
  status: 'confirmed' | 'waitlisted';
}

/** Reserves through the public API, as an attendee does. */
export async function book(t: TestApp, eventId: string, name: string, partySize = 1): Promise<Booked> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}-${Math.random().toString(36).slice(2, 6)}@example.org`;
  const answer = await t
    .http()
    .post(`/api/events/${eventId}/reservations`)
    .send({ name, email, partySize, consent: { privacyPolicy: true } });
  if (answer.status !== 201) throw new Error(`book: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { id: answer.body.reservationId, code: answer.body.confirmationCode, email, status: answer.body.status };
}

/** Moves an event so that it started a few minutes ago (an event cannot be published once started). */
export async function startedMinutesAgo(t: TestApp, eventId: string, minutes = 5): Promise<void> {
  await t.dataSource.query(
    `UPDATE events SET starts_at = now() - make_interval(mins => $2), registration_opens_at = now() - interval '1 day',
            registration_closes_at = now() - make_interval(mins => $2)
      WHERE id = $1`,
    [eventId, minutes],
  );
}

/** A back-office form post with the session's cookie and CSRF token. */
export function postForm(
  request: Test,
  session: { cookie: string; csrfToken: string },
  fields: Record<string, string> = {},
): Test {
  return request
    .set('Cookie', session.cookie)
    .type('form')
    .send({ _csrf: session.csrfToken, ...fields });
}

/** The text of the element with this id in a page, tags stripped and spaces collapsed (undefined when absent). */
export function textOf(html: string, id: string): string | undefined {
  const open = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>`).exec(html);
  if (!open) return undefined;
  const tag = open[1];
  const rest = html.slice(open.index + open[0].length);
  let depth = 1;
  const pattern = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  for (let match = pattern.exec(rest); match; match = pattern.exec(rest)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return plain(rest.slice(0, match.index));
  }
  return plain(rest);
}

function plain(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}
