/**
 * A small JSON client over keep-alive HTTP for the set-up steps of the benches (the load itself goes through
 * autocannon, see load.ts), and the set-up a bench needs: an admin, a clinic and published events, made
 * through the API like a real user. Drawn from bench/reservations-race.ts.
 */
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type pg from 'pg';
import { StaffService } from '../../src/staff/staff.service.js';

export interface Answer {
  status: number; // 0: no answer in time, or a socket error
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

export type Send = (method: string, route: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

export function apiClient(baseUrl: string, timeoutMs = 30_000): { send: Send; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const send: Send = (method, route, body, headers = {}) => {
    const started = performance.now();
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve) => {
      const done = (status: number, parsed: unknown) =>
        resolve({ status, body: parsed, ms: performance.now() - started });
      const req = http.request(
        new URL(route, baseUrl),
        { method, agent, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              done(res.statusCode ?? 0, text ? JSON.parse(text) : undefined);
            } catch {
              done(res.statusCode ?? 0, text);
            }
          });
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
      req.on('error', (error) => done(0, error.message));
      if (payload) req.write(payload);
      req.end();
    });
  };
  return { send, close: () => agent.destroy() };
}

export interface BenchClinic {
  send: Send;
  auth: Record<string, string>;
  clinicId: string;
  clinicSlug: string;
}

/** An admin (made through the service: the first admin has nobody to invite them) and a clinic. */
export async function createBenchClinic(app: INestApplication, send: Send): Promise<BenchClinic> {
  const stamp = `${Date.now()}-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const email = `bench-admin-${stamp}@bench.local`;
  await app.get(StaffService).create({ email, name: 'Bench admin', role: 'admin', password, clinicIds: [] });
  const login = await send('POST', '/api/auth/login', { email, password });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const auth = { authorization: `Bearer ${login.body.accessToken}` };
  const clinic = await send(
    'POST',
    '/api/admin/clinics',
    {
      name: 'Bench Clinic',
      slug: `bench-${stamp}`,
      address: { line1: '1 Bench Street', city: 'Chicago', postalCode: '60601', region: 'IL', country: 'US' },
      timeZone: 'America/Chicago',
      phone: '+1 312 555 0100',
      organizerEmail: 'bench@bench.local',
    },
    auth,
  );
  if (clinic.status !== 201) throw new Error(`clinic: ${clinic.status} ${JSON.stringify(clinic.body)}`);
  return { send, auth, clinicId: clinic.body.id, clinicSlug: clinic.body.slug };
}

export interface EventShape {
  title: string;
  seats: number;
  waitlist: boolean;
  maxPartySize?: number;
}

/** A published seminar a week from now; returns its id. */
export async function createPublishedEvent(
  { send, auth, clinicSlug }: BenchClinic,
  shape: EventShape,
): Promise<string> {
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const created = await send(
    'POST',
    `/api/clinics/${clinicSlug}/events`,
    {
      kind: 'seminar',
      title: shape.title,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      // The API allows at most 10,000 seats; a hot event with more is raised in SQL (withSeats).
      capacity: Math.min(shape.seats, 10_000),
      maxPartySize: shape.maxPartySize ?? 1,
      waitlistEnabled: shape.waitlist,
    },
    auth,
  );
  if (created.status !== 201) throw new Error(`event: ${created.status} ${JSON.stringify(created.body)}`);
  const eventId: string = created.body.id;
  const published = await send('POST', `/api/events/${eventId}/publish`, undefined, auth);
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return eventId;
}

/**
 * "Ample seats" for a throughput run means more than the API's 10,000: a run at the database's speed books
 * tens of thousands in a few seconds. The bench owns this database, so it writes the capacity directly.
 */
export async function withSeats(db: pg.Client, eventId: string, capacity: number): Promise<void> {
  await db.query('UPDATE events SET capacity = $2 WHERE id = $1', [eventId, capacity]);
}

/** The body of one public reservation; `i` makes the e-mail unique within the run stamped `stamp`. */
export function reservationBody(stamp: string, i: number): string {
  return JSON.stringify({
    name: `Bench attendee ${i}`,
    email: `a${i}-${stamp}@bench.local`,
    consent: { privacyPolicy: true },
  });
}
