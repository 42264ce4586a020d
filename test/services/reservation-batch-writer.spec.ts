import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { OutboxService, type PreparedOutboxRow } from '../../src/notifications/outbox/outbox.service.js';
import { type NewReservationRow, ReservationBatchWriter } from '../../src/reservations/reservation-batch-writer.js';
import { createClinic, createPublishedEvent } from '../support/booking-fixtures.js';
import { sampleContext } from '../support/notification-fixtures.js';
import { signInNewUser, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The batch's one statement on real PostgreSQL: the payloads go in parts (each clinic, event and reservation
 * once) and come out of the table exactly as the messages were prepared.
 */
describe('ReservationBatchWriter.write', () => {
  let t: TestApp;
  let eventId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await signInNewUser(t, 'admin');
    const clinic = await createClinic(t, admin.auth);
    eventId = (await createPublishedEvent(t, admin.auth, clinic.slug, { capacity: 50 })).id;
  });
  afterAll(() => t.close());

  const newRow = (name: string): NewReservationRow => ({
    id: randomUUID(),
    name,
    email: `${randomUUID()}@example.org`,
    phone: null,
    partySize: 2,
    status: 'confirmed',
    confirmationCode: randomBytes(4).toString('hex').toUpperCase(),
    manageTokenHash: randomBytes(32).toString('hex'),
    manageTokenNonce: randomBytes(16).toString('hex'),
    source: 'web',
    consentReminders: true,
    consentMarketing: false,
  });

  it('stores every message payload whole, whatever the parts it was sent in', async () => {
    const outbox = t.app.get(OutboxService);
    const rows = [newRow('Zoë "Quotes" O\'Brien \\ back'), newRow('Ana Sá'), newRow('Li Wei')];
    const base = sampleContext();
    const messages: PreparedOutboxRow[] = rows.flatMap((row, i) => {
      const context = {
        ...base,
        // The last reservation's messages name another event: a part of their own.
        event: i === 2 ? { ...base.event, id: eventId, title: 'Another title\nwith a line break' } : base.event,
        reservation: { ...base.reservation, id: row.id, name: row.name, email: row.email },
        manageTokenNonce: row.manageTokenNonce,
      };
      return [
        outbox.prepare({ kind: 'confirmation', context }),
        outbox.prepare({ kind: 'reminder', context: { ...context, reminderOffsetMinutes: 1440 } }),
        outbox.prepare({ kind: 'reminder', context: { ...context, reminderOffsetMinutes: 60 } }),
        outbox.prepare({ kind: 'reconfirm', context: { ...context, reconfirmUrl: 'http://booking.test/r/x' } }),
      ];
    });

    const written = await t.dataSource.transaction(async (manager) => {
      const writer = t.app.get(ReservationBatchWriter);
      await writer.lock(
        manager,
        eventId,
        rows.map((row) => row.email),
      );
      return writer.write(manager, { eventId, seatsTaken: 6, acceptedAt: new Date(), reservations: rows, messages });
    });

    expect(written).toEqual(new Set(rows.map((row) => row.id)));
    const stored = (await t.dataSource.query(
      `SELECT message_id, kind, reservation_id, payload FROM outbox_messages WHERE reservation_id = ANY($1::uuid[])`,
      [rows.map((row) => row.id)],
    )) as { message_id: string; kind: string; reservation_id: string; payload: unknown }[];
    expect(stored).toHaveLength(messages.length);
    const byMessageId = new Map(stored.map((row) => [row.message_id, row]));
    for (const message of messages) {
      const row = byMessageId.get(message.messageId);
      expect(row).toMatchObject({ kind: message.kind, reservation_id: message.reservationId });
      expect(row?.payload).toEqual(JSON.parse(JSON.stringify(message.payload)));
    }
  });
});
