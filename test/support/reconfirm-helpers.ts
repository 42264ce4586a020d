import { expect } from '@jest/globals';
import { ReservationLinks } from '../../src/common/crypto/reservation-links.js';
import request from 'supertest';
import {
  attendee,
  createPublishedEvent,
  fromNow,
  reserve,
  seatLedger,
  type StaffEventBody,
} from './booking-fixtures.js';
import { readMail, type Mail } from './booking-mail-reader.js';
import { hiddenField } from './page-forms.js';
import { SmtpSink } from './smtp-sink.js';
import { signInNewUser, startTestApp, type SignedIn, type TestApp } from './test-app.js';
import { createClinic, listen, type ClinicBody } from './booking-fixtures.js';

const MINUTE = 60_000;
const MAIL_TIMEOUT_MS = 15_000;

export interface Booked {
  reservationId: string;
  email: string;
  manageToken: string;
  status: string;
}

export interface ReconfirmContext {
  t: TestApp;
  sink: SmtpSink;
  /** The app listening on a real port (listen()). */
  baseUrl: string;
  auth: { Authorization: string };
  clinicSlug: string;
}

/** Issue 9's suite helpers, bound to one app, SMTP sink and clinic: events, bookings, outbox rows, the answer page. */
export function reconfirmHelpers({ t, sink, baseUrl, auth, clinicSlug }: ReconfirmContext) {
  /** A published event starting `hoursAhead` from now, 90 minutes long. */
  function eventIn(hoursAhead: number, overrides: Record<string, unknown> = {}): Promise<StaffEventBody> {
    const startsAt = fromNow({ hours: hoursAhead });
    const endsAt = new Date(Date.parse(startsAt) + 90 * MINUTE).toISOString();
    return createPublishedEvent(t, auth, clinicSlug, { startsAt, endsAt, ...overrides });
  }

  async function book(eventId: string, overrides: Record<string, unknown> = {}): Promise<Booked> {
    const body = attendee(overrides) as { email: string };
    const response = await reserve(t, eventId, body).expect(201);
    return {
      reservationId: response.body.reservationId,
      email: body.email,
      manageToken: response.body.manageToken,
      status: response.body.status,
    };
  }

  async function outboxOf(reservationId: string, kind: string) {
    return (await t.dataSource.query(
      `SELECT kind, status, due_at, reminder_offset_minutes FROM outbox_messages
        WHERE reservation_id = $1 AND kind = $2 ORDER BY created_at, id`,
      [reservationId, kind],
    )) as { kind: string; status: string; due_at: Date; reminder_offset_minutes: number | null }[];
  }

  async function reservationRow(id: string) {
    const [row] = (await t.dataSource.query(
      `SELECT status, reconfirmed_at, released_at, cancelled_at, updated_at FROM reservations WHERE id = $1`,
      [id],
    )) as {
      status: string;
      reconfirmed_at: Date | null;
      released_at: Date | null;
      cancelled_at: Date | null;
      updated_at: Date;
    }[];
    return row!;
  }

  /** Makes a reservation's pending messages of these kinds due now. */
  async function makeDue(reservationIds: string[], kinds: string[]): Promise<void> {
    await t.dataSource.query(
      `UPDATE outbox_messages SET due_at = now()
        WHERE reservation_id = ANY($1::uuid[]) AND kind = ANY($2::text[]) AND status = 'pending'`,
      [reservationIds, kinds],
    );
  }

  async function waitSent(reservationIds: string[], kind: string): Promise<void> {
    await sink.waitUntil(
      `${kind} sent to ${reservationIds.length}`,
      async () => {
        const [row] = (await t.dataSource.query(
          `SELECT count(*)::int AS busy FROM outbox_messages
            WHERE reservation_id = ANY($1::uuid[]) AND kind = $2 AND status = 'pending' AND due_at <= now()`,
          [reservationIds, kind],
        )) as { busy: number }[];
        return row!.busy === 0;
      },
      MAIL_TIMEOUT_MS,
    );
  }

  async function mailsTo(address: string, count: number): Promise<Mail[]> {
    const of = () => sink.received.filter((mail) => mail.recipients.includes(address));
    await sink.waitUntil(`${count} e-mail(s) reach ${address}`, () => of().length >= count, MAIL_TIMEOUT_MS);
    return Promise.all(of().map(readMail));
  }

  /** The reconfirm mail's two links: the answer page with ?answer=yes and ?answer=no, one token. */
  function answerLinks(mail: Mail): { yes: URL; no: URL; token: string } {
    const links = [...mail.text.matchAll(/http:\/\/booking\.test\/reconfirm\/([A-Za-z0-9_-]+)\?answer=(yes|no)/g)];
    const yes = links.find((link) => link[2] === 'yes');
    const no = links.find((link) => link[2] === 'no');
    expect(yes && no).toBeTruthy();
    expect(yes![1]).toBe(no![1]);
    return { yes: new URL(yes![0]), no: new URL(no![0]), token: yes![1]! };
  }

  /** The token of a reservation's reconfirm link, from its question e-mail (made due now and sent). */
  async function reconfirmToken(booked: Booked): Promise<string> {
    await makeDue([booked.reservationId], ['reconfirm']);
    const mails = await mailsTo(booked.email, 2);
    const question = mails.find((mail) => /Still coming\?|Ainda vem\?/.test(mail.subject));
    expect(question).toBeDefined();
    return answerLinks(question!).token;
  }

  /** Opens the answer page as a browser does (keeping the CSRF cookie) and presses one button. */
  async function answer(token: string, which: 'yes' | 'no') {
    const browser = request.agent(baseUrl);
    const page = await browser.get(`/reconfirm/${token}`).expect(200);
    const posted = await browser
      .post(`/reconfirm/${token}/${which}`)
      .type('form')
      .send({ _csrf: hiddenField(page.text, '_csrf') });
    const after = posted.status === 303 ? await browser.get(posted.headers.location!) : undefined;
    return { posted, after };
  }

  function expectLedgerRight(ledger: Awaited<ReturnType<typeof seatLedger>>) {
    expect(ledger.confirmed_seats).toBe(ledger.confirmed_sum);
    expect(ledger.confirmed_seats).toBeLessThanOrEqual(ledger.bookable);
  }

  return {
    eventIn,
    book,
    outboxOf,
    reservationRow,
    makeDue,
    waitSent,
    mailsTo,
    answerLinks,
    reconfirmToken,
    answer,
    expectLedgerRight,
  };
}

export type ReconfirmHelpers = ReturnType<typeof reconfirmHelpers>;

export interface ReconfirmSuite extends ReconfirmContext {
  admin: SignedIn;
  clinic: ClinicBody;
  h: ReconfirmHelpers;
  close(): Promise<void>;
}

/** The app with its dispatcher sending to an SMTP sink, listening on a port, an admin and a clinic. */
export async function startReconfirmSuite(): Promise<ReconfirmSuite> {
  const sink = await SmtpSink.start();
  const t = await startTestApp({
    DISPATCHER_ENABLED: 'true',
    SMTP_URL: sink.url,
    DISPATCHER_POLL_INTERVAL_MS: '50',
    DISPATCHER_BACKOFF_BASE_MS: '100',
    DISPATCHER_BACKOFF_MAX_MS: '1000',
    MAIL_FROM: 'Clinic Seminars <no-reply@seminars.test>',
  });
  const baseUrl = await listen(t);
  const admin = await signInNewUser(t, 'admin');
  const clinic = await createClinic(t, admin.auth);
  const context = { t, sink, baseUrl, auth: admin.auth, clinicSlug: clinic.slug };
  return {
    ...context,
    admin,
    clinic,
    h: reconfirmHelpers(context),
    close: async () => {
      await t.close();
      await sink.close();
    },
  };
}

/** The path of a reservation's "still coming?" page (issue 9), derived by the app's own ReservationLinks. */
export async function reconfirmPathOf(t: TestApp, reservationId: string): Promise<string> {
  const [row] = (await t.dataSource.query(`SELECT manage_token_nonce FROM reservations WHERE id = $1`, [
    reservationId,
  ])) as { manage_token_nonce: string }[];
  if (!row) throw new Error(`reconfirmPathOf: no reservation ${reservationId}`);
  return new URL(t.app.get(ReservationLinks).urlFor('reconfirm', reservationId, row.manage_token_nonce)).pathname;
}
