import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditLog } from '../src/audit/audit-log.js';
import {
  attendee,
  createClinic,
  createEvent,
  createPublishedEvent,
  reserve,
  type ClinicBody,
} from './support/booking-fixtures.js';
import { auditRows, checkInDirectly, moveEventIntoPast, reservationStatuses } from './support/records-fixtures.js';
import { sampleClinic, signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/** Issue 8, records: every staff and admin change leaves one audit row, committed (or not) with the change. */
describe('audit log', () => {
  let t: TestApp;
  let admin: SignedIn;
  let staff: SignedIn;
  let clinic: ClinicBody;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInNewUser(t, 'admin');
    clinic = await createClinic(t, admin.auth);
    staff = await signInNewUser(t, 'staff', [clinic.id]);
  });
  afterAll(() => t.close());

  describe('each change writes one row with its actor and the fields before and after', () => {
    it('clinics: create, update, archive, restore (admin)', async () => {
      const body = sampleClinic({ slug: `audit-${Date.now()}` });
      const created = (await t.http().post('/api/admin/clinics').set(admin.auth).send(body).expect(201)).body;
      await t
        .http()
        .patch(`/api/admin/clinics/${body.slug}`)
        .set(admin.auth)
        .send({ name: 'Renamed Back Clinic' })
        .expect(200);
      await t.http().post(`/api/admin/clinics/${body.slug}/archive`).set(admin.auth).expect(200);
      await t.http().post(`/api/admin/clinics/${body.slug}/restore`).set(admin.auth).expect(200);

      const rows = await auditRows(t, { subjectId: created.id });
      expect(rows.map((row) => row.action)).toEqual([
        'clinic.created',
        'clinic.updated',
        'clinic.archived',
        'clinic.restored',
      ]);
      for (const row of rows)
        expect(row).toMatchObject({
          actor_id: admin.id,
          actor_role: 'admin',
          clinic_id: created.id,
          subject_type: 'clinic',
        });
      expect(rows[0].before).toBeNull();
      expect(rows[0].after).toMatchObject({ slug: body.slug, name: body.name, timeZone: 'America/Chicago' });
      expect(rows[1].before).toEqual({ name: body.name });
      expect(rows[1].after).toEqual({ name: 'Renamed Back Clinic' });
      expect(rows[2].before).toEqual({ archivedAt: null });
      expect(rows[2].after?.archivedAt).toEqual(expect.any(String));
      expect(rows[3].after).toEqual({ archivedAt: null });
    });

    it('staff accounts: create and update; a password change is noted, never stored', async () => {
      const email = `audited-${Date.now()}@staff.test`;
      const password = 'a long enough password 1';
      const created = (
        await t
          .http()
          .post('/api/admin/staff')
          .set(admin.auth)
          .send({ email, name: 'Audited Person', role: 'staff', password, clinicIds: [clinic.id] })
          .expect(201)
      ).body;
      await t
        .http()
        .patch(`/api/admin/staff/${created.id}`)
        .set(admin.auth)
        .send({ name: 'Audited Person II', password: 'another long password 2' })
        .expect(200);

      const rows = await auditRows(t, { subjectId: created.id });
      expect(rows.map((row) => row.action)).toEqual(['staff_user.created', 'staff_user.updated']);
      expect(rows[0]).toMatchObject({ actor_id: admin.id, subject_type: 'staff_user', before: null });
      expect(rows[0].after).toMatchObject({
        email,
        name: 'Audited Person',
        role: 'staff',
        clinicIds: [clinic.id],
        disabledAt: null,
      });
      expect(rows[1].before).toEqual({ name: 'Audited Person' });
      expect(rows[1].after).toEqual({ name: 'Audited Person II', passwordChanged: true });
      const text = JSON.stringify(rows);
      expect(text).not.toContain(password);
      expect(text).not.toContain('another long password');
      expect(text).not.toMatch(/argon2|passwordHash/);
    });

    it('staff invitations and the chain defaults (admin)', async () => {
      const email = `invited-${Date.now()}@staff.test`;
      const invited = await t
        .http()
        .post('/api/admin/staff/invitations')
        .set(admin.auth)
        .send({ email, name: 'Invited Person', role: 'staff', clinicIds: [clinic.id] });
      expect(invited.status).toBe(201);
      const [row] = await auditRows(t, { action: 'staff_user.invited' });
      expect(row).toMatchObject({ actor_id: admin.id, subject_type: 'staff_user', before: null });
      expect(row.after).toMatchObject({ email, name: 'Invited Person', role: 'staff', clinicIds: [clinic.id] });

      await t.http().put('/api/admin/settings').set(admin.auth).send({ maxPartySize: 4 }).expect(200);
      const [settings] = await auditRows(t, { action: 'chain_settings.updated' });
      expect(settings).toMatchObject({
        actor_id: admin.id,
        subject_type: 'chain_settings',
        before: { maxPartySize: null },
        after: { maxPartySize: 4 },
      });
    });

    it('events: create, edit, resize, publish, cancel (staff)', async () => {
      const event = await createEvent(t, staff.auth, clinic.slug, { capacity: 10, title: 'Before' });
      await t.http().patch(`/api/events/${event.id}`).set(staff.auth).send({ title: 'After' }).expect(200);
      await t.http().put(`/api/events/${event.id}/capacity`).set(staff.auth).send({ capacity: 12 }).expect(200);
      await t.http().post(`/api/events/${event.id}/publish`).set(staff.auth).expect(200);
      await t.http().post(`/api/events/${event.id}/cancel`).set(staff.auth).expect(200);

      const rows = await auditRows(t, { eventId: event.id });
      expect(rows.map((row) => row.action)).toEqual([
        'event.created',
        'event.updated',
        'event.capacity_changed',
        'event.published',
        'event.cancelled',
      ]);
      for (const row of rows)
        expect(row).toMatchObject({
          actor_id: staff.id,
          actor_role: 'staff',
          clinic_id: clinic.id,
          subject_type: 'event',
          subject_id: event.id,
        });
      expect(rows[0].after).toMatchObject({ title: 'Before', capacity: 10, status: 'draft' });
      expect(rows[1].before).toEqual({ title: 'Before' });
      expect(rows[1].after).toEqual({ title: 'After' });
      expect(rows[2].before).toEqual({ capacity: 10 });
      expect(rows[2].after).toEqual({ capacity: 12, promotedReservationIds: [] });
      expect(rows[3].before).toEqual({ status: 'draft' });
      expect(rows[3].after).toEqual({ status: 'published' });
      expect(rows[4].before).toMatchObject({ status: 'published' });
      expect(rows[4].after).toMatchObject({ status: 'cancelled', cancelledReservationIds: [] });
    });

    it('a resize that serves the waiting list names the promoted reservations', async () => {
      const event = await createPublishedEvent(t, staff.auth, clinic.slug, { capacity: 1 });
      await reserve(t, event.id).expect(201);
      const waiting = (await reserve(t, event.id).expect(201)).body;
      expect(waiting.status).toBe('waitlisted');
      await t.http().put(`/api/events/${event.id}/capacity`).set(staff.auth).send({ capacity: 2 }).expect(200);
      const [row] = await auditRows(t, { eventId: event.id, action: 'event.capacity_changed' });
      expect(row.after).toEqual({ capacity: 2, promotedReservationIds: [waiting.reservationId] });
    });

    it('completing an event records its no-shows; checked-in attendees stay confirmed', async () => {
      const event = await createPublishedEvent(t, staff.auth, clinic.slug);
      const came = (await reserve(t, event.id).expect(201)).body;
      const stayedAway = (await reserve(t, event.id, attendee({ partySize: 2 })).expect(201)).body;
      await checkInDirectly(t, came.reservationId);
      await moveEventIntoPast(t, event.id);
      await t.http().post(`/api/events/${event.id}/complete`).set(staff.auth).expect(200);

      expect(await reservationStatuses(t, event.id)).toEqual(
        new Map([
          [came.reservationId, 'confirmed'],
          [stayedAway.reservationId, 'no_show'],
        ]),
      );
      const rows = await auditRows(t, { eventId: event.id, action: 'event.completed' });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_id: staff.id, before: { status: 'published' } });
      expect(rows[0].after).toEqual({
        status: 'completed',
        noShows: 1,
        noShowReservationIds: [stayedAway.reservationId],
        noShowSeats: 2,
      });
    });

    it('recurring events: creating and cancelling a series', async () => {
      const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      const series = (
        await t
          .http()
          .post(`/api/clinics/${clinic.slug}/event-series`)
          .set(staff.auth)
          .send({
            event: {
              kind: 'seminar',
              title: 'Weekly back class',
              startsAt: `${day}T18:00`,
              endsAt: `${day}T19:00`,
              capacity: 8,
              venueName: 'Room 1',
            },
            recurrence: { rule: 'FREQ=WEEKLY;COUNT=3' },
            publish: true,
          })
          .expect(201)
      ).body;
      await t.http().post(`/api/event-series/${series.seriesId}/cancel`).set(staff.auth).expect(200);

      const [created] = await auditRows(t, { subjectId: series.seriesId });
      expect(created).toMatchObject({
        action: 'event_series.created',
        actor_id: staff.id,
        clinic_id: clinic.id,
        subject_type: 'event_series',
      });
      expect(created.after).toEqual({
        rule: 'FREQ=WEEKLY;COUNT=3',
        published: true,
        eventIds: series.events.map((event: { id: string }) => event.id),
      });
      for (const event of series.events as { id: string }[]) {
        expect(
          (await auditRows(t, { eventId: event.id, action: 'event.cancelled' })).map((row) => row.actor_id),
        ).toEqual([staff.id]);
      }
    });

    it('a staff cancellation of a reservation keeps ids, status and party size, not who the attendee is', async () => {
      const event = await createPublishedEvent(t, staff.auth, clinic.slug);
      const who = attendee({ name: 'Private Person', phone: '+351 912 345 678' });
      const reservation = (await reserve(t, event.id, who).expect(201)).body;
      await t
        .http()
        .post(`/api/events/${event.id}/reservations/${reservation.reservationId}/cancel`)
        .set(staff.auth)
        .expect(200);

      const rows = await auditRows(t, { subjectId: reservation.reservationId });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'reservation.cancelled',
        actor_id: staff.id,
        event_id: event.id,
        subject_type: 'reservation',
      });
      expect(rows[0].before).toMatchObject({ status: 'confirmed' });
      expect(rows[0].after).toMatchObject({ status: 'cancelled' });
      const text = JSON.stringify(await auditRows(t, { eventId: event.id }));
      expect(text).not.toContain(String(who.email));
      expect(text).not.toContain('Private Person');
    });

    it('erasing an attendee names the anonymised reservations, never the address', async () => {
      const event = await createPublishedEvent(t, staff.auth, clinic.slug);
      const who = attendee();
      const reservation = (await reserve(t, event.id, who).expect(201)).body;
      await t.http().post('/api/admin/attendees/erase').set(admin.auth).send({ email: who.email }).expect(200);

      const rows = await auditRows(t, { action: 'attendee.erased' });
      const row = rows.find((candidate) =>
        (candidate.after?.reservationIds as string[]).includes(reservation.reservationId),
      );
      expect(row).toMatchObject({
        actor_id: admin.id,
        actor_role: 'admin',
        subject_type: 'attendee',
        subject_id: null,
      });
      expect(row?.after).toEqual({ reservationsAnonymised: 1, reservationIds: [reservation.reservationId] });
      expect(JSON.stringify(rows)).not.toContain(String(who.email));
    });

    it('sending a failed message again', async () => {
      const event = await createPublishedEvent(t, staff.auth, clinic.slug);
      await reserve(t, event.id).expect(201);
      const [message] = await t.dataSource.query(
        `UPDATE outbox_messages SET status = 'failed', attempts = 8 WHERE event_id = $1 RETURNING id`,
        [event.id],
      );
      await t.http().post(`/api/clinics/${clinic.slug}/messages/${message[0].id}/retry`).set(staff.auth).expect(200);

      const rows = await auditRows(t, { subjectId: message[0].id });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'message.retried',
        actor_id: staff.id,
        clinic_id: clinic.id,
        event_id: event.id,
        subject_type: 'outbox_message',
      });
      expect(rows[0].before).toEqual({ status: 'failed', attempts: 8, kind: 'confirmation' });
      expect(rows[0].after).toEqual({ status: 'pending', attempts: 0, kind: 'confirmation' });
    });
  });

  describe('the audit row rolls back with a failed change', () => {
    it('a capacity change refused at commit, after its audit row was written, leaves neither', async () => {
      const event = await createPublishedEvent(t, staff.auth, clinic.slug, { capacity: 10 });
      // A check PostgreSQL runs at COMMIT (a deferred constraint trigger), so it fails after the service has
      // written the new capacity and the audit row inside the transaction.
      await t.dataSource.query(`
        CREATE OR REPLACE FUNCTION refuse_capacity_13() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.capacity = 13 THEN RAISE EXCEPTION 'capacity 13 refused at commit' USING ERRCODE = '23514'; END IF;
          RETURN NEW;
        END $$`);
      await t.dataSource.query(`
        CREATE CONSTRAINT TRIGGER refuse_capacity_13 AFTER UPDATE ON events
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_capacity_13()`);
      try {
        const refused = await t.http().put(`/api/events/${event.id}/capacity`).set(staff.auth).send({ capacity: 13 });
        expect(refused.status).toBe(409);
        expect(refused.body.code).toBe('CONSTRAINT_VIOLATED');
      } finally {
        await t.dataSource.query(`DROP TRIGGER refuse_capacity_13 ON events`);
        await t.dataSource.query(`DROP FUNCTION refuse_capacity_13()`);
      }
      const [{ capacity }] = await t.dataSource.query(`SELECT capacity FROM events WHERE id = $1`, [event.id]);
      expect(capacity).toBe(10);
      expect(await auditRows(t, { eventId: event.id, action: 'event.capacity_changed' })).toEqual([]);

      // The same change without the trap commits both.
      await t.http().put(`/api/events/${event.id}/capacity`).set(staff.auth).send({ capacity: 13 }).expect(200);
      expect(await auditRows(t, { eventId: event.id, action: 'event.capacity_changed' })).toHaveLength(1);
    });

    it('a transaction that fails after AuditLog.record leaves no row', async () => {
      const marker = '00000000-0000-4000-8000-00000000a0d1';
      await expect(
        t.dataSource.transaction(async (manager) => {
          await AuditLog.record(manager, {
            actor: null,
            action: 'event.updated',
            clinicId: null,
            subject: { type: 'event', id: marker },
            after: { title: 'x' },
          });
          expect(await auditRows(t, { subjectId: marker })).toEqual([]); // not visible outside before the commit
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await auditRows(t, { subjectId: marker })).toEqual([]);
    });

    it('refuses to write outside a transaction, where it could commit without its change', async () => {
      await expect(
        AuditLog.record(t.dataSource.manager, {
          actor: null,
          action: 'event.updated',
          clinicId: null,
          subject: { type: 'event', id: null },
        }),
      ).rejects.toThrow(/inside the caller's transaction/);
    });
  });

  describe('admins read it, filtered by clinic, event and person', () => {
    it('GET /api/admin/audit filters and pages, newest first', async () => {
      const other = await createClinic(t, admin.auth);
      const event = await createEvent(t, admin.auth, other.slug);
      await t.http().patch(`/api/events/${event.id}`).set(admin.auth).send({ title: 'Filtered' }).expect(200);

      const byClinic = (await t.http().get(`/api/admin/audit?clinic=${other.slug}`).set(admin.auth).expect(200)).body;
      expect(byClinic.items.map((item: { action: string }) => item.action)).toEqual([
        'event.updated',
        'event.created',
        'clinic.created',
      ]);
      expect(byClinic).toMatchObject({ page: 1, pageSize: 50, total: 3 });
      expect(byClinic.items[0]).toMatchObject({
        actor: { id: admin.id },
        actorRole: 'admin',
        clinicId: other.id,
        clinicSlug: other.slug,
        eventId: event.id,
        eventTitle: 'Filtered',
        subjectType: 'event',
        before: { title: event.title },
        after: { title: 'Filtered' },
      });

      const byEvent = (await t.http().get(`/api/admin/audit?event=${event.id}`).set(admin.auth).expect(200)).body;
      expect(byEvent.items.map((item: { action: string }) => item.action)).toEqual(['event.updated', 'event.created']);

      const byStaff = (await t.http().get(`/api/admin/audit?actor=${staff.id}`).set(admin.auth).expect(200)).body;
      expect(byStaff.total).toBeGreaterThan(0);
      expect(byStaff.items.every((item: { actor: { id: string } }) => item.actor.id === staff.id)).toBe(true);

      const empty = (
        await t.http().get(`/api/admin/audit?clinic=${other.slug}&actor=${staff.id}`).set(admin.auth).expect(200)
      ).body;
      expect(empty).toMatchObject({ items: [], total: 0 });
      const beyond = (await t.http().get(`/api/admin/audit?clinic=${other.slug}&page=2`).set(admin.auth).expect(200))
        .body;
      expect(beyond).toMatchObject({ items: [], total: 3, page: 2 });
    });

    it('is for admins only and answers bad filters with 4xx', async () => {
      await t.http().get('/api/admin/audit').expect(401);
      await t.http().get('/api/admin/audit').set(staff.auth).expect(403);
      expect((await t.http().get('/api/admin/audit?event=not-a-uuid').set(admin.auth).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      expect((await t.http().get('/api/admin/audit?page=0').set(admin.auth).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      expect((await t.http().get('/api/admin/audit?clinic=no-such-clinic').set(admin.auth).expect(404)).body.code).toBe(
        'NOT_FOUND',
      );
    });

    it('is documented in the OpenAPI document', async () => {
      const docs = (await t.http().get('/docs/openapi.json').expect(200)).body;
      expect(docs.paths['/api/admin/audit'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
        'actor',
        'clinic',
        'event',
        'page',
      ]);
    });
  });
});
