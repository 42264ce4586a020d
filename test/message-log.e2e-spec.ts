import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { sampleClinic, signInNewUser, startTestApp, type SignedIn, type TestApp } from './support/test-app.js';

/** A port nothing listens on: every SMTP connection to it is refused. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a clinic's failed mail is visible to its staff", () => {
  let t: TestApp;
  let staff: SignedIn;
  let otherStaff: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({
      DISPATCHER_ENABLED: 'true',
      SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`,
      DISPATCHER_MAX_ATTEMPTS: '1',
      DISPATCHER_POLL_INTERVAL_MS: '50',
    });
    const admin = await signInNewUser(t, 'admin');
    const clinic = (
      await t
        .http()
        .post('/api/admin/clinics')
        .set(admin.auth)
        .send(sampleClinic({ slug: 'mailfail' }))
        .expect(201)
    ).body;
    const other = (
      await t
        .http()
        .post('/api/admin/clinics')
        .set(admin.auth)
        .send(sampleClinic({ slug: 'mailok' }))
        .expect(201)
    ).body;
    staff = await signInNewUser(t, 'staff', [clinic.id]);
    otherStaff = await signInNewUser(t, 'staff', [other.id]);
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const event = await t
      .http()
      .post('/api/clinics/mailfail/events')
      .set(staff.auth)
      .send({ kind: 'seminar', title: 'Unlucky mail', startsAt: `${day}T10:00`, endsAt: `${day}T11:00`, capacity: 5 })
      .expect(201);
    await t.http().post(`/api/events/${event.body.id}/publish`).set(staff.auth).expect(200);
    await t
      .http()
      .post(`/api/events/${event.body.id}/reservations`)
      .send({ name: 'Ana', email: 'ana@example.com', consent: { privacyPolicy: true } })
      .expect(201);
  });
  afterAll(() => t.close());

  it('lists the confirmation that could not be sent, with its error, after the retry limit', async () => {
    const failed = await until(async () => {
      const response = await t.http().get('/api/clinics/mailfail/messages?status=failed').set(staff.auth).expect(200);
      return response.body.length > 0 ? response.body : undefined;
    });
    expect(failed[0]).toMatchObject({
      kind: 'confirmation',
      status: 'failed',
      recipientEmail: 'ana@example.com',
      attempts: 1,
    });
    expect(failed[0].lastError).toMatch(/ECONNREFUSED|connect/i);
  });

  it("hides it from another clinic's staff and from anonymous callers", async () => {
    await t.http().get('/api/clinics/mailfail/messages').set(otherStaff.auth).expect(403);
    await t.http().get('/api/clinics/mailfail/messages').expect(401);
  });

  it('lets staff queue a failed message again, once', async () => {
    const [message] = (await t.http().get('/api/clinics/mailfail/messages?status=failed').set(staff.auth).expect(200))
      .body;
    const retried = await t
      .http()
      .post(`/api/clinics/mailfail/messages/${message.id}/retry`)
      .set(staff.auth)
      .expect(200);
    expect(retried.body).toMatchObject({ id: message.id, status: 'pending', attempts: 0 });
    const sentOrFailedAgain = await until(async () => {
      const [row] = await t.dataSource.query(`SELECT status FROM outbox_messages WHERE id = $1`, [message.id]);
      return row.status === 'pending' ? undefined : row.status;
    });
    expect(sentOrFailedAgain).toBe('failed');
    await t.http().post(`/api/clinics/mailok/messages/${message.id}/retry`).set(otherStaff.auth).expect(404);
  });
});
