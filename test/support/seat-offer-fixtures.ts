import { expect } from '@jest/globals';
import request from 'supertest';
import { seatLedger } from './booking-fixtures.js';
import { readMail, type Mail } from './booking-mail-reader.js';
import { hiddenField } from './page-forms.js';
import type { SmtpSink } from './smtp-sink.js';
import type { TestApp } from './test-app.js';

/** A person booked through the API: their reservation, manage token and address. */
export interface Booked {
  id: string;
  manageToken: string;
  email: string;
}

/** A full event: those holding its seats, and the waiting list in queue order. */
export interface Queue {
  eventId: string;
  holders: Booked[];
  queue: Booked[];
}

/** The statuses of these reservations, in the order given. */
export async function statusesOf(t: TestApp, people: { id: string }[]): Promise<string[]> {
  const rows = (await t.dataSource.query(`SELECT id, status FROM reservations WHERE id = ANY($1::uuid[])`, [
    people.map((person) => person.id),
  ])) as { id: string; status: string }[];
  const byId = new Map(rows.map((row) => [row.id, row.status]));
  return people.map((person) => byId.get(person.id) ?? 'missing');
}

/** Opens an offer link's page in a browser (its CSRF cookie kept), as the link in the e-mail does. */
export async function openOfferPage(t: TestApp, token: string) {
  const agent = request.agent(t.app.getHttpServer());
  const page = await agent.get(`/offer/${token}`).expect(200);
  return { agent, token, csrf: hiddenField(page.text, '_csrf') };
}

/** Presses one of the page's buttons (again, if the form is still on screen); returns the page it leads to. */
export async function pressOn(opened: Awaited<ReturnType<typeof openOfferPage>>, button: 'accept' | 'decline') {
  const { agent, token, csrf } = opened;
  const answer = await agent.post(`/offer/${token}/${button}`).type('form').send({ _csrf: csrf });
  expect(answer.status).toBe(303);
  expect(answer.headers.location).toBe(`/offer/${token}`);
  return agent.get(`/offer/${token}`).expect(200);
}

/** The kinds of the reservation's messages (dropped ones left out), in the order written. */
export async function outboxKindsOf(t: TestApp, reservationId: string): Promise<string[]> {
  const rows = (await t.dataSource.query(
    `SELECT kind FROM outbox_messages WHERE reservation_id = $1 AND status <> 'cancelled' ORDER BY created_at, id`,
    [reservationId],
  )) as { kind: string }[];
  return rows.map((row) => row.kind);
}

/** Offer messages written while the Clock was moved are due then; the dispatcher sends them now. */
export async function offerMailsDueNow(t: TestApp, reservationId: string): Promise<void> {
  await t.dataSource.query(
    `UPDATE outbox_messages SET due_at = now() WHERE reservation_id = $1 AND status = 'pending' AND due_at > now()
        AND kind IN ('seat-offer', 'offer-lapsed')`,
    [reservationId],
  );
}

/** The counter equals the seats confirmed and offered reservations hold, within the bookable seats. */
export async function expectSeatLedgerRight(t: TestApp, eventId: string): Promise<void> {
  const ledger = await seatLedger(t, eventId);
  expect(ledger.confirmed_seats).toBe(ledger.confirmed_sum);
  expect(ledger.confirmed_seats).toBeLessThanOrEqual(ledger.bookable);
}

/** Waits (bounded) until `count` e-mails have reached `address`, and reads them. */
export async function mailsReaching(sink: SmtpSink, address: string, count: number): Promise<Mail[]> {
  const to = () => sink.received.filter((mail) => mail.recipients.includes(address));
  await sink.waitUntil(`${count} e-mail(s) reach ${address}`, () => to().length >= count, 10_000);
  return Promise.all(to().map(readMail));
}

/** The offer link's token, from the 'seat-offer' e-mail the person received. */
export async function offerTokenIn(sink: SmtpSink, address: string): Promise<string> {
  const offer = (await mailsReaching(sink, address, 2)).find((mail) => /\/offer\//.test(mail.text));
  expect(offer).toBeDefined();
  const link = /http:\/\/booking\.test\/offer\/([A-Za-z0-9_-]+)/.exec(offer!.text);
  expect(link).not.toBeNull();
  return link![1]!;
}
