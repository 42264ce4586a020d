import type { Response } from 'supertest';
import { StaffService } from '../../src/staff/staff.service.js';
import { signInPages, type PageSession } from './staff-session.js';
import type { TestApp } from './test-app.js';

/** Driving the admin pages over HTTP as a signed-in person: GET a page, POST a form with the session's CSRF token. */

export const PAGE_PASSWORD = 'correct horse battery staple';

export interface PagesUser {
  id: string;
  email: string;
  session: PageSession;
  /** GET with the session cookie (and a language, when given). */
  get(path: string, language?: string): Promise<Response>;
  /** POST a form (urlencoded, `_csrf` added) with the session cookie. */
  post(path: string, form?: Record<string, string | string[]>, language?: string): Promise<Response>;
}

let counter = 0;

/** A new account (through the service) signed in to the pages through the sign-in form. */
export async function signInToPages(t: TestApp, role: 'admin' | 'staff', clinicIds: string[] = []): Promise<PagesUser> {
  counter += 1;
  const email = `pages-${role}-${counter}-${Date.now()}@staff.test`;
  const user = await t.app
    .get(StaffService)
    .create({ email, name: `Pages ${role} ${counter}`, role, password: PAGE_PASSWORD, clinicIds });
  const session = await signInPages(t.app.getHttpServer(), email, PAGE_PASSWORD);
  return {
    id: user.id,
    email,
    session,
    get: (path, language = 'en') => t.http().get(path).set('Cookie', session.cookie).set('Accept-Language', language),
    post: (path, form = {}, language = 'en') =>
      t
        .http()
        .post(path)
        .set('Cookie', session.cookie)
        .set('Accept-Language', language)
        .type('form')
        .send({ _csrf: session.csrfToken, ...form }),
  };
}

/** A new clinic's form fields (valid), with a fresh slug. */
export function clinicForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  counter += 1;
  return {
    name: 'Clínica da Coluna',
    slug: `coluna-${counter}-${Math.random().toString(36).slice(2, 7)}`,
    timeZone: 'Europe/Lisbon',
    locale: 'pt-PT',
    phone: '+351 21 555 0199',
    organizerEmail: 'seminarios@coluna.example',
    addressLine1: 'Rua Augusta 120',
    addressLine2: '',
    city: 'Lisboa',
    postalCode: '1100-053',
    region: '',
    country: 'PT',
    embedOrigins: 'https://www.coluna.example',
    remindersMode: 'inherit',
    maxPartySize: '',
    waitlist: '',
    ...overrides,
  };
}

/** The local date (YYYY-MM-DD) this many days from now, in a zone. */
export function localDate(daysFromNow: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + daysFromNow * 86_400_000),
  );
}

/** A new event's form fields (a seminar, 18:00–19:30 local, a week from now). */
export function eventForm(
  clinicSlug: string,
  zone: string,
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  return {
    clinic: clinicSlug,
    kind: 'seminar',
    title: 'Viver bem com dor lombar',
    description: 'Exercícios e hábitos para uma coluna saudável.',
    venueName: 'Sala 2',
    joinUrl: '',
    capacity: '20',
    date: localDate(7, zone),
    startTime: '18:00',
    endTime: '19:30',
    remindersMode: 'inherit',
    maxPartySize: '',
    waitlist: '',
    ...overrides,
  };
}

/** The path a 303 sends the browser to. */
export function redirectOf(response: Response): string {
  if (response.status !== 303)
    throw new Error(`Expected a 303, got ${response.status}: ${response.text.slice(0, 500)}`);
  return String(response.headers.location);
}

/** The id in a redirect such as /admin/events/<uuid>?done=created. */
export function idIn(location: string, prefix: string): string {
  const match = new RegExp(`^${prefix}/([0-9a-f-]{36})`).exec(location);
  if (!match) throw new Error(`No id after ${prefix} in ${location}`);
  return match[1];
}
